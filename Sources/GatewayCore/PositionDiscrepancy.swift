#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A difference in size between the gateway's position and the venue's, found during reconciliation.
///
/// Returned by ``PositionTracker/replaceFromVenue(_:positions:)`` so the reconciler can log and report
/// what the gateway had missed (fills lost while disconnected, manual trades on the venue's own UI).
public struct PositionDiscrepancy: Sendable, Hashable {
    /// Which position differs.
    public var key: PositionKey
    /// The gateway's size before adopting the venue's.
    public var localSize: Decimal
    /// The venue's size (zero for a position the venue no longer reports).
    public var venueSize: Decimal

    /// Creates a discrepancy.
    public init(key: PositionKey, localSize: Decimal, venueSize: Decimal) {
        self.key = key
        self.localSize = localSize
        self.venueSize = venueSize
    }
}
