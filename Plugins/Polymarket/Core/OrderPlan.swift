#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// A gateway order checked against the CLOB's rules and turned into the CLOB's order type and amounts.
///
/// | gateway | CLOB |
/// |---|---|
/// | LIMIT + GTC / GTD | GTC / GTD, limit amounts (`quantity` shares at `limit_price`) |
/// | LIMIT + IOC / FOK | FAK / FOK, market amounts at `limit_price` |
/// | MARKET + FOK / anything else | FOK / FAK, market amounts at the bound (`limit_price`, else the book) |
///
/// Market amounts: a BUY spends `quantity × price` dollars (floored to cents; the CLOB then floors the shares),
/// a SELL sells `quantity` shares.
struct OrderPlan {
    let side: OrderSide
    let quantity: Decimal
    /// The limit price, or a market order's bound; nil for a market order that takes its price from the book.
    let limit: Decimal?
    /// GTC, GTD, FOK or FAK.
    let orderType: String
    /// Whether the order must execute now (FOK/FAK).
    let immediate: Bool
    /// Unix seconds for GTD, "0" otherwise.
    let expiration: String

    /// The CLOB refuses GTD expirations less than 3 minutes ahead, and ends GTD orders one minute early.
    static let minimumExpirationLeadSeconds: Int64 = 180
    static let expirationSecurityThresholdSeconds: Int64 = 60
    /// Marketable BUY orders must spend at least one dollar.
    static let minimumMarketBuyDollars: Decimal = 1

    init(_ order: VenueOrder, nowMs: Int64) throws(VenueFailure) {
        guard !order.clientOrderId.isEmpty else { throw VenueFailure(.invalidOrder, "client_order_id is empty") }
        switch order.side {
        case GW_SIDE_BUY: side = .buy
        case GW_SIDE_SELL: side = .sell
        default: throw VenueFailure(.invalidOrder, "side \(order.side) is not buy (1) or sell (2)")
        }
        guard [GW_OUTCOME_NONE, GW_OUTCOME_YES, GW_OUTCOME_NO].contains(order.outcome) else {
            throw VenueFailure(.invalidOrder, "outcome \(order.outcome) is not none, yes or no")
        }
        guard let quantity = DecimalText.positive(order.quantity) else {
            throw VenueFailure(.invalidOrder, "quantity '\(order.quantity)' is not a positive decimal")
        }
        guard DecimalRounding.places(quantity) <= 2 else {
            throw VenueFailure(.invalidOrder, "quantity \(order.quantity) has more than 2 decimal places: the CLOB trades shares in hundredths",
                               venueCode: "size_step")
        }
        self.quantity = quantity
        if order.reduceOnly && side == .buy {
            throw VenueFailure(.invalidOrder, "reduce-only BUY is not possible on Polymarket (a SELL can only sell shares held, so SELLs are reduce-only by nature)")
        }
        var limit: Decimal?
        if !order.limitPrice.isEmpty {
            guard let price = DecimalText.positive(order.limitPrice) else {
                throw VenueFailure(.invalidOrder, "limit_price '\(order.limitPrice)' is not a positive decimal")
            }
            limit = price
        }
        switch order.type {
        case GW_ORDER_LIMIT:
            guard limit != nil else { throw VenueFailure(.invalidOrder, "a limit order needs limit_price") }
            switch order.timeInForce {
            case GW_TIF_GTC: orderType = "GTC"
            case GW_TIF_GTD: orderType = "GTD"
            case GW_TIF_IOC: orderType = "FAK"
            case GW_TIF_FOK: orderType = "FOK"
            default: throw VenueFailure(.invalidOrder, "time in force \(order.timeInForce) is unknown")
            }
        case GW_ORDER_MARKET:
            switch order.timeInForce {
            case GW_TIF_FOK: orderType = "FOK"
            case GW_TIF_GTD: throw VenueFailure(.invalidOrder, "a market order cannot be GTD")
            default: orderType = "FAK"
            }
        default:
            throw VenueFailure(.invalidOrder, "order type \(order.type) is not market (1) or limit (2)")
        }
        self.limit = limit
        immediate = orderType == "FOK" || orderType == "FAK"
        if order.postOnly && immediate {
            throw VenueFailure(.invalidOrder, "post-only is refused with \(orderType) (IOC/FOK/market) orders: it only applies to GTC and GTD")
        }
        if orderType == "GTD" {
            guard order.expireAtUnixMs > 0 else { throw VenueFailure(.invalidOrder, "a GTD order needs expire_at_unix_ms") }
            // The CLOB stops a GTD order a minute before `expiration`, so it is sent one minute later.
            let seconds = (order.expireAtUnixMs + 999) / 1000 + Self.expirationSecurityThresholdSeconds
            guard seconds >= nowMs / 1000 + Self.minimumExpirationLeadSeconds else {
                throw VenueFailure(.invalidOrder,
                                   "expire_at_unix_ms must be at least 2 minutes ahead: the CLOB refuses expirations less than 3 minutes away and ends GTD orders one minute early",
                                   venueCode: "invalid_expiration")
            }
            expiration = String(seconds)
        } else {
            expiration = "0"
        }
    }

    /// The signed amounts under the market's rules.
    ///
    /// - Throws: `.invalidOrder` for tick and size violations (named), `.venueRejected` when the book cannot serve
    ///   a market order.
    func amounts(rules: TokenRules, bids: [BookLevel], asks: [BookLevel]) throws(VenueFailure) -> OrderAmounts {
        let tick = rules.tick
        if let limit { try OrderAmounts.checkGrid(limit, tick, field: immediate ? "price" : "limit_price") }
        guard immediate else {
            if let minimum = rules.minOrderSize, quantity < minimum {
                throw VenueFailure(.invalidOrder,
                                   "quantity \(DecimalText.format(quantity)) is below the market's minimum order size of \(DecimalText.format(minimum)) shares",
                                   venueCode: "min_order_size")
            }
            return try OrderAmounts.limit(side: side, price: limit!, size: quantity, tick: tick)
        }
        var price: Decimal
        if let limit {
            price = limit
        } else {
            guard let walked = PolymarketVenue.marketPrice(side: side, quantity: quantity, bids: bids, asks: asks) else {
                throw VenueFailure(.venueRejected, "the book has no \(side == .buy ? "asks" : "bids") to \(side == .buy ? "buy from" : "sell to")",
                                   venueCode: "no_match")
            }
            if !walked.complete && orderType == "FOK" {
                throw VenueFailure(.venueRejected, "the book cannot fill \(DecimalText.format(quantity)) shares: a FOK order would be killed",
                                   venueCode: "no_match")
            }
            price = walked.price
        }
        let amounts: OrderAmounts
        switch side {
        case .buy: amounts = try OrderAmounts.market(side: .buy, amount: quantity * price, price: price, tick: tick)
        case .sell: amounts = try OrderAmounts.market(side: .sell, amount: quantity, price: price, tick: tick)
        }
        if side == .buy && amounts.dollars < Self.minimumMarketBuyDollars {
            throw VenueFailure(.invalidOrder,
                               "a marketable BUY must spend at least $1; this one spends $\(DecimalText.format(amounts.dollars))",
                               venueCode: "min_order_size")
        }
        return amounts
    }
}
