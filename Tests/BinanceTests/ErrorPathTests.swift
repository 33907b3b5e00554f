import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Clock, rate limits, lost replies, authentication and malformed replies, end to end.
@Suite struct ErrorPathTests {
    @Test func timestampFollowsTheServerClockMeasuredBeforeTheFirstSignedRequest() async throws {
        let h = try await BinanceHarness.start(market: .spot, serverSkewMs: 3000)
        let outcome = await h.place("gw-t-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        let sent = try #require(h.requests("POST", "/api/v3/order").last)
        #expect(queryValue(sent.query, "timestamp") == String(BinanceHarness.startMs + 3000))
        #expect(h.requests("GET", "/api/v3/time").count == 1)
        await h.stop()
    }

    @Test func clockSkewIsResynchronisedAndReportedAsClockSkew() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        #expect(await h.place("gw-k-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000").failure == nil)
        // The server's clock jumps 10 s ahead: the cached offset is now wrong.
        h.setSkew(10_000)
        let skewed = await h.place("gw-k-2", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        #expect(skewed.failure?.status == .clockSkew)
        #expect(skewed.failure?.venueCode == "-1021")
        #expect(skewed.failure?.message.contains("Timestamp for this request is outside of the recvWindow.") == true)
        #expect(skewed.failure?.message.contains("10000 ms") == true)
        #expect(skewed.failure?.retryable == true)
        #expect(h.requests("GET", "/api/v3/time").count == 2, "-1021 measures the server time again")
        let retried = await h.place("gw-k-2", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        #expect(retried.failure == nil, "\(retried.failure?.description ?? "")")
        #expect(queryValue(h.requests("POST", "/api/v3/order").last!.query, "timestamp") == String(BinanceHarness.startMs + 10_000))
        await h.stop()
    }

    @Test func recvWindowIsConfigurableAndJudged() async throws {
        let h = try await BinanceHarness.start(market: .spot, settings: #""recv_window_ms": 60000"#)
        #expect(await h.instance.balances().failure == nil)
        #expect(queryValue(h.requests("GET", "/api/v3/account").last!.query, "recvWindow") == "60000")
        await h.stop()
    }

    @Test func rateLimitHonoursRetryAfterAndHoldsRequestsBack() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        h.emulator.inject(.tooManyRequests(path: "/api/v3/account", retryAfterSeconds: 7))
        let limited = await h.instance.balances()
        #expect(limited.failure?.status == .rateLimited)
        #expect(limited.failure?.retryAfterMs == 7000)
        #expect(limited.failure?.venueCode == "-1003")
        #expect(limited.failure?.message.contains("Too many requests") == true)
        let before = h.server.requests.count
        let held = await h.instance.balances()
        #expect(held.failure?.status == .rateLimited)
        #expect(held.failure?.retryAfterMs == 7000)
        #expect(h.server.requests.count == before, "nothing is sent before Retry-After has passed")
        h.clock.advance(7001)
        #expect(await h.instance.balances().failure == nil)
        await h.stop()
    }

    @Test func bannedIPIsRateLimitedToo() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        h.emulator.inject(.banned(path: "/fapi/v3/balance", retryAfterSeconds: 120))
        let banned = await h.instance.balances()
        #expect(banned.failure?.status == .rateLimited)
        #expect(banned.failure?.retryAfterMs == 120_000)
        #expect(banned.failure?.message.contains("418") == true)
        await h.stop()
    }

    @Test func lostReplyIsLookedUpByClientOrderIdAndFound() async throws {
        let h = try await BinanceHarness.start(market: .spot, http: LosingReplyClient { $0.method == "POST" })
        let outcome = await h.place("gw-u-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        #expect(outcome.orders.first?.clientOrderId == "gw-u-1")
        #expect(outcome.orders.first?.state == GW_STATE_OPEN)
        #expect(h.requests("POST", "/api/v3/order").count == 1, "never resent")
        let lookup = try #require(h.requests("GET", "/api/v3/order").last)
        #expect(queryValue(lookup.query, "origClientOrderId") == "gw-u-1")
        await h.stop()
    }

    @Test func unknownExecutionStatusThatNeverReachedTheBookStaysUnknownAndIsNotResent() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        h.emulator.inject(.unknownStatus(path: "/fapi/v1/order", mode: .instead))
        let outcome = await h.place("gw-u-2", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.01", price: "60000")
        #expect(outcome.failure?.status == .outcomeUnknown)
        #expect(outcome.failure?.venueCode == "-1007")
        #expect(outcome.failure?.message.contains("Order does not exist.") == true)
        #expect(h.requests("POST", "/fapi/v1/order").count == 1, "never resent")
        #expect(h.requests("GET", "/fapi/v1/order").count == 1)
        await h.stop()
    }

    @Test func serverErrorAfterExecutionIsResolvedByTheLookUp() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        h.emulator.inject(.unknownStatus(path: "/api/v3/order", mode: .afterProcessing))
        let outcome = await h.place("gw-u-3", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_MARKET, qty: "0.001")
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        #expect(outcome.orders.first?.state == GW_STATE_FILLED)
        #expect(h.requests("POST", "/api/v3/order").count == 1)
        await h.stop()
    }

    @Test func garbledReplyToAnOrderIsLookedUpAndToAReadIsInternal() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        h.emulator.inject(BinanceEmulatorModel.Fault(method: "POST", path: "/api/v3/order", status: 200,
                                                     body: "<html>upstream hiccup</html>", mode: .afterProcessing))
        let placed = await h.place("gw-g-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        #expect(placed.orders.first?.clientOrderId == "gw-g-1")
        h.emulator.inject(BinanceEmulatorModel.Fault(path: "/api/v3/openOrders", status: 200, body: "not json at all"))
        let open = await h.instance.openOrders()
        #expect(open.failure?.status == .internalError)
        #expect(open.failure?.message.contains("not json at all") == true)
        h.emulator.inject(BinanceEmulatorModel.Fault(path: "/api/v3/account", status: 200, body: #"{"balances":"nope"}"#))
        let balances = await h.instance.balances()
        #expect(balances.failure?.status == .internalError)
        #expect(balances.failure?.message.contains("nope") == true)
        await h.stop()
    }

    @Test func transportFailureBeforeSendingIsVenueUnavailableAndNotLookedUp() async throws {
        let h = try await BinanceHarness.start(market: .spot, http: RefusingConnectClient { $0.method == "POST" })
        let outcome = await h.place("gw-d-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        #expect(outcome.failure?.status == .venueUnavailable, "\(outcome.failure?.description ?? "")")
        #expect(outcome.failure?.message.contains("Connection refused") == true)
        #expect(h.requests("POST", "/api/v3/order").isEmpty)
        #expect(h.requests("GET", "/api/v3/order").isEmpty, "a request that certainly did not leave needs no look-up")
        await h.stop()
    }

    @Test func unreachableVenueIsReportedUnavailable() async throws {
        let h = try await BinanceHarness.start(market: .spot, settings: #""request_timeout_ms": 2000"#)
        #expect(await h.place("gw-d-0", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000").failure == nil)
        await h.server.shutdown()
        // Whether the host reports the dead connection as refused or as possibly delivered, the plugin
        // passes it through (and never claims a definite rejection).
        let outcome = await h.place("gw-d-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        #expect(outcome.failure?.status == .venueUnavailable || outcome.failure?.status == .outcomeUnknown,
                "\(outcome.failure?.description ?? "")")
        let balances = await h.instance.balances()
        #expect(balances.failure?.status == .venueUnavailable, "a read that failed is simply unavailable")
        await h.instance.shutdown()
    }

    @Test func venueFilterRefusalIsInvalidOrderAndRefreshesTheRules() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        h.emulator.inject(BinanceEmulatorModel.Fault(method: "POST", path: "/fapi/v1/order", status: 400,
                                                     body: #"{"code":-4014,"msg":"Price not increased by tick size."}"#))
        let refused = await h.place("gw-tick-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.01", price: "60000")
        #expect(refused.failure?.status == .invalidOrder)
        #expect(refused.failure?.venueCode == "-4014")
        #expect(refused.failure?.message.contains("Price not increased by tick size.") == true)
        #expect(await h.place("gw-tick-2", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.01", price: "60000").failure == nil)
        #expect(h.requests("GET", "/fapi/v1/exchangeInfo").count == 2, "the filters were fetched again")
        await h.stop()
    }

    @Test func wrongSecretAndUnknownKeyAreAuthFailures() async throws {
        let h = try await BinanceHarness.start(market: .spot, keyType: .ed25519)
        // The emulator knows this key only as Ed25519: an HMAC signature of the same key id is refused.
        let folder = try FixtureBuilder.temporaryDirectory("gw-binance-auth")
        let manifest = #"{"name":"binance","library":"libBinance.so","settings":{"base_url":"\#(h.server.baseURL)"},"credentials":{"api_key":{"kind":"text","env":"K"},"secret":{"kind":"hmac","env":"S"}}}"#
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("binance.json"))
        let env = ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path]
        let wrongSecret = try BinanceHarness.load(folder: folder, environment: env.merging(["K": BinanceHarness.apiKey, "S": "not-the-secret"]) { $1 },
                                                  clock: h.clock)
        let refused = await wrongSecret.balances()
        #expect(refused.failure?.status == .auth)
        #expect(refused.failure?.venueCode == "-1022")
        #expect(refused.failure?.message.contains("Signature for this request is not valid.") == true)
        await wrongSecret.shutdown()
        let unknownKey = try BinanceHarness.load(folder: folder, environment: env.merging(["K": "someone-else", "S": "x"]) { $1 },
                                                 clock: h.clock)
        let unknown = await unknownKey.balances()
        #expect(unknown.failure?.status == .auth)
        #expect(unknown.failure?.venueCode == "-2015")
        await unknownKey.shutdown()
        try? FileManager.default.removeItem(at: folder)
        await h.stop()
    }
}
