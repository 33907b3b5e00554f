#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// What the plugin remembers of an order it placed: the client order id ↔ order id mapping (the order id
/// is the EIP-712 digest, known before sending), the market as the gateway named it, and the fills seen.
public struct TrackedOrder: Sendable {
    public var clientOrderId: String
    public var orderId: String
    /// The market string the gateway used (reports echo it).
    public var market: String
    public var token: String
    public var side: gw_side
    public var outcome: gw_outcome
    public var quantity: String
    public var limitPrice: String
    public var state: gw_order_state
    public var filled: Decimal = 0
    /// Sum of price × size over the fills whose price is known (for the average price).
    public var notional: Decimal = 0
    /// Shares whose price is known (`notional` covers them).
    public var pricedSize: Decimal = 0
    public var fee: Decimal = 0
    public var updatedAtMs: Int64
    /// Trade ids already reported as fill events.
    public var reportedTrades: Set<String> = []
    /// Trade ids already counted in `notional`.
    public var pricedTrades: Set<String> = []
    /// Trade ids the venue listed for the order that have not been fetched yet.
    public var pendingTrades: Set<String> = []
    /// Whether the venue acknowledged it (false while the placement is in flight or its outcome is unknown).
    public var acknowledged = false

    public var isOpen: Bool {
        state == GW_STATE_OPEN || state == GW_STATE_PARTIALLY_FILLED || state == GW_STATE_UNKNOWN
    }

    public var report: VenueOrderReport {
        let average = pricedSize > 0 ? DecimalText.format(DecimalRounding.round(notional / pricedSize, 6, .halfEven)) : ""
        return VenueOrderReport(clientOrderId: clientOrderId, venueOrderId: orderId, market: market, side: side,
                                outcome: outcome, state: state, quantity: quantity, filledQuantity: DecimalText.format(filled),
                                averageFillPrice: average, limitPrice: limitPrice,
                                fee: DecimalText.format(fee), updatedAtUnixMs: updatedAtMs)
    }
}

/// Reading decimals out of venue JSON, whether quoted or not.
enum JSONDecimal {
    /// A plain decimal from a string or number (exponents resolved); nil if absent or not a number.
    static func value(_ json: PolyJSON?) -> Decimal? {
        guard let text = json?.scalarText, !text.isEmpty else { return nil }
        if let strict = DecimalText.parse(text) { return strict }
        guard text.utf8.allSatisfy({ "0123456789.-+eE".utf8.contains($0) }) else { return nil }
        return Decimal(string: text)
    }

    static func text(_ json: PolyJSON?) -> String? { value(json).map(DecimalText.format) }

    /// The whole part of a non-negative number (unix seconds), nil if absent.
    static func int64(_ json: PolyJSON?) -> Int64? {
        value(json).flatMap { Int64(DecimalText.format(DecimalRounding.round($0, 0, .floor))) }
    }
}
