/// The engine's counters, as the reference reports them in heartbeats (§6.6), plus the drops this
/// gateway adds. `signals_matched` counts only matches that produced at least one order (§12.15).
public struct StrategyMetrics: Sendable, Equatable {
    public var signalsReceived = 0
    public var signalsMatched = 0
    /// Live orders (2 per arbitrage).
    public var tradesGenerated = 0
    /// Once per refused signal.
    public var tradesRejectedByRisk = 0
    /// Dry-run orders (2 per arbitrage).
    public var dryRunTrades = 0
    public var signalsDroppedStaleOrDuplicate = 0
    /// Frames the consumer could not use (invalid JSON or an invalid signal).
    public var signalsInvalid = 0
    /// Matched signals that produced no order (no mapping, no direction, no price).
    public var signalsSkipped = 0

    public init() {}

    /// The heartbeat's field names and values.
    public var fields: [(String, Int)] {
        [("signals_received", signalsReceived), ("signals_matched", signalsMatched), ("trades_generated", tradesGenerated),
         ("trades_rejected_by_risk", tradesRejectedByRisk), ("dry_run_trades", dryRunTrades),
         ("signals_dropped_stale_or_duplicate", signalsDroppedStaleOrDuplicate), ("signals_invalid", signalsInvalid),
         ("signals_skipped", signalsSkipped)]
    }
}
