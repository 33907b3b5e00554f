#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// One execution from `GET /portfolio/fills` (current fields: `count_fp`, `*_price_dollars`, `fee_cost`).
public struct KalshiFillObject: Decodable, Sendable, Equatable {
    public var fill_id: String?
    public var trade_id: String?
    public var order_id: String
    public var client_order_id: String?
    public var ticker: String?
    public var market_ticker: String?
    public var side: String?
    public var action: String?
    public var book_side: String?
    public var count_fp: String
    public var yes_price_dollars: String?
    public var no_price_dollars: String?
    public var fee_cost: String?
    public var created_time: String?
    public var ts: Int64?

    /// The contract's fill (`known` supplies the order's row and client id when the fill lacks them).
    public func fill(known: KalshiSideTable.Row?, clientOrderId: String) throws(VenueFailure) -> VenueFill {
        let probe = KalshiOrderObject(order_id: order_id, side: side, action: action, book_side: book_side, status: "executed")
        guard let row = (side != nil && action != nil) ? probe.row() : (known ?? probe.row()) else {
            throw VenueFailure(.internalError, "fills: fill \(fill_id ?? trade_id ?? "?") has no readable side/action")
        }
        guard let count = KalshiFixedPoint.parse(count_fp), let tradeId = fill_id ?? trade_id,
              let price = KalshiFixedPoint.parse(row.contract == "yes" ? yes_price_dollars : no_price_dollars) else {
            throw VenueFailure(.internalError, "fills: fill \(fill_id ?? trade_id ?? "?") lacks fill_id, count_fp or its price")
        }
        var at = KalshiTimestamp.unixMs(created_time)
        if at == 0, let ts { at = ts * 1000 }
        return VenueFill(
            clientOrderId: client_order_id ?? clientOrderId, venueOrderId: order_id, tradeId: tradeId,
            market: ticker ?? market_ticker ?? "", side: row.side, outcome: row.outcome,
            quantity: KalshiFixedPoint.canonical(count), price: KalshiFixedPoint.canonical(price),
            fee: KalshiFixedPoint.parse(fee_cost).map(KalshiFixedPoint.canonical) ?? "", filledAtUnixMs: at)
    }

    public struct Page: Decodable, Sendable {
        public var fills: [KalshiFillObject]
        public var cursor: String?
    }
}

extension KalshiOrderObject {
    /// An order object holding only what a side lookup needs.
    init(order_id: String, side: String?, action: String?, book_side: String?, status: String) {
        self.init(order_id: order_id, client_order_id: nil, ticker: nil, side: side, action: action, book_side: book_side,
                  status: status, yes_price_dollars: nil, no_price_dollars: nil, fill_count_fp: nil, remaining_count_fp: nil,
                  initial_count_fp: nil, taker_fill_cost_dollars: nil, maker_fill_cost_dollars: nil, taker_fees_dollars: nil,
                  maker_fees_dollars: nil, created_time: nil, last_update_time: nil)
    }
}
