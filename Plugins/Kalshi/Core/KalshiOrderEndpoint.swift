#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// The one place that knows which endpoint places and cancels orders, and the shape of their bodies and replies.
///
/// Kalshi has announced `POST /portfolio/events/orders` ("Create Order V2": YES-book `bid`/`ask`, string
/// `count` and `price`, `self_trade_prevention_type` required) and the deprecation of `POST /portfolio/orders`
/// no earlier than 2026-05-06. The venue facts still name the legacy endpoint, with its current
/// fixed-point fields (`count_fp`, `yes_price_dollars`/`no_price_dollars`, no `type`), as what to send, so
/// that is the default; switching is the manifest setting `order_endpoint: "events_orders"` (or changing
/// ``defaultEndpoint``), and nothing outside this file changes.
public enum KalshiOrderEndpoint: String, Sendable, CaseIterable {
    /// `POST /portfolio/orders`, `DELETE /portfolio/orders/{id}`, `DELETE /portfolio/orders/batched {"ids"}`.
    case portfolioOrders = "portfolio_orders"
    /// `POST /portfolio/events/orders`, `DELETE /portfolio/events/orders/{id}`, `DELETE /portfolio/events/orders/batched {"orders"}`.
    case eventsOrders = "events_orders"

    public static let defaultEndpoint: KalshiOrderEndpoint = .portfolioOrders

    /// At most this many orders per batch cancel (venue facts §2.4).
    public static let batchCancelLimit = 20

    public var supportsBuyMaxCost: Bool { self == .portfolioOrders }
    public var requiresSelfTradePrevention: Bool { self == .eventsOrders }

    // MARK: Create

    /// Path and JSON body that place `intent`.
    public func createRequest(_ intent: KalshiOrderIntent) -> (path: String, body: [UInt8]) {
        var json = KalshiJSONWriter()
        switch self {
        case .portfolioOrders:
            // Field order follows the SDK's CreateOrderRequest; `count_fp` takes `count`'s place.
            json.add("ticker", intent.ticker)
            json.add("client_order_id", intent.clientOrderId)
            json.add("side", intent.row.contract)
            json.add("action", intent.row.action)
            json.add("count_fp", KalshiFixedPoint.count(intent.count))
            json.add(intent.row.contract == "yes" ? "yes_price_dollars" : "no_price_dollars", KalshiFixedPoint.dollars(intent.price))
            if let expiration = intent.expirationSeconds { json.add("expiration_ts", expiration) }
            json.add("time_in_force", intent.timeInForce)
            if let cost = intent.buyMaxCostCents { json.add("buy_max_cost", cost) }
            if intent.postOnly { json.add("post_only", true) }
            if intent.reduceOnly { json.add("reduce_only", true) }
            if let stp = intent.selfTradePrevention { json.add("self_trade_prevention_type", stp) }
            if let pause = intent.cancelOrderOnPause { json.add("cancel_order_on_pause", pause) }
            return ("/portfolio/orders", json.bytes)
        case .eventsOrders:
            // Field order follows the SDK's CreateOrderV2Request. Prices are YES-book prices.
            json.add("ticker", intent.ticker)
            json.add("client_order_id", intent.clientOrderId)
            json.add("side", intent.row.bookSide)
            json.add("count", KalshiFixedPoint.count(intent.count))
            json.add("price", KalshiFixedPoint.dollars(intent.row.complementsPrice ? 1 - intent.price : intent.price))
            if let expiration = intent.expirationSeconds { json.add("expiration_time", expiration) }
            json.add("time_in_force", intent.timeInForce)
            if intent.postOnly { json.add("post_only", true) }
            json.add("self_trade_prevention_type", intent.selfTradePrevention ?? "taker_at_cross")
            if let pause = intent.cancelOrderOnPause { json.add("cancel_order_on_pause", pause) }
            if intent.reduceOnly { json.add("reduce_only", true) }
            return ("/portfolio/events/orders", json.bytes)
        }
    }

    /// The report of a successful create reply.
    public func parseCreate(_ body: [UInt8], intent: KalshiOrderIntent) throws(VenueFailure) -> VenueOrderReport {
        let what = "place order \(intent.clientOrderId)"
        switch self {
        case .portfolioOrders:
            var report = try KalshiOrderObject.parseWrapped(body, what: what).report(known: intent.row, what: what)
            if report.clientOrderId.isEmpty { report.clientOrderId = intent.clientOrderId }
            if report.market.isEmpty { report.market = intent.ticker }
            return report
        case .eventsOrders:
            struct Reply: Decodable {
                var order_id: String
                var client_order_id: String?
                var fill_count: String
                var remaining_count: String
                var average_fill_price: String?
                var average_fee_paid: String?
                var ts_ms: Int64?
            }
            let reply: Reply
            do { reply = try JSONDecoder().decode(Reply.self, from: Data(body)) } catch {
                throw KalshiErrorMapper.malformed(what, body, error)
            }
            guard let filled = DecimalText.parse(reply.fill_count), let remaining = DecimalText.parse(reply.remaining_count) else {
                throw KalshiErrorMapper.malformed(what, body, "fill_count/remaining_count are not decimals")
            }
            let state: gw_order_state = remaining > 0 ? (filled > 0 ? GW_STATE_PARTIALLY_FILLED : GW_STATE_OPEN)
                : (filled >= intent.count ? GW_STATE_FILLED : GW_STATE_CANCELLED)
            var average = ""
            if filled > 0, let yes = KalshiFixedPoint.parse(reply.average_fill_price) {
                average = KalshiFixedPoint.canonical(intent.row.complementsPrice ? 1 - yes : yes)
            }
            var fee = ""
            if let perContract = KalshiFixedPoint.parse(reply.average_fee_paid) { fee = KalshiFixedPoint.canonical(perContract * filled) }
            return VenueOrderReport(
                clientOrderId: reply.client_order_id ?? intent.clientOrderId, venueOrderId: reply.order_id, market: intent.ticker,
                side: intent.row.side, outcome: intent.row.outcome, state: state, quantity: KalshiFixedPoint.canonical(intent.count),
                filledQuantity: KalshiFixedPoint.canonical(filled), averageFillPrice: average,
                limitPrice: KalshiFixedPoint.canonical(intent.price), fee: fee, updatedAtUnixMs: reply.ts_ms ?? 0)
        }
    }

    // MARK: Cancel

    /// Path that cancels one order (method DELETE, no body).
    public func cancelPath(orderId: String) -> String {
        switch self {
        case .portfolioOrders: "/portfolio/orders/\(orderId)"
        case .eventsOrders: "/portfolio/events/orders/\(orderId)"
        }
    }

    /// What a cancel reply tells: the order's report, or only that it was cancelled (look it up for the rest).
    public enum CancelOutcome: Sendable, Equatable {
        case report(VenueOrderReport)
        case lookUp(orderId: String)
    }

    public func parseCancel(_ body: [UInt8], orderId: String) throws(VenueFailure) -> CancelOutcome {
        let what = "cancel order \(orderId)"
        switch self {
        case .portfolioOrders:
            return .report(try KalshiOrderObject.parseWrapped(body, what: what).report(what: what))
        case .eventsOrders:
            struct Reply: Decodable { var order_id: String }
            do { return .lookUp(orderId: try JSONDecoder().decode(Reply.self, from: Data(body)).order_id) } catch {
                throw KalshiErrorMapper.malformed(what, body, error)
            }
        }
    }

    // MARK: Batch cancel

    /// Path and body that cancel up to ``batchCancelLimit`` orders (method DELETE).
    public func batchCancelRequest(_ orders: [(orderId: String, ticker: String)]) -> (path: String, body: [UInt8]) {
        switch self {
        case .portfolioOrders:
            var json = KalshiJSONWriter()
            json.addRaw("ids", KalshiJSONWriter.array(orders.map { KalshiJSONWriter.quote($0.orderId) }))
            return ("/portfolio/orders/batched", json.bytes)
        case .eventsOrders:
            let items = orders.map { order -> String in
                var item = KalshiJSONWriter()
                item.add("order_id", order.orderId)
                item.add("market_ticker", order.ticker)
                return item.json
            }
            var json = KalshiJSONWriter()
            json.addRaw("orders", KalshiJSONWriter.array(items))
            return ("/portfolio/events/orders/batched", json.bytes)
        }
    }

    /// One order's outcome in a batch cancel reply.
    public struct BatchItem: Sendable, Equatable {
        public var orderId: String
        /// The order after the cancel, when the venue returned it.
        public var order: KalshiOrderObject?
        /// The venue's per-item error, when this one failed.
        public var error: KalshiErrorMapper.VenueError?
    }

    public func parseBatchCancel(_ body: [UInt8]) throws(VenueFailure) -> [BatchItem] {
        struct ItemError: Decodable { var code: String?; var message: String?; var details: String? }
        struct Item: Decodable {
            var order_id: String
            var order: KalshiOrderObject?
            var error: ItemError?
        }
        struct Reply: Decodable { var orders: [Item] }
        let reply: Reply
        do { reply = try JSONDecoder().decode(Reply.self, from: Data(body)) } catch {
            throw KalshiErrorMapper.malformed("batch cancel", body, error)
        }
        return reply.orders.map { item in
            BatchItem(orderId: item.order_id, order: item.order,
                      error: item.error.map { KalshiErrorMapper.VenueError(code: $0.code ?? "", message: $0.message ?? "", details: $0.details ?? "") })
        }
    }
}
