import Foundation
import GatewayCore

/// Signals per second through the pure strategy path: rule matching over 50 rules (the matching rule
/// is the last one), market mapping, order building, the risk check-and-reserve and settlement, and the
/// canonical order. No I/O; `gateway bench --strategy` prints it (target > 100,000 signals/s).
public enum StrategyBenchmark {
    public struct Result: Sendable {
        public var signals: Int
        public var orders: Int
        public var seconds: Double
        public var perSecond: Double { Double(signals) / max(seconds, 1e-9) }
    }

    public static func run(signals count: Int, rules ruleCount: Int = 50) -> Result {
        var rules: [StrategyRule] = (0..<(ruleCount - 1)).map { i in
            StrategyRule(name: "r\(i)", enabled: true, signalTypes: [.alert, .strategy], signalNames: ["Other\(i)"], venues: ["binance"],
                         symbols: nil, minConfidence: 50, minSeverity: nil, directions: nil,
                         action: RuleAction(side: .fromSignal, size: 1, orderType: .market, limitPriceOffsetBps: nil, onLegFailure: .unwind),
                         dryRun: nil)
        }
        rules.append(StrategyRule(name: "hit", enabled: true, signalTypes: [.strategy], signalNames: ["MomentumBreakout"], venues: ["binance"],
                                  symbols: ["BTC/USDT"], minConfidence: 50, minSeverity: nil, directions: [.long, .short],
                                  action: RuleAction(side: .fromSignal, size: Decimal(string: "0.01")!, orderType: .limit,
                                                     limitPriceOffsetBps: 10, onLegFailure: .unwind), dryRun: nil))
        var limits = RiskLimits()
        limits.maxTradesPerMinute = Int.max
        limits.marketCooldownSeconds = 0
        limits.maxPositionSizePerMarket = 1_000_000_000
        limits.maxTotalExposureUsd = 1_000_000_000_000
        limits.maxNotionalPerOrderUsd = 1_000_000
        let config = StrategyConfig(name: "bench", enabled: true, dryRun: false, rules: rules, marketMappings: [],
                                    marketTimeZone: "UTC", riskLimits: limits, document: .object([]))
        var engine = StrategyEngine(config: config)
        var book = RiskBook(limits: limits)
        let payload = StrategyJSON.object([("current_price", .string("65000.5"))])
        let signals = (0..<count).map { i in
            Signal(id: "sig-\(i)", type: .strategy, name: "MomentumBreakout", marketId: "binance:BTC/USDT", venue: "binance",
                   baseCurrency: "BTC", quoteCurrency: "USDT", direction: i % 2 == 0 ? .long : .short, confidence: 90, payload: payload)
        }
        let now = Date(timeIntervalSince1970: 1_771_430_400)
        var orders = 0
        let start = ContinuousClock.now
        for signal in signals {
            guard case .orders(let built, _, _) = engine.handle(signal, now: now) else { continue }
            for order in built {
                let canonical = CanonicalOrder(clientOrderId: order.commandId, venue: order.market.venue, market: order.market.native,
                                               side: order.side, outcome: order.outcome, type: order.type, quantity: order.quantity,
                                               limitPrice: order.limitPrice)
                let risk = RiskOrder(id: canonical.clientOrderId, venue: canonical.venue, market: canonical.market, outcome: canonical.outcome,
                                     side: canonical.side, quantity: canonical.quantity, price: order.valuationPrice)
                if case .success = book.reserve(risk, now: now) {
                    orders += 1
                    book.settle(risk.id, filled: risk.quantity, averagePrice: order.limitPrice, open: false)
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(signals: count, orders: orders, seconds: seconds)
    }
}
