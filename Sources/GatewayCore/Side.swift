/// The direction of an order or a fill: buying adds to a position, selling takes from it.
///
/// This is the only notion of direction inside the gateway. Relay words such as `open`, `close`, `long`
/// or `Yes` are translated to a `Side` (plus an ``Outcome`` and a reduce-only flag) once, by
/// ``RelayTradeMapping``, and never reinterpreted by venue code.
public enum Side: String, Sendable, Hashable, Codable, CaseIterable {
    /// Acquire the instrument (for a binary market: acquire contracts of the given ``Outcome``).
    case buy
    /// Dispose of the instrument (or go short, where the venue allows it).
    case sell

    /// The other direction.
    public var opposite: Side { self == .buy ? .sell : .buy }

    /// `+1` for ``buy``, `-1` for ``sell``: multiply a quantity by this to get a signed position change.
    public var sign: Int { self == .buy ? 1 : -1 }
}
