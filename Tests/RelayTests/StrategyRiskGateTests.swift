import Foundation
import GatewayCore
import GatewayEngine
import GatewayService
import GatewayTesting
import PluginHost
import Strategy
import Synchronization
import Testing

/// The shared risk gate and the strategy runner against the real router and the paper plugin.
@Suite struct StrategyRiskGateTests {
    static func venues(_ names: [String] = ["kalshi", "binance", "polymarket"],
                       refusing: [String] = []) throws -> VenueSet {
        let folder = try FixtureBuilder.temporaryDirectory()
        try Data(#"{"name":"paper","library":"libPaper.so"}"#.utf8).write(to: folder.appendingPathComponent("paper.json"))
        let catalog = try PluginLoader.load(directory: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path])
        var byVenue: [String: [String: JSONValue]] = [:]
        for venue in refusing { byVenue[venue] = ["fill_rate": .number(0)] }
        return try VenueSet.simulated(venues: names, catalog: catalog, services: HostServices(),
                                      paperSettings: ["fill_rate": .number(1), "latency_ms": .number(0),
                                                      "partial_fill_rate": .number(0), "seed": .number(3)],
                                      paperSettingsByVenue: byVenue)
    }

    static func limits(_ edit: (inout RiskLimits) -> Void) -> RiskLimits {
        var l = RiskLimits()
        l.maxTradesPerMinute = 10_000
        l.marketCooldownSeconds = 0
        edit(&l)
        return l
    }

    /// What the relay session does for one manual trade: prepare, gate, execute, settle.
    static func manualTrade(_ router: OrderRouter, _ gate: StrategyRiskGate, id: String, size: Int = 1) async -> String {
        let trade = TradeCommand(id: id, marketId: "kalshi:KXTEST", side: "yes", action: "buy", size: Decimal(size), orderType: "limit",
                                 limitPrice: Decimal(string: "0.99"))
        guard let prepared = try? await router.prepare(trade) else { return "invalid" }
        if case .reject(let code, _) = await gate.evaluate(prepared) { return code }
        let record = await router.execute(prepared)
        await gate.completed(prepared, record: record, router: router)
        return record.state.rawValue
    }

    @Test func concurrentManualTradesNeverExceedThePositionLimit() async throws {
        let venues = try Self.venues()
        let router = OrderRouter(venues: venues) { _ in }
        let gate = StrategyRiskGate(limits: Self.limits { $0.maxPositionSizePerMarket = 25 })
        let results = await withTaskGroup(of: String.self) { group in
            for i in 0..<60 { group.addTask { await Self.manualTrade(router, gate, id: "m\(i)") } }
            var all: [String] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.filter { $0 == "filled" }.count == 25)
        #expect(results.filter { $0 == "RISK_MAX_POSITION_EXCEEDED" }.count == 35)
        #expect(await router.positions.first?.size == 25)
        #expect(await gate.reservationCount == 0)
        await venues.shutdown()
    }

    @Test func refusedOrdersReleaseTheirReservation() async throws {
        let venues = try Self.venues(refusing: ["kalshi"])
        let router = OrderRouter(venues: venues) { _ in }
        let gate = StrategyRiskGate(limits: Self.limits { $0.maxTradesPerMinute = 1 })
        #expect(await Self.manualTrade(router, gate, id: "a") == "rejected")
        #expect(await gate.reservationCount == 0)
        #expect(await Self.manualTrade(router, gate, id: "b") == "rejected") // the slot came back
        await venues.shutdown()
    }

    @Test func restingOrderReservationIsDroppedOnceItEnds() async throws {
        let venues = try Self.venues()
        let router = OrderRouter(venues: venues) { _ in }
        let gate = StrategyRiskGate(limits: Self.limits { $0.maxPositionSizePerMarket = 5 })
        // A limit buy far below the market rests on paper.
        let trade = TradeCommand(id: "rest", marketId: "kalshi:KXREST", side: "yes", action: "buy", size: 5, orderType: "limit",
                                 limitPrice: Decimal(string: "0.01"))
        let prepared = try await router.prepare(trade)
        #expect(await gate.evaluate(prepared) == .allow)
        let record = await router.execute(prepared)
        await gate.completed(prepared, record: record, router: router)
        #expect(!record.state.isTerminal)   // paper binary prices are at least 0.10, so 0.01 rests
        #expect(await gate.reservationCount == 1)
        await router.handle(.cancel(id: "c1", orderId: record.gatewayOrderId))
        await gate.refresh(from: router)
        #expect(await gate.reservationCount == 0)
        await venues.shutdown()
    }

    @Test func killSwitchAndManualExemption() async throws {
        let venues = try Self.venues()
        let router = OrderRouter(venues: venues) { _ in }
        let gate = StrategyRiskGate(limits: Self.limits { $0.maxNotionalPerOrderUsd = 1 })
        #expect(await Self.manualTrade(router, gate, id: "a", size: 5) == "RISK_MAX_NOTIONAL_EXCEEDED")
        await gate.update(limits: Self.limits { $0.maxNotionalPerOrderUsd = 1; $0.applyToManualTrades = false })
        #expect(await Self.manualTrade(router, gate, id: "b", size: 5) == "filled")
        await gate.setKillSwitch(true)
        #expect(await Self.manualTrade(router, gate, id: "c") == "RISK_KILL_SWITCH_ENGAGED")
        await venues.shutdown()
    }

    // MARK: Strategy runner

    static let t = Date(timeIntervalSince1970: 1_771_430_400)

    static func strategy(_ rules: String, dryRun: Bool = false, perMinute: Int = 1000) throws -> StrategyConfig {
        try StrategyConfigParser.parse(Data("""
        {"dry_run": \(dryRun), "rules": [\(rules)],
         "market_mappings": {"kalshi:BTC-100K/YES": "kalshi:KXBTCD-26DEC31"},
         "risk_limits": {"max_trades_per_minute": \(perMinute), "market_cooldown_seconds": 0}}
        """.utf8))
    }

    static func signal(_ id: String, market: String = "binance:BTC/USDT", venue: String = "binance", direction: SignalDirection = .long,
                       type: SignalType = .strategy, name: String = "MomentumBreakout", payload: StrategyJSON = .object([("current_price", .string("100"))])) -> Signal {
        Signal(id: id, type: type, name: name, marketId: market, venue: venue, baseCurrency: "BTC", quoteCurrency: "USDT",
               direction: direction, confidence: 90, payload: payload)
    }

    @Test func liveSignalsBecomeCanonicalOrders() async throws {
        let venues = try Self.venues()
        let router = OrderRouter(venues: venues) { _ in }
        let config = try Self.strategy(#"{"name": "m", "signal_types": ["strategy"], "action": {"side": "from_signal", "size": 2}}"#)
        let gate = StrategyRiskGate(limits: config.riskLimits, now: { Self.t })
        let runner = StrategyRunner(config: config, router: router, gate: gate, now: { Self.t })
        guard case .executed(let states) = await runner.handle(Self.signal("s1")) else { Issue.record("not executed"); return }
        #expect(states.values.first == "filled")
        let short = await runner.handle(Self.signal("s2", direction: .short))
        guard case .executed = short else { Issue.record("short not executed: \(short)"); return }
        let kalshi = await runner.handle(Self.signal("s3", market: "kalshi:BTC-100K/YES", venue: "kalshi", direction: .below,
                                                     payload: .object([("yes_price", .string("0.4"))])))
        guard case .executed = kalshi else { Issue.record("kalshi not executed: \(kalshi)"); return }
        let orders = await router.allOrders
        #expect(orders.map { "\($0.order.venue):\($0.order.market) \($0.order.side.rawValue) \($0.order.outcome?.rawValue ?? "-") \($0.order.quantity)" }.sorted()
                == ["binance:BTCUSDT buy - 2", "binance:BTCUSDT sell - 2", "kalshi:KXBTCD-26DEC31 buy no 2"])
        let metrics = await runner.metrics
        #expect(metrics.signalsReceived == 3 && metrics.tradesGenerated == 3 && metrics.dryRunTrades == 0)
        await venues.shutdown()
    }

    @Test func dryRunSendsNothingAndReleasesRisk() async throws {
        let venues = try Self.venues()
        let router = OrderRouter(venues: venues) { _ in }
        let config = try Self.strategy(#"{"name": "m", "signal_types": ["strategy"], "action": {"side": "from_signal", "size": 2}}"#,
                                       dryRun: true, perMinute: 1)
        let gate = StrategyRiskGate(limits: config.riskLimits, now: { Self.t })
        let runner = StrategyRunner(config: config, router: router, gate: gate, now: { Self.t })
        for i in 0..<3 {
            guard case .dryRun = await runner.handle(Self.signal("d\(i)")) else { Issue.record("not dry run"); return }
        }
        #expect(await router.allOrders.isEmpty)
        #expect(await gate.reservationCount == 0)
        #expect(await runner.metrics.dryRunTrades == 3)
        await venues.shutdown()
    }

    @Test func concurrentSignalsRespectTheRateLimit() async throws {
        let venues = try Self.venues()
        let router = OrderRouter(venues: venues) { _ in }
        let config = try Self.strategy(#"{"name": "m", "signal_types": ["strategy"], "action": {"side": "from_signal", "size": 1}}"#,
                                       perMinute: 4)
        let gate = StrategyRiskGate(limits: config.riskLimits, now: { Self.t })
        let runner = StrategyRunner(config: config, router: router, gate: gate, now: { Self.t })
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<40 { group.addTask { await runner.handle(Self.signal("c\(i)")) } }
        }
        #expect(await router.allOrders.count == 4)
        #expect(await runner.metrics.tradesRejectedByRisk == 36)
        await venues.shutdown()
    }

    static let arbRule = #"{"name": "arb", "signal_types": ["cross_venue_arbitrage"], "action": {"side": "from_signal", "size": 3, "on_leg_failure": "POLICY"}}"#
    static let arbSignal = Signal(id: "arb1", type: .crossVenueArbitrage, name: "cross_venue_arbitrage", marketId: "kalshi:X", venue: "kalshi",
                                  confidence: 90,
                                  payload: .object([("buy_venue", .string("kalshi")), ("sell_venue", .string("polymarket")),
                                                    ("buy_market_id", .string("KXBTCD-26FEB11")), ("sell_market_id", .string("0xabc:0")),
                                                    ("buy_price", .string("0.40")), ("sell_price", .string("0.45"))]))

    @Test func arbitrageLegsBothExecute() async throws {
        let venues = try Self.venues()
        let router = OrderRouter(venues: venues) { _ in }
        let config = try Self.strategy(Self.arbRule.replacingOccurrences(of: "POLICY", with: "unwind"))
        let runner = StrategyRunner(config: config, router: router, gate: StrategyRiskGate(limits: config.riskLimits, now: { Self.t }), now: { Self.t })
        guard case .executed(let states) = await runner.handle(Self.arbSignal) else { Issue.record("arb not executed"); return }
        #expect(states.count == 2 && states.values.allSatisfy { $0 == "filled" })
        #expect(await runner.metrics.tradesGenerated == 2)
        await venues.shutdown()
    }

    @Test func failedSecondLegUnwindsTheFirst() async throws {
        let venues = try Self.venues(refusing: ["polymarket"])
        let reports = ReportLog()
        let router = OrderRouter(venues: venues) { reports.append($0) }
        let config = try Self.strategy(Self.arbRule.replacingOccurrences(of: "POLICY", with: "unwind"))
        let runner = StrategyRunner(config: config, router: router, gate: StrategyRiskGate(limits: config.riskLimits, now: { Self.t }),
                                    report: { reports.append($0) }, now: { Self.t })
        #expect(await runner.handle(Self.arbSignal) == .legFailed(policy: .unwind, leg: 2))
        let kalshi = await router.positions.first { $0.key.venue == "kalshi" }
        #expect(kalshi?.size == 0)   // bought 3 YES, sold 3 YES back
        #expect(reports.codes.contains("ARB_LEG2_FAILED_UNWOUND"))
        await venues.shutdown()
    }

    @Test func failedSecondLegReportOnlyLeavesTheFirstOpen() async throws {
        let venues = try Self.venues(refusing: ["polymarket"])
        let reports = ReportLog()
        let router = OrderRouter(venues: venues) { _ in }
        let config = try Self.strategy(Self.arbRule.replacingOccurrences(of: "POLICY", with: "report"))
        let runner = StrategyRunner(config: config, router: router, gate: StrategyRiskGate(limits: config.riskLimits, now: { Self.t }),
                                    report: { reports.append($0) }, now: { Self.t })
        #expect(await runner.handle(Self.arbSignal) == .legFailed(policy: .report, leg: 2))
        #expect(await router.positions.first { $0.key.venue == "kalshi" }?.size == 3)
        #expect(reports.codes == ["ARB_LEG2_FAILED_HEDGE_REQUIRED"])
        await venues.shutdown()
    }

    @Test func failedSecondLegHedgeRetriesAsMarketAndReports() async throws {
        let venues = try Self.venues(refusing: ["polymarket"])
        let reports = ReportLog()
        let router = OrderRouter(venues: venues) { _ in }
        let config = try Self.strategy(Self.arbRule.replacingOccurrences(of: "POLICY", with: "hedge"))
        let runner = StrategyRunner(config: config, router: router, gate: StrategyRiskGate(limits: config.riskLimits, now: { Self.t }),
                                    report: { reports.append($0) }, now: { Self.t })
        #expect(await runner.handle(Self.arbSignal) == .legFailed(policy: .hedge, leg: 2))
        let polymarket = await router.allOrders.filter { $0.order.venue == "polymarket" }
        #expect(polymarket.count == 2 && polymarket.allSatisfy { $0.order.type == .market })   // leg 2 and its retry
        #expect(reports.codes == ["ARB_LEG2_FAILED_HEDGE_REQUIRED"])                           // the retry was refused too
        await venues.shutdown()
    }

    @Test func failedFirstLegAbortsTheSecond() async throws {
        let venues = try Self.venues(refusing: ["kalshi"])
        let reports = ReportLog()
        let router = OrderRouter(venues: venues) { _ in }
        let config = try Self.strategy(Self.arbRule.replacingOccurrences(of: "POLICY", with: "unwind"))
        let gate = StrategyRiskGate(limits: config.riskLimits, now: { Self.t })
        let runner = StrategyRunner(config: config, router: router, gate: gate, report: { reports.append($0) }, now: { Self.t })
        #expect(await runner.handle(Self.arbSignal) == .legFailed(policy: .unwind, leg: 1))
        #expect(await router.allOrders.count == 1)
        #expect(reports.codes == ["ARB_LEG1_FAILED"])
        #expect(await gate.reservationCount == 0)
        await venues.shutdown()
    }
}

/// Reports collected from a sink.
final class ReportLog: Sendable {
    private let lock = Mutex<[GatewayReport]>([])
    func append(_ report: GatewayReport) { lock.withLock { $0.append(report) } }
    var codes: [String] { lock.withLock { $0.compactMap { if case .error(let e) = $0 { e.code } else { nil } } } }
}
