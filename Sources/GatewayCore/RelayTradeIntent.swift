/// What a relay `trade` command's `side` and `action` mean, in the gateway's vocabulary.
///
/// Produced only by ``RelayTradeMapping/map(side:action:)``; combined with the market id, size and
/// price it becomes a ``CanonicalOrder``.
public struct RelayTradeIntent: Sendable, Hashable {
    /// The order's direction.
    public var side: Side
    /// The binary outcome traded, or `nil` for venues without outcomes.
    public var outcome: Outcome?
    /// Whether the order may only reduce an existing position (relay `action` `close`).
    public var reduceOnly: Bool

    /// Creates an intent.
    public init(side: Side, outcome: Outcome? = nil, reduceOnly: Bool = false) {
        self.side = side
        self.outcome = outcome
        self.reduceOnly = reduceOnly
    }
}
