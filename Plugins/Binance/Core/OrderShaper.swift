#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// An order after the symbol's filters: quantity and price on the venue's grid, as text to send.
public struct ShapedOrder: Sendable, Equatable {
    /// Quantity, floored to the step and printed with the step's decimals.
    public var quantity: String
    /// Limit price rounded to the tick (buy down, sell up), nil for a plain market order.
    public var price: String?
}

/// Applies a symbol's filters to an order the safe way, or refuses it locally naming the filter.
///
/// Quantity is floored to the lot step (never up: the order never grows) and refused if that takes it
/// below the minimum; a limit price is rounded to the tick in the direction that never makes it worse
/// for the trader (buy down, sell up); the notional of a limit order is checked against the minimum
/// (waived for reduce-only futures orders, as on the venue) and maximum. Market orders' notional is
/// left to the venue, which knows the price they will fill at.
public enum OrderShaper {
    public static func shape(quantity: Decimal, price: Decimal?, side: gw_side, isMarket: Bool, reduceOnly: Bool,
                             rules: SymbolRules) throws(VenueFailure) -> ShapedOrder {
        guard rules.status == "TRADING" else {
            throw VenueFailure(.invalidOrder, "\(rules.symbol) is not trading on Binance (status \(rules.status))")
        }
        // Quantity: LOT_SIZE for every order, MARKET_LOT_SIZE in addition for market orders.
        var grids: [(String, SymbolRules.Grid)] = []
        if let lot = rules.lot { grids.append(("LOT_SIZE", lot)) }
        if isMarket, let lot = rules.marketLot { grids.append(("MARKET_LOT_SIZE", lot)) }
        var qty = quantity
        var qtyScale = DecimalText.scale(of: quantity)
        var stepsUsed: [Decimal] = []
        for (_, grid) in grids where grid.step > 0 {
            qty = floorToGrid(qty, grid)
            stepsUsed.append(grid.step)
        }
        if !stepsUsed.isEmpty { qtyScale = stepsUsed.map(DecimalText.scale(of:)).max() ?? qtyScale }
        for (name, grid) in grids {
            if qty <= 0 || (grid.min > 0 && qty < grid.min) {
                throw VenueFailure(.invalidOrder, "\(name): quantity \(DecimalText.format(quantity)) of \(rules.symbol) rounded down to the step \(DecimalText.format(grid.step)) is \(DecimalText.format(qty)), below minQty \(DecimalText.format(grid.min))",
                                   venueCode: name)
            }
            if grid.max > 0 && qty > grid.max {
                throw VenueFailure(.invalidOrder, "\(name): quantity \(DecimalText.format(qty)) of \(rules.symbol) is above maxQty \(DecimalText.format(grid.max))",
                                   venueCode: name)
            }
        }
        guard qty > 0 else {
            throw VenueFailure(.invalidOrder, "quantity \(DecimalText.format(quantity)) of \(rules.symbol) is not positive")
        }
        if let precision = rules.quantityPrecision, qtyScale > precision {
            qtyScale = precision
            let truncated = DecimalText.round(qty, scale: precision, .down)
            guard truncated > 0 else {
                throw VenueFailure(.invalidOrder, "LOT_SIZE: quantity \(DecimalText.format(qty)) of \(rules.symbol) has more than quantityPrecision \(precision) decimals", venueCode: "LOT_SIZE")
            }
            qty = truncated
        }

        var priceText: String?
        var roundedPrice: Decimal?
        if let price {
            var p = price
            var scale = DecimalText.scale(of: price)
            if let grid = rules.price {
                if grid.step > 0 {
                    p = roundToGrid(p, grid, side == GW_SIDE_BUY ? .down : .up)
                    scale = DecimalText.scale(of: grid.step)
                }
                if p <= 0 || (grid.min > 0 && p < grid.min) {
                    throw VenueFailure(.invalidOrder, "PRICE_FILTER: price \(DecimalText.format(price)) of \(rules.symbol) rounded to the tick \(DecimalText.format(grid.step)) is \(DecimalText.format(p)), below minPrice \(DecimalText.format(grid.min))",
                                       venueCode: "PRICE_FILTER")
                }
                if grid.max > 0 && p > grid.max {
                    throw VenueFailure(.invalidOrder, "PRICE_FILTER: price \(DecimalText.format(p)) of \(rules.symbol) is above maxPrice \(DecimalText.format(grid.max))",
                                       venueCode: "PRICE_FILTER")
                }
            }
            if let precision = rules.pricePrecision, scale > precision {
                throw VenueFailure(.invalidOrder, "PRICE_FILTER: price \(DecimalText.format(p)) of \(rules.symbol) has more than pricePrecision \(precision) decimals", venueCode: "PRICE_FILTER")
            }
            guard p > 0 else { throw VenueFailure(.invalidOrder, "price \(DecimalText.format(price)) of \(rules.symbol) is not positive") }
            roundedPrice = p
            priceText = fixed(p, scale: scale)
        }

        // Notional: checked where the price is known (limit orders and bounded market orders).
        if let p = roundedPrice {
            let notional = p * qty
            let minApplies = !reduceOnly && (!isMarket || rules.minNotionalAppliesToMarket || price != nil)
            if let min = rules.minNotional, min > 0, minApplies, notional < min {
                throw VenueFailure(.invalidOrder, "\(rules.notionalFilterName): notional \(DecimalText.format(notional)) (\(DecimalText.format(qty)) × \(DecimalText.format(p))) of \(rules.symbol) is below the minimum \(DecimalText.format(min))",
                                   venueCode: rules.notionalFilterName)
            }
            if let max = rules.maxNotional, notional > max {
                throw VenueFailure(.invalidOrder, "\(rules.notionalFilterName): notional \(DecimalText.format(notional)) of \(rules.symbol) is above the maximum \(DecimalText.format(max))",
                                   venueCode: rules.notionalFilterName)
            }
        }
        return ShapedOrder(quantity: fixed(qty, scale: qtyScale), price: priceText)
    }

    /// `value` floored onto `min + k × step`.
    static func floorToGrid(_ value: Decimal, _ grid: SymbolRules.Grid) -> Decimal {
        roundToGrid(value, grid, .down)
    }

    static func roundToGrid(_ value: Decimal, _ grid: SymbolRules.Grid, _ rounding: DecimalText.Rounding) -> Decimal {
        guard grid.step > 0 else { return value }
        let base = grid.min > 0 ? grid.min : 0
        guard value > base else { return value }
        return base + DecimalText.round(value - base, toMultipleOf: grid.step, rounding)
    }

    /// `value` printed with exactly `scale` decimals, no exponent ("65000.1", 2 → "65000.10").
    public static func fixed(_ value: Decimal, scale: Int) -> String {
        var text = DecimalText.format(value)
        guard scale > 0 else { return text }
        let current: Int
        if let dot = text.firstIndex(of: ".") {
            current = text.distance(from: dot, to: text.endIndex) - 1
        } else {
            current = 0
            text += "."
        }
        if current < scale { text += String(repeating: "0", count: scale - current) }
        return text
    }
}
