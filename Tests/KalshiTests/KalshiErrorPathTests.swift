import Foundation
import GatewayCrypto
import GatewayTesting
import KalshiCore
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Venue errors, transport failures and authentication, end to end.
@Suite struct KalshiErrorPathTests {
    @Test func venueErrorsKeepTheVenuesCodeAndMessage() async throws {
        let h = try await KalshiHarness()
        h.emulator.setBalance(cents: 100)
        let poor = await h.instance.placeOrder(h.order("gw-poor", quantity: "10", price: "0.56"))
        h.emulator.setBalance(cents: 100_000)
        _ = await h.instance.placeOrder(h.order("gw-dup"))
        let duplicate = await h.instance.placeOrder(h.order("gw-dup"))
        h.emulator.inject("POST", "/portfolio/orders", status: 429, body: #"{"error":{"code":"too_many_requests","message":"rate limit exceeded"}}"#)
        let limited = await h.instance.placeOrder(h.order("gw-rl"))
        h.emulator.inject("POST", "/portfolio/orders", status: 500, body: #"{"error":{"code":"internal_error","message":"upstream timeout"}}"#)
        let unknown = await h.instance.placeOrder(h.order("gw-500"))
        h.emulator.inject("GET", "/portfolio/balance", status: 503, body: "<html>Service Unavailable</html>")
        let unavailable = await h.instance.balances()
        h.emulator.inject("POST", "/portfolio/orders", status: 201, body: #"{"order":{"order_id":"x"}}"#)
        let malformed = await h.instance.placeOrder(h.order("gw-bad-reply"))
        h.emulator.inject("GET", "/portfolio/positions", status: 200, body: "not json at all")
        let garbage = await h.instance.positions()
        await h.shutdown()

        #expect(poor.failure?.status == .insufficientBalance && poor.failure?.venueCode == "insufficient_balance")
        #expect(poor.failure!.message.contains("insufficient balance for this order"))
        #expect(duplicate.failure?.status == .invalidOrder && duplicate.failure?.venueCode == "order_already_exists")
        #expect(duplicate.failure!.message.contains("gw-dup"))
        #expect(limited.failure?.status == .rateLimited && limited.failure?.retryable == true && limited.failure?.venueCode == "too_many_requests")
        #expect(unknown.failure?.status == .outcomeUnknown && unknown.failure!.message.contains("upstream timeout"))
        #expect(unavailable.failure?.status == .venueUnavailable && unavailable.failure!.message.contains("Service Unavailable"))
        #expect(malformed.failure?.status == .internalError && malformed.failure!.message.contains(#""order_id":"x""#))
        #expect(garbage.failure?.status == .internalError && garbage.failure!.message.contains("not json at all"))
    }

    @Test func rateLimitedReplyCarriesRetryAfter() async throws {
        let h = try await KalshiHarness()
        let failure = KalshiErrorMapperProbe.failure(status: 429, retryAfter: "2")
        await h.shutdown()
        #expect(failure.status == .rateLimited && failure.retryAfterMs == 2000)
    }

    @Test func transportFailureIsNotADefiniteRejection() async throws {
        let h = try await KalshiHarness(baseURL: "http://127.0.0.1:9/trade-api/v2")
        let outcome = await h.instance.placeOrder(h.order())
        let balance = await h.instance.balances()
        await h.shutdown()
        #expect(outcome.failure?.status == .venueUnavailable, "\(outcome.failure?.description ?? "")")
        #expect(outcome.failure?.status != .invalidOrder && outcome.failure?.status != .venueRejected)
        #expect(balance.failure?.status == .venueUnavailable)
    }

    @Test func staleTimestampIsRefusedAsClockSkew() async throws {
        let clock = FixedClock()
        let h = try await KalshiHarness(clock: clock, windowMs: 5_000)
        let fresh = await h.instance.balances()
        // The venue's clock runs 6 s ahead of the host's: the same request is now stale.
        let venueClock = FixedClock(ms: clock.nowMs + 6_000)
        let skewed = KalshiEmulator(apiKeyId: KalshiHarness.apiKeyId, publicKeyDER: try TestKey.shared.get().publicKeyDER,
                                    windowMs: 5_000, clock: { venueClock.nowMs })
        let request = try #require(h.requests("GET", "/portfolio/balance").first)
        let replay = skewed.handler(request)
        await h.shutdown()
        #expect(fresh.failure == nil)
        #expect(replay.status == 401)
        #expect(skewed.authFailures.first?.contains("outside the allowed window") == true)
        let failure = KalshiErrorMapperProbe.failure(status: 401, body: String(decoding: replay.body, as: UTF8.self))
        #expect(failure.status == .clockSkew && failure.venueCode == "invalid_timestamp")
    }

    @Test func emulatorRefusesSignaturesOverTheWrongStringOrScheme() async throws {
        let key = try TestKey.shared.get()
        let emulator = KalshiEmulator(apiKeyId: KalshiHarness.apiKeyId, publicKeyDER: key.publicKeyDER, clock: { 1_767_225_600_123 })
        let store = KeyStore()
        let handle = try store.add(kind: .rsa, material: Array(try Data(contentsOf: URL(fileURLWithPath: key.pkcs8Path))), label: "test")
        func status(signing message: String, signature: [UInt8]? = nil) throws -> Int {
            let sig = try signature ?? store.rsaPSSSHA256Sign(key: handle, message: Array(message.utf8))
            return emulator.handle(
                method: "GET", uri: "/trade-api/v2/portfolio/orders?status=resting&limit=200",
                headers: [("KALSHI-ACCESS-KEY", KalshiHarness.apiKeyId), ("KALSHI-ACCESS-TIMESTAMP", "1767225600123"),
                          ("KALSHI-ACCESS-SIGNATURE", Data(sig).base64EncodedString())]).status
        }
        let right = "1767225600123GET/trade-api/v2/portfolio/orders"
        #expect(try status(signing: right) == 200)
        #expect(try status(signing: right + "?status=resting&limit=200") == 401, "query string must not be signed")
        #expect(try status(signing: "1767225600123GET/portfolio/orders") == 401, "path must include /trade-api/v2")
        #expect(try status(signing: "1767225600123get/trade-api/v2/portfolio/orders") == 401)
        // PKCS#1 v1.5 and maximum-salt PSS (OpenSSL's default) over the right string are refused too.
        let folder = try FixtureBuilder.temporaryDirectory("kalshi-sig")
        let messagePath = folder.appendingPathComponent("message").path
        try Data(right.utf8).write(to: URL(fileURLWithPath: messagePath))
        for options in [[String](), ["-sigopt", "rsa_padding_mode:pss"]] {
            let out = folder.appendingPathComponent("sig").path
            let run = try FixtureBuilder.run("/usr/bin/openssl", ["dgst", "-sha256", "-sign", key.pkcs8Path] + options + ["-out", out, messagePath])
            #expect(run.status == 0, "\(run.output)")
            let signature = Array(try Data(contentsOf: URL(fileURLWithPath: out)))
            #expect(try status(signing: right, signature: signature) == 401, "\(options)")
        }
        #expect(emulator.authFailures.count == 5)
    }

    @Test func missingCredentialsFailAuthenticatedCallsButNotHealth() async throws {
        let server = try await LoopbackHTTPServer(handler: KalshiEmulator(apiKeyId: "x", publicKeyDER: [], clock: { 0 }).handler)
        let folder = try FixtureBuilder.temporaryDirectory("kalshi-nocreds")
        try Data(#"{"name":"kalshi","library":"libKalshi.so","settings":{"base_url":"\#(server.baseURL)"}}"#.utf8)
            .write(to: folder.appendingPathComponent("kalshi.json"))
        let catalog = try PluginLoader.load(directory: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path])
        let entry = try #require(catalog.entries.first)
        let instance = try PluginInstance(library: try #require(entry.library), venue: "kalshi", settings: entry.manifest!.settings,
                                          services: HostServices())
        let order = await instance.placeOrder(VenueOrder(clientOrderId: "gw-1", market: "KX-1", side: GW_SIDE_BUY, outcome: GW_OUTCOME_YES,
                                                         type: GW_ORDER_LIMIT, timeInForce: GW_TIF_GTC, quantity: "1", limitPrice: "0.5"))
        let health = await instance.health()
        await instance.shutdown()
        await server.shutdown()
        #expect(order.failure?.status == .auth && order.failure!.message.contains("KALSHI_API_KEY"))
        #expect(health.failure == nil && health.health?.healthy == false && health.health!.detail.contains("credentials not configured"))
        #expect(server.requests.allSatisfy { $0.path.hasSuffix("/exchange/status") }, "base_url without a path gets /trade-api/v2")
        #expect(server.requests.first?.path == "/trade-api/v2/exchange/status")
    }

    @Test func badConfigurationIsRefusedWithTheFieldNamed() async throws {
        for (settings, field) in [(#"{"environment":"staging"}"#, "environment"), (#"{"order_endpoint":"v3"}"#, "order_endpoint"),
                                  (#"{"market_worst_buy_price":"1.5"}"#, "market_worst_buy_price"), (#"{"base_url":"ftp://x"}"#, "base_url"),
                                  (#"{"order_endpoint":"events_orders","market_buy_bound":"buy_max_cost"}"#, "market_buy_bound"),
                                  (#"{"poll_interval":5}"#, "poll_interval")] {
            let folder = try FixtureBuilder.temporaryDirectory("kalshi-config")
            try Data(#"{"name":"kalshi","library":"libKalshi.so","settings":\#(settings)}"#.utf8).write(to: folder.appendingPathComponent("kalshi.json"))
            let catalog = try PluginLoader.load(directory: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path])
            let entry = try #require(catalog.entries.first)
            guard let library = entry.library else {
                // The host itself refuses some (a non-http base_url) before the plugin sees them.
                #expect(entry.error?.message.contains(field) == true, "\(entry.error?.message ?? "")")
                continue
            }
            do {
                let instance = try PluginInstance(library: library, venue: "kalshi", settings: entry.manifest!.settings, services: HostServices())
                await instance.shutdown()
                Issue.record("settings \(settings) were accepted")
            } catch {
                #expect(error.message.contains(field), "\(error.message)")
            }
        }
    }
}

/// Reaches the error mapper of the plugin's core directly.
enum KalshiErrorMapperProbe {
    static func failure(status: Int, body: String = "", retryAfter: String? = nil) -> VenueFailure {
        KalshiErrorMapper.failure(status: status, body: Array(body.utf8), retryAfter: retryAfter, access: .write, what: "test")
    }
}
