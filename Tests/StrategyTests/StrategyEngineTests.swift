import Foundation
import GatewayCore
import Testing
@testable import Strategy

@Suite struct StrategyEngineTests {
    @Test func matchingSignalGivesACanonicalBuy() {
        var engine = StrategyEngine(config: config([rule(size: Decimal(string: "0.01")!)]))
        let orders = engine.handle(signal(), now: t0).orders
        #expect(orders.count == 1)
        #expect(orders[0].market == MarketId(venue: "binance", native: "BTCUSDT"))
        #expect(orders[0].side == .buy && orders[0].outcome == nil && orders[0].quantity == Decimal(string: "0.01"))
        #expect(orders[0].relaySide == "buy" && orders[0].relayAction == "buy")
        #expect(engine.metrics.signalsReceived == 1 && engine.metrics.signalsMatched == 1)
    }

    @Test func fromSignalSides() {
        var engine = StrategyEngine(config: config([rule()], mappings: [("kalshi:BTC-100K/YES", "kalshi:KXBTCD-26DEC31")],
                                                   limits: { var l = RiskLimits(); l.signalDedupWindowSeconds = 0; return l }()))
        #expect(engine.handle(signal(direction: .short), now: t0).orders.first?.side == .sell)
        let yes = engine.handle(signal(market: "kalshi:BTC-100K/YES", venue: "kalshi", direction: .long), now: t0).orders.first
        #expect(yes?.side == .buy && yes?.outcome == .yes && yes?.relaySide == "yes" && yes?.relayAction == "buy")
        let no = engine.handle(signal(market: "kalshi:BTC-100K/YES", venue: "kalshi", direction: .below), now: t0).orders.first
        #expect(no?.side == .buy && no?.outcome == .no)
        #expect(engine.handle(signal(direction: .neutral), now: t0) == .skipped(rule: "r", reason: "from_signal needs a long/short/above/below direction, signal has neutral"))
        #expect(engine.metrics.signalsMatched == 3 && engine.metrics.signalsSkipped == 1)
    }

    @Test func unmappedPredictionMarketIsSkipped() {
        var engine = StrategyEngine(config: config([rule()]))
        guard case .skipped = engine.handle(signal(market: "kalshi:X", venue: "kalshi"), now: t0) else { Issue.record("not skipped"); return }
        #expect(engine.metrics.signalsMatched == 0)
    }

    @Test func disabledEngineCountsNothing() {
        var engine = StrategyEngine(config: config([rule()], enabled: false))
        #expect(engine.handle(signal(), now: t0) == .ignored)
        #expect(engine.metrics.signalsReceived == 0 && engine.status == "disabled")
        engine.enable()
        #expect(engine.handle(signal(), now: t0).orders.count == 1)
        #expect(engine.status == "active")
        #expect(StrategyEngine(config: config([], dryRun: true)).status == "active:dry_run")
    }

    @Test func staleAndDuplicateSignalsAreDropped() {
        var engine = StrategyEngine(config: config([rule()], limits: { var l = RiskLimits(); l.signalDedupWindowSeconds = 10; return l }()))
        #expect(engine.handle(signal("x", expiresAt: t0), now: t0) == .droppedStale)
        #expect(engine.handle(signal("a"), now: t0).orders.count == 1)
        #expect(engine.handle(signal("a"), now: t0.addingTimeInterval(5)) == .droppedDuplicate)
        #expect(engine.handle(signal("a"), now: t0.addingTimeInterval(10)).orders.count == 1)
        #expect(engine.metrics.signalsDroppedStaleOrDuplicate == 2)
    }

    @Test func noMatchIsNotCounted() {
        var engine = StrategyEngine(config: config([rule(minConfidence: 80)], dryRun: true))
        #expect(engine.handle(signal("a", confidence: 50), now: t0) == .noMatch)
        let orders = engine.handle(signal("b"), now: t0).orders
        engine.recordAccepted(orders)
        #expect(orders.first?.dryRun == true)
        #expect(engine.metrics.signalsReceived == 2 && engine.metrics.signalsMatched == 1)
        #expect(engine.metrics.dryRunTrades == 1 && engine.metrics.tradesGenerated == 0)
    }

    @Test func perRuleDryRun() {
        var engine = StrategyEngine(config: config([rule(dryRun: true)]))
        #expect(engine.handle(signal(), now: t0).orders.first?.dryRun == true)
    }

    @Test(arguments: [("current_price", "0.50", "200", "0.51"), ("current_price", "0.80", "-200", "0.78"),
                      ("trigger_price", "0.60", "500", "0.63"), ("yes_price", "0.5", "-100", "0.5")])
    func limitPriceOffsets(key: String, base: String, bps: String, expected: String) {
        var engine = StrategyEngine(config: config([rule(type: .limit, offset: Decimal(string: bps))],
                                                   mappings: [("kalshi:A", "kalshi:KXA")]))
        let order = engine.handle(signal(market: "kalshi:A", venue: "kalshi", payload: .object([(key, .string(base))])), now: t0).orders.first
        #expect(order?.type == .limit && order?.limitPrice == Decimal(string: expected))
    }

    @Test func limitRuleWithoutPriceIsSkippedNotSentWithoutAPrice() {
        var engine = StrategyEngine(config: config([rule(type: .limit, offset: 100)]))
        guard case .skipped = engine.handle(signal(), now: t0) else { Issue.record("expected skip"); return }
    }

    @Test func literalSides() {
        var engine = StrategyEngine(config: config([rule(side: .yes)], mappings: [("kalshi:A", "kalshi:KXA")]))
        let o = engine.handle(signal(market: "kalshi:A", venue: "kalshi", direction: nil), now: t0).orders.first
        #expect(o?.side == .buy && o?.outcome == .yes)
        var engine2 = StrategyEngine(config: config([rule(side: .buy)], mappings: [("kalshi:A", "kalshi:KXA")]))
        guard case .skipped = engine2.handle(signal(market: "kalshi:A", venue: "kalshi"), now: t0) else { Issue.record("buy on kalshi needs an outcome"); return }
    }
}

@Suite struct ArbitrageTests {
    func arbSignal(_ extra: [(String, StrategyJSON)] = [], id: String = "arb") -> Signal {
        signal(id, type: .crossVenueArbitrage, name: "cross_venue_arbitrage", market: "kalshi:X", venue: "kalshi", direction: nil,
               payload: .object([("buy_venue", .string("kalshi")), ("sell_venue", .string("polymarket")),
                                 ("buy_market_id", .string("KXBTCD-26FEB11")), ("sell_market_id", .string("0xabc123:0")),
                                 ("buy_price", .string("0.40")), ("sell_price", .string("0.45"))] + extra))
    }

    @Test func directionalLegsAreCanonical() {
        var engine = StrategyEngine(config: config([rule(types: [.crossVenueArbitrage])]))
        let legs = engine.handle(arbSignal(), now: t0).orders
        #expect(legs.count == 2)
        #expect(legs[0].market.description == "kalshi:KXBTCD-26FEB11" && legs[0].side == .buy && legs[0].outcome == .yes)
        #expect(legs[1].market.description == "polymarket:0xabc123:0" && legs[1].side == .buy && legs[1].outcome == .no)
        #expect(legs[0].referencePrice == Decimal(string: "0.40") && legs[1].referencePrice == Decimal(string: "0.55"))
        #expect(legs[0].commandId.hasSuffix("-buy") && legs[1].commandId.hasSuffix("-sell"))
    }

    @Test func superHedgeBuysBothOutcomes() {
        var engine = StrategyEngine(config: config([rule(types: [.crossVenueArbitrage])]))
        let legs = engine.handle(arbSignal([("strategy", .string("super_hedge")), ("buy_outcome", .string("No")),
                                            ("sell_outcome", .string("Yes"))]), now: t0).orders
        #expect(legs.map(\.outcome) == [.no, .yes] && legs.allSatisfy { $0.side == .buy })
    }

    @Test func limitArbitrageGetsPrices() {
        var engine = StrategyEngine(config: config([rule(types: [.crossVenueArbitrage], type: .limit)]))
        let legs = engine.handle(arbSignal(), now: t0).orders
        #expect(legs.map(\.limitPrice) == [Decimal(string: "0.40"), Decimal(string: "0.55")])
    }

    @Test func cutoffs() {
        var engine = StrategyEngine(config: config([rule(types: [.crossVenueArbitrage])]))
        guard case .skipped = engine.handle(arbSignal([("signal_cutoff_utc", .string("2026-02-18T15:59:00Z"))], id: "a"), now: t0) else {
            Issue.record("past cutoff"); return
        }
        guard case .skipped = engine.handle(arbSignal([("window_end_utc", .string("2026-02-18T16:00:10Z"))], id: "b"), now: t0) else {
            Issue.record("window end"); return
        }
        #expect(engine.handle(arbSignal([("window_end_utc", .string("2026-02-18T16:10:00Z"))], id: "c"), now: t0).orders.count == 2)
    }

    @Test func missingLegFieldsSkip() {
        var engine = StrategyEngine(config: config([rule(types: [.crossVenueArbitrage])]))
        var s = arbSignal()
        s.payload = .object([("buy_venue", .string("kalshi")), ("sell_venue", .string("polymarket")),
                             ("buy_market_id", .string("")), ("sell_market_id", .string("x"))])
        guard case .skipped = engine.handle(s, now: t0) else { Issue.record("expected skip"); return }
    }

    @Test func unwindIsTheOppositeReduceOrder() {
        var engine = StrategyEngine(config: config([rule(types: [.crossVenueArbitrage])]))
        let leg = engine.handle(arbSignal(), now: t0).orders[0]
        let unwind = ArbitragePlanner.unwind(leg, filled: 3, commandId: "u")
        #expect(unwind.side == .sell && unwind.outcome == .yes && unwind.quantity == 3 && unwind.type == .market)
    }
}
