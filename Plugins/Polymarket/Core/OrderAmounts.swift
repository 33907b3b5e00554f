#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// Buy or sell, as the CLOB writes it in the signed struct (0/1) and in the JSON body ("BUY"/"SELL").
public enum OrderSide: Sendable, Hashable {
    case buy
    case sell

    public var structValue: UInt64 { self == .buy ? 0 : 1 }
    public var text: String { self == .buy ? "BUY" : "SELL" }
}

/// The maker and taker amounts of a V2 order, in 6-decimal base units, computed with exact decimals.
///
/// Follows the unified `polymarket-client` (Python `Decimal`), which py-clob-client-v2 matches except
/// where its binary floats drift (about 4% of limit orders sign one hundredth of a share less):
///
/// - limit: BUY `taker = floor(size, 2)` shares, `maker = taker × price` dollars; SELL the other way round;
/// - market: `maker = floor(amount, 2)` (dollars for BUY, shares for SELL), `taker = maker ÷ price` (BUY) or
///   `maker × price` (SELL);
/// - a dollar side with more places than the tick allows is ceiled to `places + 4` and then, if still too
///   long, floored to `places`; base units are `× 10^6` rounded half-even.
public struct OrderAmounts: Sendable, Hashable {
    /// Base units the maker gives (dollars for BUY, shares for SELL).
    public var makerAmount: String
    /// Base units the maker receives.
    public var takerAmount: String
    /// The share side as a decimal (what a report calls the quantity).
    public var shares: Decimal
    /// The dollar side as a decimal.
    public var dollars: Decimal
    /// The price the amounts were computed at.
    public var price: Decimal

    /// Amounts of a limit order of `size` shares at `price`.
    /// - Throws: `VenueFailure(.invalidOrder)` naming the rule: price off the tick grid, size below a hundredth.
    public static func limit(side: OrderSide, price: Decimal, size: Decimal, tick: TickSize) throws(VenueFailure) -> OrderAmounts {
        try checkGrid(price, tick, field: "limit_price")
        let px = DecimalRounding.round(price, tick.priceDecimals, .halfEven)
        let shares = DecimalRounding.round(size, tick.sizeDecimals, .floor)
        guard shares > 0 else {
            throw VenueFailure(.invalidOrder, "quantity \(DecimalText.format(size)) is less than 0.01 share, the CLOB's smallest size step")
        }
        let dollars = roundAmount(shares * px, tick.amountDecimals)
        guard dollars > 0 else {
            throw VenueFailure(.invalidOrder, "order value rounds to 0 at tick \(tick)")
        }
        switch side {
        case .buy:
            return OrderAmounts(makerAmount: DecimalRounding.baseUnits(dollars), takerAmount: DecimalRounding.baseUnits(shares),
                                shares: shares, dollars: dollars, price: px)
        case .sell:
            return OrderAmounts(makerAmount: DecimalRounding.baseUnits(shares), takerAmount: DecimalRounding.baseUnits(dollars),
                                shares: shares, dollars: dollars, price: px)
        }
    }

    /// Amounts of a market order: `amount` is dollars to spend for BUY, shares to sell for SELL; `price` is
    /// the worst acceptable price (floored to the tick's places, then required on the grid).
    public static func market(side: OrderSide, amount: Decimal, price: Decimal, tick: TickSize) throws(VenueFailure) -> OrderAmounts {
        let px = DecimalRounding.round(price, tick.priceDecimals, .floor)
        try checkGrid(px, tick, field: "price bound")
        let maker = DecimalRounding.round(amount, tick.sizeDecimals, .floor)
        guard maker > 0 else {
            throw VenueFailure(.invalidOrder, side == .buy
                ? "market BUY spends \(DecimalText.format(amount)) dollars, which rounds to 0 at 2 decimals"
                : "quantity \(DecimalText.format(amount)) is less than 0.01 share, the CLOB's smallest size step")
        }
        let taker = roundAmount(side == .buy ? maker / px : maker * px, tick.amountDecimals)
        guard taker > 0 else { throw VenueFailure(.invalidOrder, "market order receives nothing at price \(DecimalText.format(px))") }
        return OrderAmounts(makerAmount: DecimalRounding.baseUnits(maker), takerAmount: DecimalRounding.baseUnits(taker),
                            shares: side == .buy ? taker : maker, dollars: side == .buy ? maker : taker, price: px)
    }

    /// Refuses a price that is not a multiple of the tick within `[tick, 1 - tick]`.
    public static func checkGrid(_ price: Decimal, _ tick: TickSize, field: String) throws(VenueFailure) {
        guard tick.isOnGrid(price) else {
            throw VenueFailure(.invalidOrder,
                               "\(field) \(DecimalText.format(price)) is not on the market's tick grid: it must be a multiple of \(tick) between \(tick) and \(DecimalText.format(1 - tick.value))",
                               venueCode: "tick_size")
        }
    }

    /// The dollar-side rule: ceil to `places + 4` (the float-noise guard of the clients), then floor to `places`.
    static func roundAmount(_ value: Decimal, _ places: Int) -> Decimal {
        guard DecimalRounding.places(value) > places else { return value }
        var rounded = DecimalRounding.round(value, places + 4, .ceiling)
        if DecimalRounding.places(rounded) > places { rounded = DecimalRounding.round(rounded, places, .floor) }
        return rounded
    }
}
