#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One position as a venue reports it, for ``PositionTracker/replaceFromVenue(_:positions:)``.
///
/// Already parsed into `Decimal`s (VenueKit's `VenuePosition` carries the plugin's strings; the host
/// converts one into the other).
public struct VenuePositionSnapshot: Sendable, Hashable {
    /// The venue's native market id.
    public var market: String
    /// YES or NO for binary markets, `nil` otherwise.
    public var outcome: Outcome?
    /// Signed size: positive long, negative short.
    public var size: Decimal
    /// The venue's average entry price.
    public var averageEntryPrice: Decimal
    /// The venue's mark price, if it reports one.
    public var markPrice: Decimal?

    /// Creates a venue position.
    public init(market: String, outcome: Outcome? = nil, size: Decimal, averageEntryPrice: Decimal,
                markPrice: Decimal? = nil) {
        self.market = market
        self.outcome = outcome
        self.size = size
        self.averageEntryPrice = averageEntryPrice
        self.markPrice = markPrice
    }
}
