import Strategy

/// The heartbeat's `strategy_metrics` object (reference §3.6: the engine's status object) and the
/// status string it implies.
public struct StrategyHeartbeat: Sendable, Equatable {
    /// `active`, `active:dry_run` or `disabled`.
    public var state: String
    public var rulesCount: Int
    public var rulesEnabled: Int
    public var metrics: StrategyMetrics

    public init(state: String, rulesCount: Int, rulesEnabled: Int, metrics: StrategyMetrics) {
        self.state = state
        self.rulesCount = rulesCount
        self.rulesEnabled = rulesEnabled
        self.metrics = metrics
    }

    /// The object as JSON text, with the reference's field names (and this gateway's extra counters).
    var json: String {
        var w = RelayJSONWriter()
        w.add("state", state)
        w.add("rules_count", rulesCount)
        w.add("rules_enabled", rulesEnabled)
        for (key, value) in metrics.fields { w.add(key, value) }
        return w.text
    }
}
