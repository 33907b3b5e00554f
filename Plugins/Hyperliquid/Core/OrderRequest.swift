#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// An order from the host, checked for everything that needs no venue data (before any request).
///
/// - Limit GTC → `Gtc`, GTC + post-only → `Alo`, IOC → `Ioc`.
/// - Market → `Ioc` limit at the host's price bound, or at mid ± `market_slippage` when none is given.
/// - FOK and GTD do not exist on Hyperliquid: refused as unsupported.
public struct OrderRequest: Sendable, Equatable {
    public var clientOrderId: String
    public var market: String
    public var isBuy: Bool
    public var quantity: Decimal
    public var isMarket: Bool
    /// The limit of a limit order, or the optional price bound of a market order.
    public var limitPrice: Decimal?
    public var tif: HyperliquidTif
    public var reduceOnly: Bool

    public init(_ order: VenueOrder) throws(VenueFailure) {
        let id = order.clientOrderId.isEmpty ? "" : " '\(order.clientOrderId)'"
        func refuse(_ why: String) -> VenueFailure { VenueFailure(.invalidOrder, "hyperliquid: order\(id): \(why)") }
        guard !order.market.isEmpty else { throw refuse("market is empty") }
        guard order.outcome == GW_OUTCOME_NONE else {
            throw refuse("Hyperliquid markets have no yes/no outcomes (outcome must be none)")
        }
        switch order.side {
        case GW_SIDE_BUY: isBuy = true
        case GW_SIDE_SELL: isBuy = false
        default: throw refuse("side \(order.side) is neither buy nor sell")
        }
        guard let quantity = DecimalText.positive(order.quantity) else {
            throw refuse("quantity '\(order.quantity)' is not a positive decimal")
        }
        self.quantity = quantity
        clientOrderId = order.clientOrderId
        market = order.market
        reduceOnly = order.reduceOnly
        switch order.timeInForce {
        case GW_TIF_GTC, GW_TIF_IOC: break
        case GW_TIF_FOK:
            throw VenueFailure(.unsupported, "hyperliquid: order\(id): fill-or-kill is not offered by Hyperliquid (only Gtc, Ioc and Alo)")
        case GW_TIF_GTD:
            throw VenueFailure(.unsupported, "hyperliquid: order\(id): good-till-date is not offered by Hyperliquid (only Gtc, Ioc and Alo)")
        default: throw refuse("time in force \(order.timeInForce) is unknown")
        }
        switch order.type {
        case GW_ORDER_LIMIT:
            isMarket = false
            guard let price = DecimalText.positive(order.limitPrice) else {
                throw refuse("limit price '\(order.limitPrice)' is not a positive decimal")
            }
            limitPrice = price
            if order.timeInForce == GW_TIF_IOC {
                guard !order.postOnly else { throw refuse("post-only cannot be immediate-or-cancel") }
                tif = .ioc
            } else {
                tif = order.postOnly ? .alo : .gtc
            }
        case GW_ORDER_MARKET:
            isMarket = true
            guard !order.postOnly else { throw refuse("a market order cannot be post-only") }
            if order.limitPrice.isEmpty {
                limitPrice = nil
            } else {
                guard let bound = DecimalText.positive(order.limitPrice) else {
                    throw refuse("price bound '\(order.limitPrice)' is not a positive decimal")
                }
                limitPrice = bound
            }
            tif = .ioc
        default:
            throw refuse("order type \(order.type) is neither market nor limit")
        }
    }
}
