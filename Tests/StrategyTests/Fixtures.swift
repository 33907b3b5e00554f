import Foundation
import GatewayCore
@testable import Strategy

let t0 = Date(timeIntervalSince1970: 1_771_430_400) // 2026-02-18T16:00:00Z

func rule(_ name: String = "r", types: [SignalType] = [.strategy], names: [String]? = nil, venues: [String]? = nil,
          symbols: [String]? = nil, minConfidence: Decimal? = nil, minSeverity: Severity? = nil,
          directions: [SignalDirection]? = nil, side: RuleAction.SideChoice = .fromSignal, size: Decimal = 1,
          type: OrderType = .market, offset: Decimal? = nil, enabled: Bool = true, dryRun: Bool? = nil) -> StrategyRule {
    StrategyRule(name: name, enabled: enabled, signalTypes: types, signalNames: names, venues: venues, symbols: symbols,
                 minConfidence: minConfidence, minSeverity: minSeverity, directions: directions,
                 action: RuleAction(side: side, size: size, orderType: type, limitPriceOffsetBps: offset, onLegFailure: .unwind),
                 dryRun: dryRun)
}

func signal(_ id: String = "s1", type: SignalType = .strategy, name: String = "MomentumBreakout",
            market: String = "binance:BTC/USDT", venue: String = "binance", direction: SignalDirection? = .long,
            confidence: Decimal? = 90, severity: Severity? = .high, payload: StrategyJSON = .object([]),
            expiresAt: Date? = nil) -> Signal {
    Signal(id: id, type: type, name: name, marketId: market, venue: venue, baseCurrency: "BTC", quoteCurrency: "USDT",
           createdAt: t0, severity: severity, direction: direction, confidence: confidence, payload: payload, expiresAt: expiresAt)
}

func config(_ rules: [StrategyRule], dryRun: Bool = false, mappings: [(String, String)] = [], limits: RiskLimits = RiskLimits(),
            enabled: Bool = true) -> StrategyConfig {
    StrategyConfig(name: nil, enabled: enabled, dryRun: dryRun, rules: rules, marketMappings: mappings,
                   marketTimeZone: "America/New_York", riskLimits: limits, document: .object([]))
}

extension StrategyEngine.Decision {
    var orders: [StrategyOrder] { if case .orders(let o, _, _) = self { o } else { [] } }
}
