/// How long an order may stay on the venue's book.
public enum TimeInForce: String, Sendable, Hashable, Codable, CaseIterable {
    /// Good till cancelled: rests until filled or cancelled.
    case gtc
    /// Immediate or cancel: fill what is possible now, cancel the rest.
    case ioc
    /// Fill or kill: fill everything now or nothing at all.
    case fok
    /// Good till date: rests until ``CanonicalOrder/expireAt`` (unix milliseconds).
    case gtd

    /// Whether an order with this time in force may rest on the book (and so can be post-only).
    public var canRest: Bool { self == .gtc || self == .gtd }
}
