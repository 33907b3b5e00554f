import Foundation
import GatewayCore

/// The strategy engine as a state machine: ``handle(_:now:)`` takes one validated signal and returns
/// what to do, updating the counters; it performs no I/O and places nothing. The caller reserves the
/// returned orders with the shared risk gate (reporting refusals through ``recordRiskRejection()``)
/// and sends the live ones.
///
/// Pipeline (reference §6.3): disabled → ignore; count; drop expired; drop a duplicate id within
/// `signal_dedup_window_seconds`; first matching rule; arbitrage legs or a mapped single order.
public struct StrategyEngine: Sendable {
    /// What to do with one signal.
    public enum Decision: Sendable, Equatable {
        /// Engine disabled: nothing counted.
        case ignored
        case droppedStale
        case droppedDuplicate
        case noMatch
        /// A rule matched but produced no order (no mapping, no direction, no price…).
        case skipped(rule: String, reason: String)
        /// One order, or two arbitrage legs (first leg first), with the leg-failure policy.
        case orders([StrategyOrder], rule: String, onLegFailure: RuleAction.LegFailurePolicy)
    }

    public private(set) var config: StrategyConfig
    public private(set) var metrics = StrategyMetrics()
    public private(set) var enabled: Bool
    private var mapper: MarketIdMapper
    private var dedup: SignalDeduplicator
    private var sequence: UInt64 = 0

    public init(config: StrategyConfig) {
        self.config = config
        self.enabled = config.enabled
        self.mapper = MarketIdMapper(mappings: config.marketMappings, timeZone: config.marketTimeZone)
        self.dedup = SignalDeduplicator(windowSeconds: config.riskLimits.signalDedupWindowSeconds)
    }

    public mutating func enable() { enabled = true }
    public mutating func disable() { enabled = false }

    /// `disabled`, `active:dry_run` or `active` (reference `getStatusString`).
    public var status: String { !enabled ? "disabled" : config.dryRun ? "active:dry_run" : "active" }

    /// Counts a signal whose orders the risk gate refused (once per signal).
    public mutating func recordRiskRejection() { metrics.tradesRejectedByRisk += 1 }

    /// Counts a frame the consumer could not use.
    public mutating func recordInvalid() { metrics.signalsInvalid += 1 }

    /// Counts orders that passed risk: live ones as generated, dry-run ones as dry-run trades.
    public mutating func recordAccepted(_ orders: [StrategyOrder]) {
        for order in orders { if order.dryRun { metrics.dryRunTrades += 1 } else { metrics.tradesGenerated += 1 } }
    }

    /// Runs the pipeline for one signal.
    public mutating func handle(_ signal: Signal, now: Date) -> Decision {
        guard enabled else { return .ignored }
        metrics.signalsReceived += 1
        if let expires = signal.expiresAt, expires <= now {
            metrics.signalsDroppedStaleOrDuplicate += 1
            return .droppedStale
        }
        guard dedup.firstSighting(signal.id, now: now) else {
            metrics.signalsDroppedStaleOrDuplicate += 1
            return .droppedDuplicate
        }
        guard let rule = RuleMatcher.firstMatch(config.rules, signal) else { return .noMatch }
        let dryRun = config.dryRun || rule.dryRun == true
        sequence += 1
        let stamp = "\(Int64((now.timeIntervalSince1970 * 1000).rounded(.down)))-\(String(sequence, radix: 36))"
        if ArbitragePlanner.isArbitrage(signal) {
            switch ArbitragePlanner.plan(rule: rule, signal: signal, now: now, idPrefix: "auto-\(rule.name)-\(stamp)", dryRun: dryRun) {
            case .legs(let first, let second):
                metrics.signalsMatched += 1
                return .orders([first, second], rule: rule.name, onLegFailure: rule.action.onLegFailure)
            case .skipped(let reason):
                return skip(rule, reason)
            }
        }
        let market: MarketId
        switch mapper.resolve(signal.marketId, payload: signal.payload, now: now) {
        case .resolved(let id): market = id
        case .unmapped(let reason): return skip(rule, reason)
        }
        switch OrderBuilder.build(rule: rule, signal: signal, market: market, commandId: "auto-\(rule.name)-\(stamp)", dryRun: dryRun) {
        case .order(let order):
            metrics.signalsMatched += 1
            return .orders([order], rule: rule.name, onLegFailure: rule.action.onLegFailure)
        case .skipped(let reason):
            return skip(rule, reason)
        }
    }

    private mutating func skip(_ rule: StrategyRule, _ reason: String) -> Decision {
        metrics.signalsSkipped += 1
        return .skipped(rule: rule.name, reason: reason)
    }
}
