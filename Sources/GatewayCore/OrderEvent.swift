#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Something that happened to an order, as input to ``OrderRecord/apply(_:)`` or ``OrderBook/apply(_:to:at:)``.
///
/// Events are values so that they can be journaled and replayed: replaying the same events in the same
/// order rebuilds the same ``OrderRecord``. Each case mirrors a mutating method of ``OrderRecord``.
public enum OrderEvent: Sendable, Hashable, Codable {
    /// The venue acknowledged the order (see ``OrderRecord/submitted(venueOrderId:)``).
    case submitted(venueOrderId: String?)
    /// One execution (see ``OrderRecord/fill(tradeId:quantity:price:fee:)``).
    case fill(tradeId: String, quantity: Decimal, price: Decimal, fee: Decimal)
    /// An absolute snapshot from the venue (see ``OrderRecord/venueReport(state:filled:avgPrice:fee:)``).
    case venueReport(state: OrderState, filled: Decimal, avgPrice: Decimal?, fee: Decimal?)
    /// The order was cancelled (see ``OrderRecord/cancelled()``).
    case cancelled
    /// The order was rejected (see ``OrderRecord/rejected(_:)``).
    case rejected(reason: String)
    /// The order expired (see ``OrderRecord/expired()``).
    case expired
}
