import Foundation
import GatewayCore

/// A strategy file: the reference gateway's schema (same keys, same defaults), parsed strictly by
/// ``StrategyConfigParser``.
///
/// **Confidence scale.** `min_confidence` and a signal's `confidence` are both percentages on one
/// scale, 0 to 100 (`"85"` means 85 %). A signal confidence of `0.7` therefore means 0.7 %, not 70 %.
/// A signal whose confidence is present but not a number in 0…100 is invalid and dropped by the
/// consumer; a signal without a confidence fails any rule that sets `min_confidence`.
public struct StrategyConfig: Sendable, Equatable {
    public var name: String?
    /// The engine starts disabled when false (default true).
    public var enabled: Bool
    /// Orders are built and risk-checked but never sent (default true).
    public var dryRun: Bool
    public var rules: [StrategyRule]
    /// `"venue:symbol"` → `"venue:native"`; values may contain rolling-window placeholders (see ``MarketIdMapper``).
    public var marketMappings: [(String, String)]
    /// Time zone for the rolling-market placeholders (default `America/New_York`, Kalshi's clock).
    public var marketTimeZone: String
    public var riskLimits: RiskLimits
    /// Every key of the file as written (comments included), for `strategy show`.
    public var document: StrategyJSON

    public static func == (lhs: StrategyConfig, rhs: StrategyConfig) -> Bool {
        lhs.document == rhs.document && lhs.rules == rhs.rules && lhs.riskLimits == rhs.riskLimits
    }

    /// The rules that can fire.
    public var enabledRules: [StrategyRule] { rules.filter(\.enabled) }

    /// Union of the enabled rules' signal types, in first-seen order: the consumer's subscription.
    public var subscribedSignalTypes: [SignalType] {
        var seen: [SignalType] = []
        for rule in enabledRules { for type in rule.signalTypes where !seen.contains(type) { seen.append(type) } }
        return seen
    }
}

/// The three kinds of signal the relay publishes.
public enum SignalType: String, Sendable, Hashable, CaseIterable {
    case alert
    case strategy
    case crossVenueArbitrage = "cross_venue_arbitrage"
}

/// Signal severity, ranked Low < Medium < High < Critical.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    case low = "Low", medium = "Medium", high = "High", critical = "Critical"

    public var rank: Int { Severity.allCases.firstIndex(of: self)! + 1 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A signal's direction.
public enum SignalDirection: String, Sendable, Hashable, CaseIterable {
    case above, below, cross, long, short, neutral
}

/// One rule: filters on the signal, and the order to place when they all hold.
public struct StrategyRule: Sendable, Equatable {
    public var name: String
    public var enabled: Bool
    public var signalTypes: [SignalType]
    public var signalNames: [String]?
    public var venues: [String]?
    /// `BASE/QUOTE` pairs.
    public var symbols: [String]?
    /// 0…100 (see ``StrategyConfig`` on the scale).
    public var minConfidence: Decimal?
    public var minSeverity: Severity?
    public var directions: [SignalDirection]?
    public var action: RuleAction
    /// Per-rule dry run (extension): true forces dry run for this rule even when the file is live.
    public var dryRun: Bool?
}

/// What a rule does.
public struct RuleAction: Sendable, Equatable {
    /// `from_signal`, or a literal side.
    public enum SideChoice: String, Sendable, Hashable, CaseIterable {
        case fromSignal = "from_signal"
        case buy, sell, yes, no
    }
    /// After the first arbitrage leg filled and the second failed (extension, default `unwind`).
    public enum LegFailurePolicy: String, Sendable, Hashable, CaseIterable {
        /// Sell back what the first leg bought.
        case unwind
        /// Retry the second leg once as a market order.
        case hedge
        /// Report `ARB_LEG2_FAILED_HEDGE_REQUIRED` only (the reference's behaviour).
        case report
    }
    public var side: SideChoice
    /// Order size in the venue's units; > 0.
    public var size: Decimal
    public var orderType: OrderType
    public var limitPriceOffsetBps: Decimal?
    public var onLegFailure: LegFailurePolicy
}

/// Risk limits: the reference's five plus this gateway's circuit breakers.
public struct RiskLimits: Sendable, Equatable {
    /// Largest position per market and side (contracts/units); nil = off.
    public var maxPositionSizePerMarket: Decimal?
    /// Largest total exposure in USD, valued at each order's real price; nil = off.
    public var maxTotalExposureUsd: Decimal?
    public var maxTradesPerMinute: Int = 5
    public var marketCooldownSeconds: Int = 30
    public var signalDedupWindowSeconds: Int = 300
    /// Largest notional (quantity × price) of one order; nil = off.
    public var maxNotionalPerOrderUsd: Decimal?
    /// Trading stops for the rest of the UTC day once realized P&L today reaches −this; nil = off.
    public var maxDailyLossUsd: Decimal?
    /// Trading stops once equity (realized + unrealized P&L) falls this far below its peak; nil = off.
    public var maxDrawdownUsd: Decimal?
    /// Refuse every order (default false).
    public var killSwitch: Bool = false
    /// Manual (relay) trades pass the same limits (default true); false exempts them from every
    /// limit except the kill switch and the circuit breakers.
    public var applyToManualTrades: Bool = true

    public init() {}
}
