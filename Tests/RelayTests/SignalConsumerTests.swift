import Foundation
import GatewayCore
import GatewayEngine
import GatewayService
import GatewayTesting
import Relay
import Strategy
import Synchronization
import Testing

/// The signal consumer over a real loopback WebSocket, feeding the strategy runner, the shared risk
/// gate and the paper plugin.
@Suite(.serialized) struct SignalConsumerTests {
    static func frame(_ id: String, direction: String = "long", expires: String? = nil) -> String {
        var text = #"{"id":"\#(id)","signal_type":"strategy","signal_name":"MomentumBreakout","market_id":"binance:BTC/USDT","venue":"binance","base_currency":"BTC","quote_currency":"USDT","created_at":"2026-02-18T16:00:00Z","direction":"\#(direction)","confidence":"90","description":"x","payload":{"current_price":"100"}"#
        if let expires { text += #","expires_at":"\#(expires)""# }
        return text + "}"
    }

    @Test func frameClassification() {
        #expect(SignalFrame(text: "not json") != .control)
        guard case .invalid = SignalFrame(text: "{") else { Issue.record("invalid JSON"); return }
        #expect(SignalFrame(text: #"{"type":"subscribed"}"#) == .control)
        guard case .invalid = SignalFrame(text: #"{"id":"x","signal_type":"bogus"}"#) else { Issue.record("bad signal"); return }
        guard case .signal(let s) = SignalFrame(text: Self.frame("a")) else { Issue.record("valid signal"); return }
        #expect(s.id == "a" && s.direction == .long && s.confidence == 90)
        #expect(SignalFrame.subscribe([.alert, .crossVenueArbitrage]) == #"{"type":"subscribe","signal_types":["alert","cross_venue_arbitrage"]}"#)
    }

    @Test func signalsURL() {
        #expect(RelayURL(signalsHost: "127.0.0.1:9000", apiKey: "k").secretURL == "ws://127.0.0.1:9000/api/v1/public/ws/signals?api_key=k")
        #expect(RelayURL(signalsHost: "api.pumpamp.com", apiKey: "pa_live_test").secretURL
                == "wss://api.pumpamp.com/api/v1/public/ws/signals?api_key=pa_live_test")
        #expect(RelayURL(signalsHost: "wss://h.example/", apiKey: "k").sanitized == "wss://h.example/api/v1/public/ws/signals")
    }

    @Test func loopbackSignalsBecomeOrdersThroughRiskAndPaper() async throws {
        let server = try await LoopbackRelayServer()
        let venues = try StrategyRiskGateTests.venues()
        let router = OrderRouter(venues: venues) { _ in }
        let config = try StrategyConfigParser.parse(Data("""
        {"dry_run": false, "rules": [
          {"name": "momentum", "signal_types": ["strategy"], "venues": ["binance"], "min_confidence": 80,
           "action": {"side": "from_signal", "size": 0.5, "order_type": "limit", "limit_price_offset_bps": 10}},
          {"name": "off", "enabled": false, "signal_types": ["alert"], "action": {"side": "yes", "size": 1}}],
         "risk_limits": {"max_trades_per_minute": 100, "market_cooldown_seconds": 0, "max_position_size_per_market": 1}}
        """.utf8))
        let gate = StrategyRiskGate(limits: config.riskLimits)
        let runner = StrategyRunner(config: config, router: router, gate: gate)
        let consumer = SignalConsumer(url: RelayURL(signalsHost: server.host, apiKey: "pa_test"), signalTypes: config.subscribedSignalTypes,
                                      transport: WebSocketRelayTransport(),
                                      backoff: RelayBackoff(initial: .milliseconds(20), maximum: .milliseconds(100)), seed: 1,
                                      onInvalid: { _ in await runner.recordInvalid() },
                                      onSignal: { await runner.handle($0) })
        await consumer.start()
        #expect(await server.wait { $0.messages(ofType: "subscribe").count == 1 })
        #expect(server.messages(ofType: "subscribe").first?["signal_types"] as? [String] == ["strategy"])
        #expect(server.connections.first?.query["api_key"] == "pa_test")

        server.send(Self.frame("s1"))
        server.send("{not json")
        server.send(#"{"id":"bad","signal_type":"strategy","signal_name":"x","market_id":"binance:BTC/USDT","venue":"binance","confidence":"very"}"#)
        server.send(Self.frame("s1"))                                   // duplicate
        server.send(Self.frame("old", expires: "2020-01-01T00:00:00Z"))  // stale
        server.send(Self.frame("s2", direction: "long"))                // 0.5 + 0.5 = 1: at the limit
        server.send(Self.frame("s3", direction: "long"))                // over the position limit
        #expect(await waitFor {
            let received = await runner.metrics.signalsReceived
            let invalid = await consumer.counters.invalidFrames
            return received == 5 && invalid == 2
        })

        let orders = await router.allOrders
        #expect(orders.count == 2)
        #expect(orders.allSatisfy { $0.order.venue == "binance" && $0.order.market == "BTCUSDT" && $0.order.side == .buy })
        #expect(orders.allSatisfy { $0.order.type == .limit && $0.order.limitPrice == Decimal(string: "100.1") })
        let metrics = await runner.metrics
        #expect(metrics.signalsDroppedStaleOrDuplicate == 2 && metrics.tradesGenerated == 2 && metrics.tradesRejectedByRisk == 1)
        #expect(metrics.signalsInvalid == 2)

        // A dropped connection is re-established and the subscription re-sent.
        server.dropAll()
        #expect(await server.wait { $0.messages(ofType: "subscribe").count == 2 })
        await consumer.stop()
        await server.shutdown()
        await venues.shutdown()
    }

    @Test func refusedConnectionsAreRetriedNotFatal() async throws {
        let server = try await LoopbackRelayServer()
        server.setRefuseConnections(true)
        let consumer = SignalConsumer(url: RelayURL(signalsHost: server.host, apiKey: "k"), signalTypes: [.alert],
                                      transport: WebSocketRelayTransport(),
                                      backoff: RelayBackoff(initial: .milliseconds(10), maximum: .milliseconds(40)), seed: 2,
                                      onSignal: { _ in })
        await consumer.start()
        #expect(await waitFor { await consumer.counters.connectFailures >= 2 })
        server.setRefuseConnections(false)
        #expect(await server.wait { $0.messages(ofType: "subscribe").count == 1 })
        let connects = await consumer.counters.connects
        #expect(connects == 1)
        await consumer.stop()
        await server.shutdown()
    }
}

/// Polls a condition (no timing assertion: only an upper bound for a hung test).
func waitFor(_ timeout: Duration = .seconds(10), _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}
