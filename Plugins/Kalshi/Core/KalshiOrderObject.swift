#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// Kalshi's order object as current replies carry it (fixed-point fields only), and its report.
///
/// Statuses are `resting`, `canceled` and `executed` (the reference connector left `executed`
/// unmapped); quantities come from `initial_count_fp`/`fill_count_fp`, never from the legacy integers,
/// which replies no longer carry. The contract and direction come from `side`/`action`; where the
/// venue has dropped them in favour of `book_side`, a bid reads as buy YES and an ask as sell YES
/// (economically the same as sell NO / buy NO) unless the caller knows which row it placed.
public struct KalshiOrderObject: Decodable, Sendable, Equatable {
    public var order_id: String
    public var client_order_id: String?
    public var ticker: String?
    public var side: String?
    public var action: String?
    public var book_side: String?
    public var status: String
    public var yes_price_dollars: String?
    public var no_price_dollars: String?
    public var fill_count_fp: String?
    public var remaining_count_fp: String?
    public var initial_count_fp: String?
    public var taker_fill_cost_dollars: String?
    public var maker_fill_cost_dollars: String?
    public var taker_fees_dollars: String?
    public var maker_fees_dollars: String?
    public var created_time: String?
    public var last_update_time: String?

    /// The side-table row of this order (`known` wins when the venue no longer says).
    public func row(known: KalshiSideTable.Row? = nil) -> KalshiSideTable.Row? {
        if let side, let action, let row = KalshiSideTable.row(contract: side, action: action) { return row }
        if let known { return known }
        switch book_side?.lowercased() {
        case "bid": return KalshiSideTable.row(side: GW_SIDE_BUY, outcome: GW_OUTCOME_YES)
        case "ask": return KalshiSideTable.row(side: GW_SIDE_SELL, outcome: GW_OUTCOME_YES)
        default: return nil
        }
    }

    /// The contract's view of this order; throws when a field it needs is missing or malformed.
    public func report(known: KalshiSideTable.Row? = nil, what: String) throws(VenueFailure) -> VenueOrderReport {
        func bad(_ why: String) -> VenueFailure {
            VenueFailure(.internalError, "\(what): unreadable venue order \(order_id): \(why)")
        }
        guard let row = row(known: known) else { throw bad("side/action '\(side ?? "")'/'\(action ?? "")' is not yes/no × buy/sell") }
        guard let filled = KalshiFixedPoint.parse(fill_count_fp) else {
            throw bad("fill_count_fp '\(fill_count_fp ?? "missing")' is not a decimal")
        }
        let remaining = KalshiFixedPoint.parse(remaining_count_fp)
        guard let initial = KalshiFixedPoint.parse(initial_count_fp) ?? remaining.map({ $0 + filled }) else {
            throw bad("initial_count_fp and remaining_count_fp are missing")
        }
        let state: gw_order_state
        switch status.lowercased() {
        case "resting", "pending": state = filled > 0 ? GW_STATE_PARTIALLY_FILLED : GW_STATE_OPEN
        case "executed": state = GW_STATE_FILLED
        case "canceled", "cancelled": state = GW_STATE_CANCELLED
        default: throw bad("status '\(status)' is not resting, canceled or executed")
        }
        let legPrice = row.contract == "yes" ? yes_price_dollars : no_price_dollars
        var average = ""
        if filled > 0, row.action == "buy",
           let taker = KalshiFixedPoint.parse(taker_fill_cost_dollars ?? "0"),
           let maker = KalshiFixedPoint.parse(maker_fill_cost_dollars ?? "0") {
            average = KalshiFixedPoint.canonical(DecimalText.round((taker + maker) / filled, scale: 6, .nearest))
        }
        var fee = ""
        if taker_fees_dollars != nil || maker_fees_dollars != nil {
            let taker = KalshiFixedPoint.parse(taker_fees_dollars ?? "0") ?? 0
            let maker = KalshiFixedPoint.parse(maker_fees_dollars ?? "0") ?? 0
            fee = KalshiFixedPoint.canonical(taker + maker)
        }
        let updated = KalshiTimestamp.unixMs(last_update_time)
        return VenueOrderReport(
            clientOrderId: client_order_id ?? "", venueOrderId: order_id, market: ticker ?? "", side: row.side,
            outcome: row.outcome, state: state, quantity: KalshiFixedPoint.canonical(initial),
            filledQuantity: KalshiFixedPoint.canonical(filled), averageFillPrice: average,
            limitPrice: KalshiFixedPoint.parse(legPrice).map(KalshiFixedPoint.canonical) ?? "", fee: fee,
            updatedAtUnixMs: updated != 0 ? updated : KalshiTimestamp.unixMs(created_time))
    }

    /// Decodes `{"order": {...}}`.
    public static func parseWrapped(_ body: [UInt8], what: String) throws(VenueFailure) -> KalshiOrderObject {
        struct Reply: Decodable { var order: KalshiOrderObject }
        do {
            return try JSONDecoder().decode(Reply.self, from: Data(body)).order
        } catch {
            throw KalshiErrorMapper.malformed(what, body, error)
        }
    }

    /// One page of `{"orders": [...], "cursor": "..."}`.
    public struct Page: Decodable, Sendable {
        public var orders: [KalshiOrderObject]
        public var cursor: String?
    }

    public static func parsePage(_ body: [UInt8], what: String) throws(VenueFailure) -> Page {
        do {
            return try JSONDecoder().decode(Page.self, from: Data(body))
        } catch {
            throw KalshiErrorMapper.malformed(what, body, error)
        }
    }
}
