#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// A canonical order checked and translated into what Kalshi needs, before any body is written.
///
/// Built in two steps: ``checked(_:config:nowMs:)`` refuses what is wrong whatever the market (no
/// outcome, a malformed quantity or price, a post-only order that cannot rest, an expiry in the past),
/// and ``priced(on:config:)`` applies the market's grid once it is known. A "market" order becomes an
/// immediate-or-cancel (or fill-or-kill) limit at a price bound — the order's own `limit_price`, or
/// the configured worst price snapped onto the grid — optionally with `buy_max_cost`; it can never rest.
public struct KalshiOrderIntent: Sendable, Equatable {
    public var clientOrderId: String
    public var ticker: String
    public var row: KalshiSideTable.Row
    public var count: Decimal
    public var countText: String
    /// The leg's price (the YES price for YES orders, the NO price for NO orders); set by ``priced(on:config:)``.
    public var price: Decimal
    /// `good_till_canceled`, `immediate_or_cancel` or `fill_or_kill`.
    public var timeInForce: String
    /// Unix seconds, for good-till-time orders.
    public var expirationSeconds: Int64?
    public var postOnly: Bool
    public var reduceOnly: Bool
    /// Cents, for market buys bounded by cost.
    public var buyMaxCostCents: Int64?
    public var selfTradePrevention: String?
    public var cancelOrderOnPause: Bool?
    public var isMarket: Bool
    /// The order's own `limit_price` (empty for a market order without a bound).
    public var requestedPrice: String

    /// Characters Kalshi accepts in a client order id besides letters and digits (venue facts §2.4).
    public static let clientOrderIdExtraCharacters: Set<Character> = ["-", "_", ":", "+", "=", "/"]
    public static let clientOrderIdMaxLength = 64

    /// Checks what can be checked without the market.
    public static func checked(_ order: VenueOrder, config: KalshiConfig, nowMs: Int64) throws(VenueFailure) -> KalshiOrderIntent {
        func refuse(_ message: String) -> VenueFailure { VenueFailure(.invalidOrder, message) }
        let ticker = order.market
        guard !ticker.isEmpty else { throw refuse("market is empty: give a Kalshi ticker such as KXBTCD-25DEC31-T100000") }
        guard ticker.count <= 128, ticker.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
            throw refuse("market '\(ticker)' is not a Kalshi ticker (letters, digits, '-', '_' and '.' only)")
        }
        let id = order.clientOrderId
        guard !id.isEmpty else { throw refuse("client_order_id is empty; Kalshi orders carry the gateway's id for idempotency") }
        guard id.count <= clientOrderIdMaxLength,
              id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || clientOrderIdExtraCharacters.contains($0)) }) else {
            throw refuse("client_order_id '\(id)' must be at most 64 characters of A-Z a-z 0-9 - _ : + = /")
        }
        guard order.side == GW_SIDE_BUY || order.side == GW_SIDE_SELL else {
            throw refuse("side \(order.side) is not buy (1) or sell (2)")
        }
        guard let row = KalshiSideTable.row(side: order.side, outcome: order.outcome) else {
            throw refuse(order.outcome == GW_OUTCOME_NONE
                ? "outcome is missing: a Kalshi order must say yes (GW_OUTCOME_YES) or no (GW_OUTCOME_NO)"
                : "outcome \(order.outcome) is not yes (1) or no (2)")
        }
        guard let count = DecimalText.positive(order.quantity) else {
            throw refuse("quantity '\(order.quantity)' is not a positive decimal")
        }
        guard DecimalText.scale(of: count) <= 2 else {
            throw refuse("quantity '\(order.quantity)' has more than 2 decimals; Kalshi counts step by 0.01 at most")
        }
        var requested: Decimal?
        if !order.limitPrice.isEmpty {
            guard let price = DecimalText.positive(order.limitPrice) else {
                throw refuse("limit_price '\(order.limitPrice)' is not a positive decimal")
            }
            guard price < 1 else { throw refuse("limit_price \(order.limitPrice) must be below 1 (prices are dollars per contract)") }
            guard DecimalText.scale(of: price) <= 6 else { throw refuse("limit_price '\(order.limitPrice)' has more than 6 decimals") }
            requested = price
        }
        var intent = KalshiOrderIntent(
            clientOrderId: id, ticker: ticker, row: row, count: count, countText: order.quantity, price: requested ?? 0,
            timeInForce: "good_till_canceled", expirationSeconds: nil, postOnly: order.postOnly, reduceOnly: order.reduceOnly,
            buyMaxCostCents: nil, selfTradePrevention: config.selfTradePrevention, cancelOrderOnPause: config.cancelOrderOnPause,
            isMarket: false, requestedPrice: order.limitPrice)
        switch order.type {
        case GW_ORDER_LIMIT:
            guard requested != nil else { throw refuse("limit_price is required for a limit order") }
            switch order.timeInForce {
            case GW_TIF_GTC: intent.timeInForce = "good_till_canceled"
            case GW_TIF_IOC: intent.timeInForce = "immediate_or_cancel"
            case GW_TIF_FOK: intent.timeInForce = "fill_or_kill"
            case GW_TIF_GTD:
                let seconds = order.expireAtUnixMs / 1000
                guard order.expireAtUnixMs > 0, seconds * 1000 > nowMs else {
                    throw refuse("expire_at_unix_ms \(order.expireAtUnixMs) must be in the future for a good-till-date order")
                }
                intent.timeInForce = "good_till_canceled"
                intent.expirationSeconds = seconds
            default: throw refuse("time in force \(order.timeInForce) is not GTC, IOC, FOK or GTD")
            }
        case GW_ORDER_MARKET:
            intent.isMarket = true
            switch order.timeInForce {
            case GW_TIF_FOK: intent.timeInForce = "fill_or_kill"
            case GW_TIF_GTC, GW_TIF_IOC, GW_TIF_GTD: intent.timeInForce = "immediate_or_cancel"  // a market order never rests
            default: throw refuse("time in force \(order.timeInForce) is not GTC, IOC, FOK or GTD")
            }
            guard !order.postOnly else { throw refuse("a market order cannot be post-only") }
        default:
            throw refuse("order type \(order.type) is not market (1) or limit (2)")
        }
        if intent.postOnly && intent.timeInForce != "good_till_canceled" {
            throw refuse("a post-only order must be able to rest: use GTC or GTD, not \(intent.timeInForce)")
        }
        return intent
    }

    /// Applies the market's grid: refuses an off-grid price or count, and fixes a market order's bound.
    public func priced(on rules: KalshiMarketRules, config: KalshiConfig) throws(VenueFailure) -> KalshiOrderIntent {
        var intent = self
        if let problem = rules.countProblem(count, text: countText) { throw VenueFailure(.invalidOrder, problem) }
        let buy = row.action == "buy"
        if isMarket && requestedPrice.isEmpty {
            let worst = buy ? config.marketWorstBuyPrice : config.marketWorstSellPrice
            guard let bound = rules.validPrice(near: worst, buy ? .down : .up) else {
                throw VenueFailure(.invalidOrder, "no valid price on \(ticker)'s grid (\(rules.gridDescription)) near the configured worst \(buy ? "buy" : "sell") price \(DecimalText.format(worst))")
            }
            intent.price = bound
        } else if let problem = rules.priceProblem(price, field: isMarket ? "limit_price (price bound)" : "limit_price") {
            throw VenueFailure(.invalidOrder, problem)
        }
        if isMarket && buy && config.marketBuyBound == .buyMaxCost {
            let cents = DecimalText.round(intent.count * intent.price * 100, scale: 0, .down)
            intent.buyMaxCostCents = Int64(DecimalText.format(cents)) ?? 0
            intent.timeInForce = "fill_or_kill"
        }
        return intent
    }
}
