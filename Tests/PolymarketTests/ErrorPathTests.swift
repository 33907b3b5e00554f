import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Local refusals (named, nothing sent) and venue errors mapped to the contract's codes with the venue's words.
@Suite struct ErrorPathTests {
    @Test func offGridPricesAreRefusedLocallyAndNamed() async throws {
        let harness = try await PolymarketHarness()
        let offGrid = await harness.instance.placeOrder(limitOrder("gw-tick-1", price: "0.455"))
        let outOfRange = await harness.instance.placeOrder(limitOrder("gw-tick-2", price: "0.995"))
        await harness.shutdown()
        #expect(offGrid.failure?.status == .invalidOrder)
        #expect(offGrid.failure?.venueCode == "tick_size")
        #expect(offGrid.failure?.message.contains("multiple of 0.01") == true)
        #expect(outOfRange.failure?.status == .invalidOrder)
        #expect(harness.requests("POST", "/order").isEmpty)
    }

    @Test func ordersBelowTheMarketsMinimumSizeAreRefusedLocally() async throws {
        let harness = try await PolymarketHarness()
        let small = await harness.instance.placeOrder(limitOrder("gw-min-1", quantity: "4.99", price: "0.45"))
        let cents = await harness.instance.placeOrder(limitOrder("gw-min-2", quantity: "10.001", price: "0.45"))
        let tinyMarketBuy = await harness.instance.placeOrder(marketOrder("gw-min-3", quantity: "1", bound: "0.62"))
        await harness.shutdown()
        #expect(small.failure?.status == .invalidOrder)
        #expect(small.failure?.venueCode == "min_order_size")
        #expect(small.failure?.message.contains("minimum order size of 5 shares") == true)
        #expect(cents.failure?.venueCode == "size_step")
        #expect(tinyMarketBuy.failure?.venueCode == "min_order_size")
        #expect(harness.requests("POST", "/order").isEmpty)
    }

    @Test func badOrdersAreRefusedWithTheRuleNamed() async throws {
        let harness = try await PolymarketHarness()
        let cases: [(VenueOrder, String)] = [
            (limitOrder("gw-bad-1", market: "BTCUSDT"), "not a Polymarket market id"),
            (limitOrder("gw-bad-2", market: TestWallets.conditionA), "add ':0' or ':1'"),
            (limitOrder("gw-bad-3", outcome: GW_OUTCOME_YES, flags: UInt32(GW_ORDER_FLAG_REDUCE_ONLY)), "reduce-only BUY"),
            (limitOrder("gw-bad-4", tif: GW_TIF_IOC, flags: UInt32(GW_ORDER_FLAG_POST_ONLY)), "post-only"),
            (limitOrder("gw-bad-5", quantity: "-1"), "quantity"),
            (limitOrder("gw-bad-6", price: ""), "needs limit_price"),
            (limitOrder("gw-bad-7", tif: GW_TIF_GTD), "expire_at_unix_ms"),
        ]
        for (order, text) in cases {
            var order = order
            if order.clientOrderId == "gw-bad-2" { order.outcome = GW_OUTCOME_NONE }
            let outcome = await harness.instance.placeOrder(order)
            #expect(outcome.failure?.status == .invalidOrder, "\(order.clientOrderId)")
            #expect(outcome.failure?.message.contains(text) == true, "\(order.clientOrderId): \(outcome.failure?.message ?? "")")
        }
        let sellReduce = await harness.instance.placeOrder(limitOrder("gw-bad-8", side: GW_SIDE_SELL, price: "0.45",
                                                                      flags: UInt32(GW_ORDER_FLAG_REDUCE_ONLY)))
        await harness.shutdown()
        #expect(sellReduce.failure == nil, "a SELL is reduce-only by nature: \(sellReduce.failure?.description ?? "")")
        #expect(harness.requests("POST", "/order").count == 1)
    }

    @Test func duplicateClientOrderIdsAreRefused() async throws {
        let harness = try await PolymarketHarness()
        _ = await harness.instance.placeOrder(limitOrder("gw-dup-1", price: "0.45"))
        let again = await harness.instance.placeOrder(limitOrder("gw-dup-1", price: "0.45"))
        await harness.shutdown()
        #expect(again.failure?.status == .invalidOrder)
        #expect(again.failure?.venueCode == "duplicate_client_order_id")
    }

    @Test func venueRefusalsKeepTheVenuesText() async throws {
        let harness = try await PolymarketHarness(balance: "2")
        let poor = await harness.instance.placeOrder(limitOrder("gw-err-1", quantity: "10", price: "0.45"))
        #expect(poor.failure?.status == .insufficientBalance)
        #expect(poor.failure?.message.contains("not enough balance / allowance") == true)
        #expect(poor.failure?.venueCode == "400")
        harness.emulator.forceNextReply("POST", "/order", status: 200,
                                        body: #"{"success":false,"errorMsg":"the market is not yet ready to process new orders","orderID":"","status":""}"#)
        let notReady = await harness.instance.placeOrder(limitOrder("gw-err-3", quantity: "5", price: "0.1"))
        #expect(notReady.failure?.status == .venueRejected)
        #expect(notReady.failure?.message.contains("not yet ready") == true)
        harness.emulator.forceNextReply("POST", "/order", status: 400, body: #"{"error":"invalid signature"}"#)
        let badSig = await harness.instance.placeOrder(limitOrder("gw-err-4", quantity: "5", price: "0.1"))
        #expect(badSig.failure?.status == .auth)
        await harness.shutdown()
    }

    @Test func postOnlyOrdersThatWouldCrossAreRefusedByTheVenue() async throws {
        let harness = try await PolymarketHarness()
        let crossing = await harness.instance.placeOrder(limitOrder("gw-po-1", quantity: "10", price: "0.60", flags: UInt32(GW_ORDER_FLAG_POST_ONLY)))
        await harness.shutdown()
        #expect(crossing.failure?.status == .invalidOrder)
        #expect(crossing.failure?.message.contains("invalid post-only order: order crosses book") == true)
        #expect(harness.requests("POST", "/order").first?.bodyText.hasSuffix("\"postOnly\":true}") == true)
    }

    @Test func aServerErrorOnPlacementLeavesTheOutcomeUnknownAndTheOrderQueryable() async throws {
        let harness = try await PolymarketHarness()
        harness.emulator.forceNextReply("POST", "/order", status: 502, body: "<html>Bad Gateway</html>")
        let placed = await harness.instance.placeOrder(limitOrder("gw-unknown-1", price: "0.45"))
        #expect(placed.failure?.status == .outcomeUnknown)
        #expect(placed.failure?.message.contains("Bad Gateway") == true)
        // The order id (the EIP-712 digest) was known before sending: the plugin asks the venue about it.
        let digest = try #require(PolyJSONBody.orderDigest(harness))
        let queried = await harness.instance.queryOrder(VenueOrderRef(clientOrderId: "gw-unknown-1"))
        #expect(queried.failure?.status == .notFound)
        #expect(harness.requests("GET", "/data/order/" + digest).count == 1)
        await harness.shutdown()
    }

    @Test func thePollerSettlesAnOrderWhoseOutcomeWasUnknown() async throws {
        let harness = try await PolymarketHarness(settings: ["fill_poll_ms": 20])
        harness.emulator.forceNextReply("POST", "/order", status: 500, body: #"{"error":"internal"}"#)
        let placed = await harness.instance.placeOrder(limitOrder("gw-settle-1", price: "0.45"))
        #expect(placed.failure?.status == .outcomeUnknown)
        for _ in 0..<300 where harness.events.updates.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        await harness.shutdown()
        let update = try #require(harness.events.updates.first)
        #expect(update.clientOrderId == "gw-settle-1")
        #expect(update.state == GW_STATE_REJECTED, "the venue never received it")
    }

    @Test func rateLimitsAndAuthFailuresMapToTheirCodes() async throws {
        let harness = try await PolymarketHarness()
        _ = await harness.instance.balances()
        harness.emulator.forceNextReply("GET", "/balance-allowance", status: 429, body: #"{"error":"Too Many Requests"}"#)
        let limited = await harness.instance.balances()
        #expect(limited.failure?.status == .rateLimited)
        harness.emulator.forceNextReply("GET", "/balance-allowance", status: 401, body: #"{"error":"Unauthorized/Invalid api key"}"#)
        let unauthorized = await harness.instance.balances()
        #expect(unauthorized.failure?.status == .auth)
        #expect(unauthorized.failure?.message.contains("Unauthorized/Invalid api key") == true)
        // A 401 drops the key: the next operation derives it again.
        let recovered = await harness.instance.balances()
        await harness.shutdown()
        #expect(recovered.failure == nil)
        #expect(harness.requests("GET", "/auth/derive-api-key").count == 1)
    }

    @Test func malformedRepliesAreInternalErrorsWithTheVenuesText() async throws {
        let harness = try await PolymarketHarness()
        harness.emulator.forceNextReply("GET", "/book", status: 200, body: "definitely not json")
        let placed = await harness.instance.placeOrder(limitOrder("gw-mal-1", price: "0.45"))
        #expect(placed.failure?.status == .internalError)
        #expect(placed.failure?.message.contains("definitely not json") == true)
        harness.emulator.forceNextReply("GET", "/balance-allowance", status: 200, body: #"{"allowances":{}}"#)
        let balance = await harness.instance.balances()
        #expect(balance.failure?.status == .internalError)
        await harness.shutdown()
    }

    @Test func aKeyFailureFailsEveryWaitingOperation() async throws {
        let harness = try await PolymarketHarness()
        harness.emulator.forceNextReply("POST", "/auth/api-key", status: 400, body: #"{"error":"Could not create api key"}"#)
        harness.emulator.forceNextReply("GET", "/auth/derive-api-key", status: 401, body: #"{"error":"Invalid L1 Request headers"}"#)
        async let a = harness.instance.balances()
        async let b = harness.instance.openOrders()
        let results = await [a, b]
        for result in results {
            #expect(result.failure?.status == .auth)
            #expect(result.failure?.message.contains("Invalid L1 Request headers") == true)
        }
        let health = await harness.instance.health()
        #expect(health.health?.detail.contains("last API key attempt failed") == true)
        let retried = await harness.instance.balances()
        await harness.shutdown()
        #expect(retried.failure == nil, "the next operation tries again")
    }

    @Test func anUnreachableVenueIsUnavailableNotUnknown() async throws {
        // Port 1 on loopback: nothing listens there (a shut-down server's port can be reused by a parallel test).
        let harness = try await PolymarketHarness(settings: ["base_url": "http://127.0.0.1:1", "data_api_url": "http://127.0.0.1:1"])
        await harness.server.shutdown()
        let placed = await harness.instance.placeOrder(limitOrder("gw-down-1", price: "0.45"))
        let health = await harness.instance.health()
        await harness.instance.shutdown()
        #expect(placed.failure?.status == .venueUnavailable, "\(placed.failure?.description ?? "")")
        #expect(health.health?.healthy == false)
    }

    @Test func withoutAPrivateKeyTheInstanceStartsButEveryOperationFailsWithAuth() async throws {
        let harness = try await PolymarketHarness(privateKey: nil)
        let placed = await harness.instance.placeOrder(limitOrder("gw-nokey-1", price: "0.45"))
        let balances = await harness.instance.balances()
        let health = await harness.instance.health()
        await harness.shutdown()
        #expect(placed.failure?.status == .auth)
        #expect(placed.failure?.message.contains("POLYMARKET_PRIVATE_KEY") == true)
        #expect(balances.failure?.status == .auth)
        #expect(health.health?.healthy == false)
    }

    @Test func badSettingsAreRefusedAtCreate() async throws {
        await #expect(throws: (any Error).self) { _ = try await PolymarketHarness(settings: ["signature_type": 2]) }
        await #expect(throws: (any Error).self) { _ = try await PolymarketHarness(settings: ["funder": "0x1234"]) }
        await #expect(throws: (any Error).self) { _ = try await PolymarketHarness(settings: ["signature_type": 9, "funder": TestWallets.proxy]) }
    }

    @Test func aSignatureForAWalletTheKeyDoesNotOwnIsRefusedByTheVenue() async throws {
        let harness = try await PolymarketHarness(settings: ["funder": TestWallets.proxy], walletOwners: [])
        let placed = await harness.instance.placeOrder(limitOrder("gw-owner-1", price: "0.45"))
        await harness.shutdown()
        #expect(placed.failure?.status == .auth)
        #expect(placed.failure?.message.contains("invalid signature") == true)
    }
}

enum PolyJSONBody {
    /// The order id the plugin would get: the emulator answers with the digest it computes, so take it from a
    /// placement the emulator did not store (a forced reply) by recomputing from the request body's fields.
    static func orderDigest(_ harness: PolymarketHarness) -> String? {
        guard let post = harness.requests("POST", "/order").first,
              let json = try? JSONSerialization.jsonObject(with: Data(post.body)) as? [String: Any],
              let order = json["order"] as? [String: Any], let token = order["tokenId"] as? String,
              let maker = order["maker"] as? String, let signer = order["signer"] as? String,
              let salt = order["salt"] as? NSNumber, let makerAmount = UInt64(order["makerAmount"] as? String ?? ""),
              let takerAmount = UInt64(order["takerAmount"] as? String ?? ""), let timestamp = UInt64(order["timestamp"] as? String ?? "")
        else { return nil }
        let fields = PolymarketEIP712.Order(salt: salt.uint64Value, maker: PolymarketEIP712.hexBytes(maker)!, signer: PolymarketEIP712.hexBytes(signer)!,
                                           tokenId: token, makerAmount: makerAmount, takerAmount: takerAmount,
                                           side: order["side"] as? String == "BUY" ? 0 : 1, signatureType: (order["signatureType"] as? NSNumber)?.uint64Value ?? 0,
                                           timestamp: timestamp, metadata: [UInt8](repeating: 0, count: 32), builder: [UInt8](repeating: 0, count: 32))
        let domain = PolymarketEIP712.exchangeDomain(chainId: 137, exchange: PolymarketEIP712.hexBytes(PolymarketEIP712.exchangeV2)!)
        guard let structHash = PolymarketEIP712.structHash(fields) else { return nil }
        return "0x" + Hex.encode(Digest.keccak256([0x19, 0x01] + domain + structHash))
    }
}
