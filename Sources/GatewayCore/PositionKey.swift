/// What a position is held in: a venue, the venue's native market id, and for binary markets the outcome.
///
/// The market is the native id without the `venue:` prefix (the reference keyed positions by
/// `"<venue>:<venue>:<id>"`). The outcome is part of the key: on a binary market YES and NO are separate
/// instruments, so buying NO opens a NO position rather than shorting YES.
public struct PositionKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The lower-case venue id.
    public var venue: String
    /// The venue's native market id.
    public var market: String
    /// YES or NO for binary markets, `nil` otherwise.
    public var outcome: Outcome?

    /// Creates a key.
    public init(venue: String, market: String, outcome: Outcome? = nil) {
        self.venue = venue
        self.market = market
        self.outcome = outcome
    }

    /// `venue:market` or `venue:market[yes]`.
    public var description: String {
        "\(venue):\(market)" + (outcome.map { "[\($0.rawValue)]" } ?? "")
    }

    /// Ordered by venue, market, then outcome (none, yes, no), so listings are stable.
    public static func < (lhs: PositionKey, rhs: PositionKey) -> Bool {
        func rank(_ outcome: Outcome?) -> Int {
            switch outcome {
            case nil: 0
            case .yes?: 1
            case .no?: 2
            }
        }
        return (lhs.venue, lhs.market, rank(lhs.outcome)) < (rhs.venue, rhs.market, rank(rhs.outcome))
    }
}
