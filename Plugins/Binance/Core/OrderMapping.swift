#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// The one table from the gateway's canonical order vocabulary to Binance's, and back.
///
/// Binance markets have no outcomes: only `GW_OUTCOME_NONE` is accepted, and a buy is `BUY`, a sell
/// `SELL` (the reference connector inverted sides through an `open`/`close` action; there is none here).
public enum OrderMapping {
    /// (side, outcome) → Binance `side`. Anything not in the table is refused.
    public static let sides: [(side: gw_side, outcome: gw_outcome, binance: String)] = [
        (GW_SIDE_BUY, GW_OUTCOME_NONE, "BUY"),
        (GW_SIDE_SELL, GW_OUTCOME_NONE, "SELL"),
    ]

    public static func binanceSide(_ side: gw_side, _ outcome: gw_outcome) throws(VenueFailure) -> String {
        if let row = sides.first(where: { $0.side == side && $0.outcome == outcome }) { return row.binance }
        if outcome != GW_OUTCOME_NONE {
            throw VenueFailure(.invalidOrder, "outcome \(outcome) is not valid on Binance: its markets have no yes/no outcomes (use outcome none)")
        }
        throw VenueFailure(.invalidOrder, "side \(side) is not buy (1) or sell (2)")
    }

    /// Binance `side` → canonical side (for reports).
    public static func side(_ binance: String) -> gw_side? {
        sides.first { $0.binance == binance }?.side
    }

    /// Binance order `status` → contract state.
    public static func state(_ status: String) -> gw_order_state {
        switch status {
        case "NEW", "PENDING_NEW", "PENDING_CANCEL", "NEW_INSURANCE", "NEW_ADL": GW_STATE_OPEN
        case "PARTIALLY_FILLED": GW_STATE_PARTIALLY_FILLED
        case "FILLED": GW_STATE_FILLED
        case "CANCELED": GW_STATE_CANCELLED
        case "REJECTED": GW_STATE_REJECTED
        case "EXPIRED", "EXPIRED_IN_MATCH": GW_STATE_EXPIRED
        default: GW_STATE_UNKNOWN
        }
    }

    /// Binance's `newClientOrderId` rule (USD-M docs; the emulator applies it to spot too).
    public static let clientOrderIdMaxLength = 36
    public static let clientOrderIdExtraCharacters = ".:/_-"

    public static func validateClientOrderId(_ id: String) throws(VenueFailure) {
        guard !id.isEmpty else { throw VenueFailure(.invalidOrder, "client_order_id is empty (Binance's newClientOrderId is the idempotency key)") }
        guard id.utf8.count <= clientOrderIdMaxLength else {
            throw VenueFailure(.invalidOrder, "client_order_id '\(id)' is \(id.utf8.count) characters; Binance's newClientOrderId allows at most \(clientOrderIdMaxLength)")
        }
        let extra = Set(clientOrderIdExtraCharacters.utf8)
        for byte in id.utf8 {
            let ok = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || extra.contains(byte)
            guard ok else {
                throw VenueFailure(.invalidOrder, "client_order_id '\(id)' has a character outside Binance's newClientOrderId set ^[\\.A-Z\\:/a-z0-9_-]{1,36}$")
            }
        }
    }

    /// Binance symbols are upper-case letters and digits (`BTCUSDT`, `1000PEPEUSDT`).
    public static func validateSymbol(_ symbol: String) throws(VenueFailure) {
        guard !symbol.isEmpty else { throw VenueFailure(.invalidOrder, "market (the Binance symbol, e.g. BTCUSDT) is empty") }
        guard symbol.utf8.count <= 32, symbol.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F }) else {
            throw VenueFailure(.invalidOrder, "market '\(symbol)' is not a Binance symbol (upper-case letters and digits, e.g. BTCUSDT)")
        }
    }
}

/// What an order becomes on Binance before the filters: type, time in force and the flags.
public struct OrderPlan: Sendable, Equatable {
    public var symbol: String
    public var side: String
    /// `MARKET`, `LIMIT` or `LIMIT_MAKER`.
    public var type: String
    /// `GTC`, `IOC`, `FOK`, `GTX` or `GTD`; nil for MARKET and LIMIT_MAKER.
    public var timeInForce: String?
    public var quantity: Decimal
    /// The limit (or, for a market order with a bound, the bound sent as an IOC limit).
    public var price: Decimal?
    public var reduceOnly: Bool
    public var goodTillDateMs: Int64?

    /// Plans `order` for `market`, refusing what that market cannot express.
    ///
    /// - A market order with a price bound (`limit_price`) is sent as a LIMIT IOC (FOK if asked) at the
    ///   bound: Binance market orders take no price, and dropping the bound would be unsafe.
    /// - Post-only: spot `LIMIT_MAKER`; futures `timeInForce=GTX`. It cannot be IOC or FOK.
    /// - Reduce-only exists only on futures. GTD only on futures (`goodTillDate`).
    public static func make(_ order: VenueOrder, market: BinanceMarket) throws(VenueFailure) -> OrderPlan {
        try OrderMapping.validateSymbol(order.market)
        let side = try OrderMapping.binanceSide(order.side, order.outcome)
        guard let quantity = DecimalText.positive(order.quantity) else {
            throw VenueFailure(.invalidOrder, "quantity '\(order.quantity)' is not a positive decimal")
        }
        guard [GW_TIF_GTC, GW_TIF_IOC, GW_TIF_FOK, GW_TIF_GTD].contains(order.timeInForce) else {
            throw VenueFailure(.invalidOrder, "time in force \(order.timeInForce) is unknown")
        }
        if order.reduceOnly && market == .spot {
            throw VenueFailure(.invalidOrder, "reduce-only orders do not exist on Binance spot (only USD-M futures have reduceOnly)")
        }
        var plan = OrderPlan(symbol: order.market, side: side, type: "LIMIT", timeInForce: nil, quantity: quantity,
                             price: nil, reduceOnly: order.reduceOnly && market == .futures, goodTillDateMs: nil)
        func tif() throws(VenueFailure) -> String {
            switch order.timeInForce {
            case GW_TIF_IOC: return "IOC"
            case GW_TIF_FOK: return "FOK"
            case GW_TIF_GTD:
                guard market == .futures else {
                    throw VenueFailure(.unsupported, "GTD (good till date) is not offered by Binance spot; use GTC and cancel, or USD-M futures")
                }
                guard order.expireAtUnixMs > 0 else { throw VenueFailure(.invalidOrder, "GTD needs expire_at_unix_ms") }
                plan.goodTillDateMs = order.expireAtUnixMs
                return "GTD"
            default: return "GTC"
            }
        }
        switch order.type {
        case GW_ORDER_MARKET:
            if order.postOnly { throw VenueFailure(.invalidOrder, "a market order cannot be post-only") }
            if order.limitPrice.isEmpty {
                plan.type = "MARKET"
                return plan
            }
            guard let bound = DecimalText.positive(order.limitPrice) else {
                throw VenueFailure(.invalidOrder, "limit_price '\(order.limitPrice)' (the market order's price bound) is not a positive decimal")
            }
            plan.price = bound
            plan.timeInForce = order.timeInForce == GW_TIF_FOK ? "FOK" : "IOC"
            return plan
        case GW_ORDER_LIMIT:
            guard let limit = DecimalText.positive(order.limitPrice) else {
                throw VenueFailure(.invalidOrder, "limit_price '\(order.limitPrice)' is not a positive decimal")
            }
            plan.price = limit
            let timeInForce = try tif()
            if order.postOnly {
                guard timeInForce == "GTC" else {
                    throw VenueFailure(.invalidOrder, "a post-only order rests on the book: it cannot be \(timeInForce)")
                }
                switch market {
                case .spot: plan.type = "LIMIT_MAKER"
                case .futures: plan.timeInForce = "GTX"
                }
                return plan
            }
            plan.timeInForce = timeInForce
            return plan
        default:
            throw VenueFailure(.invalidOrder, "order type \(order.type) is not market (1) or limit (2)")
        }
    }

    /// The request parameters in the official connector's order: `symbol, side, type`, then
    /// `timeInForce, quantity, price, newClientOrderId, reduceOnly, goodTillDate, newOrderRespType`.
    /// `recvWindow` and `timestamp` are appended when signing.
    public func parameters(shaped: ShapedOrder, clientOrderId: String, market: BinanceMarket) -> BinanceQuery {
        var q = BinanceQuery([("symbol", symbol), ("side", side), ("type", type)])
        if let timeInForce { q.append("timeInForce", timeInForce) }
        q.append("quantity", shaped.quantity)
        if let price = shaped.price, type != "MARKET" { q.append("price", price) }
        q.append("newClientOrderId", clientOrderId)
        if market == .futures && reduceOnly { q.append("reduceOnly", "true") }
        if let goodTillDateMs { q.append("goodTillDate", String(goodTillDateMs)) }
        q.append("newOrderRespType", market.orderResponseType)
        return q
    }
}
