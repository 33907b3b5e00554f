#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The net holding in one instrument, with its cost basis and profit and loss.
///
/// Maintained by ``PositionTracker``: sizes are signed (positive long, negative short), the average
/// entry price is quantity-weighted over the fills that opened the current position, and realized P&L
/// accumulates across the position's whole history (it survives going flat).
public struct Position: Sendable, Hashable, Codable {
    /// What the position is held in.
    public var key: PositionKey
    /// Signed net size: positive when long (or holding YES/NO contracts), negative when short.
    public var size: Decimal
    /// Quantity-weighted entry price of the current position; zero when flat.
    public var averageEntryPrice: Decimal
    /// Profit and loss realized by reducing fills, net of all fees paid on this key.
    public var realizedPnl: Decimal
    /// All fees paid on this key (negative for net rebates); already subtracted from ``realizedPnl``.
    public var fees: Decimal
    /// The latest mark price given to ``PositionTracker/mark(venue:market:outcome:price:)``, if any.
    public var markPrice: Decimal?

    /// Creates a position.
    public init(key: PositionKey, size: Decimal = 0, averageEntryPrice: Decimal = 0, realizedPnl: Decimal = 0,
                fees: Decimal = 0, markPrice: Decimal? = nil) {
        self.key = key
        self.size = size
        self.averageEntryPrice = averageEntryPrice
        self.realizedPnl = realizedPnl
        self.fees = fees
        self.markPrice = markPrice
    }

    /// Whether the net size is zero.
    public var isFlat: Bool { size == 0 }

    /// `(mark − entry) × size`, or `nil` without a mark price. Negative sizes make a price rise a loss.
    public var unrealizedPnl: Decimal? {
        markPrice.map { ($0 - averageEntryPrice) * size }
    }
}
