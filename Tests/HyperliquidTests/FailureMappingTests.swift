import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Envelope errors, nonces, networks, HTTP failures and malformed replies, each mapped to the contract
/// with the venue's text kept — and never a definite rejection when the action may have been executed.
@Suite struct FailureMappingTests {
    @Test func wrongNetworkSignsAsAnUnknownWallet() async throws {
        let wallet = try Wallet.random()
        // The plugin signs for mainnet (source "a"); this venue is testnet (source "b").
        let harness = try await Harness(key: wallet.privateKey, mainnet: false) { standardVenue($0, user: wallet.address) }
        let outcome = await harness.instance.placeOrder(.limit("gw-net", "ETH", quantity: "0.1", price: "1700"))
        await harness.shutdown()
        let record = try #require(harness.emulator.exchangeRecords.first)
        #expect(record.signer != wallet.address, "a different, random-looking address is recovered")
        #expect(outcome.failure?.status == .auth)
        #expect(outcome.failure?.message.contains("User or API Wallet \(record.signer ?? "?") does not exist.") == true)
    }

    @Test func testnetSettingSignsWithSourceB() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey, settings: ["testnet": "true"], mainnet: false) {
            standardVenue($0, user: wallet.address)
        }
        let outcome = await harness.instance.placeOrder(.limit("gw-tn", "ETH", quantity: "0.1", price: "1700"))
        await harness.shutdown()
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        #expect(harness.emulator.exchangeRecords.first?.signer == wallet.address)
    }

    @Test func nonceOutsideTheVenueWindowIsClockSkew() async throws {
        let wallet = try Wallet.random()
        // The host clock is three days behind the venue's block time.
        let harness = try await Harness(key: wallet.privateKey, venueSkewMs: 3 * 86_400_000) { standardVenue($0, user: wallet.address) }
        let outcome = await harness.instance.placeOrder(.limit("gw-old", "ETH", quantity: "0.1", price: "1700"))
        await harness.shutdown()
        #expect(outcome.failure?.status == .clockSkew && outcome.failure?.retryable == true)
        #expect(outcome.failure?.message.contains("Invalid nonce") == true, "\(outcome.failure?.message ?? "")")
    }

    @Test func twoInstancesSharingAKeyNeverReuseANonce() async throws {
        let wallet = try Wallet.random()
        let first = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        let second = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        async let a = first.instance.placeOrder(.limit("gw-s1", "ETH", quantity: "0.1", price: "1700"))
        async let b = second.instance.placeOrder(.limit("gw-s2", "ETH", quantity: "0.1", price: "1700"))
        let outcomes = await [a, b]
        let nonces = (first.emulator.exchangeRecords + second.emulator.exchangeRecords).compactMap(\.nonce)
        await first.shutdown()
        await second.shutdown()
        #expect(outcomes.allSatisfy { $0.failure == nil })
        #expect(Set(nonces).count == 2, "one nonce sequence per signer in the process: \(nonces)")
    }

    @Test func expiredActionIsClockSkew() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey, settings: ["expires_after_ms": "1000"], venueSkewMs: 5000) {
            standardVenue($0, user: wallet.address)
        }
        let outcome = await harness.instance.placeOrder(.limit("gw-exp", "ETH", quantity: "0.1", price: "1700"))
        await harness.shutdown()
        #expect(outcome.failure?.status == .clockSkew && outcome.failure?.message.contains("expired") == true)
        #expect(harness.exchangeBodies.first?.contains(#""expiresAfter": 1700000001000"#) == true)
    }

    @Test func httpFailuresOfActions() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        _ = await harness.instance.openOrders()  // loads meta before the injected replies
        let e = harness.emulator
        e.inject(path: "/exchange", status: 429, body: "Too many requests", headers: [("retry-after", "2")])
        let limited = await harness.instance.placeOrder(.limit("h1", "ETH", quantity: "0.1", price: "1700"))
        e.inject(path: "/exchange", status: 500, body: "internal error")
        let unknown = await harness.instance.placeOrder(.limit("h2", "ETH", quantity: "0.1", price: "1700"))
        e.inject(path: "/exchange", status: 422, body: "Failed to deserialize the JSON body into the target type")
        let deserialize = await harness.instance.placeOrder(.limit("h3", "ETH", quantity: "0.1", price: "1700"))
        e.inject(path: "/exchange", status: 200, body: "<html>maintenance</html>")
        let malformed = await harness.instance.placeOrder(.limit("h4", "ETH", quantity: "0.1", price: "1700"))
        e.inject(path: "/exchange", status: 200, body: #"{"status":"err","response":"Too many cumulative requests sent (10001 > 10000) for cumulative volume traded $1.0. Place taker orders to free up 1 request per USDC traded."}"#)
        let addressLimit = await harness.instance.placeOrder(.limit("h5", "ETH", quantity: "0.1", price: "1700"))
        e.inject(path: "/exchange", status: 200, body: #"{"status":"ok","response":{"type":"order","data":{"statuses":[]}}}"#)
        let noStatus = await harness.instance.placeOrder(.limit("h6", "ETH", quantity: "0.1", price: "1700"))
        e.inject(path: "/exchange", status: 200, body: #"{"status":"ok","response":{"type":"cancel","data":{"statuses":[{"error":"Order was never placed, already canceled, or filled. asset=1"}]}}}"#)
        let cancel = await harness.instance.cancelOrder(VenueOrderRef(market: "ETH", venueOrderId: "1"))
        await harness.shutdown()

        #expect(limited.failure?.status == .rateLimited && limited.failure?.retryAfterMs == 2000 && limited.failure?.retryable == true)
        #expect(unknown.failure?.status == .outcomeUnknown && unknown.failure?.message.contains("internal error") == true)
        #expect(deserialize.failure?.status == .internalError && deserialize.failure?.message.contains("Failed to deserialize") == true)
        #expect(malformed.failure?.status == .internalError && malformed.failure?.message.contains("<html>maintenance</html>") == true)
        #expect(addressLimit.failure?.status == .rateLimited && addressLimit.failure?.message.contains("Too many cumulative requests") == true)
        #expect(noStatus.failure?.status == .internalError)
        #expect(cancel.failure?.status == .notFound)
    }

    @Test func httpFailuresOfReads() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        let e = harness.emulator
        e.inject(path: "/info", status: 503, body: "upstream down")
        let unavailable = await harness.instance.positions()
        e.inject(path: "/info", status: 200, body: #"{"assetPositions":"nope"}"#)
        let malformed = await harness.instance.positions()
        e.inject(path: "/info", status: 200, body: #"{"assetPositions":[],"marginSummary":{"accountValue":"1e5"},"withdrawable":"1"}"#)
        let badNumber = await harness.instance.balances()
        e.inject(path: "/info", status: 200, body: #"[{"coin":"ETH","side":"X","limitPx":"1","sz":"1","oid":1}]"#)
        let badSide = await harness.instance.openOrders()
        await harness.shutdown()
        #expect(unavailable.failure?.status == .venueUnavailable && unavailable.failure?.retryable == true)
        #expect(malformed.failure?.status == .internalError && malformed.failure?.message.contains(#"{"assetPositions":"nope"}"#) == true)
        #expect(badNumber.failure?.status == .internalError && badNumber.failure?.message.contains("accountValue") == true)
        #expect(badSide.failure?.status == .internalError && badSide.failure?.message.contains("side 'X'") == true)
    }

    @Test func transportFailuresPassTheHostsVerdictThrough() async throws {
        let wallet = try Wallet.random()
        // The host says an /exchange request may have been written before the connection dropped,
        // and that /info could not connect at all.
        let harness = try await Harness(key: wallet.privateKey, intercept: Intercept { request in
            if request.url.hasSuffix("/exchange") { return .failure(.outcomeUnknown, "connection reset after the request was written") }
            if request.body.count > 0, String(decoding: request.body, as: UTF8.self).contains("clearinghouseState") {
                return .failure(.venueUnavailable, "connection refused")
            }
            return nil
        }) { standardVenue($0, user: wallet.address) }
        let placed = await harness.instance.placeOrder(.limit("gw-t", "ETH", quantity: "0.1", price: "1700"))
        let cancel = await harness.instance.cancelOrder(VenueOrderRef(market: "ETH", venueOrderId: "1"))
        let positions = await harness.instance.positions()
        await harness.shutdown()
        #expect(placed.failure?.status == .outcomeUnknown && placed.failure?.retryable == false, "\(placed.failure?.description ?? "")")
        #expect(placed.failure?.message.contains("connection reset after the request was written") == true)
        #expect(cancel.failure?.status == .outcomeUnknown)
        #expect(positions.failure?.status == .venueUnavailable && positions.failure?.message.contains("connection refused") == true)
    }
}
