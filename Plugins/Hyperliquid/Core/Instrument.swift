#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// One tradable Hyperliquid asset: its coin name, asset index and size decimals, and the venue's
/// price and size rules for it.
///
/// Perp asset ids are positions in `meta.universe`; spot asset ids are `10000 + spotMeta.universe[i].index`
/// with the base token's `szDecimals`.
public struct Instrument: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case perp, spot }

    /// The coin as the venue names it in orders and replies: "BTC", "PURR/USDC", "@107".
    public var coin: String
    public var asset: Int
    public var szDecimals: Int
    public var kind: Kind

    public init(coin: String, asset: Int, szDecimals: Int, kind: Kind) {
        self.coin = coin
        self.asset = asset
        self.szDecimals = szDecimals
        self.kind = kind
    }

    /// Most decimals a non-integer price may have: 6 − szDecimals for perps, 8 − szDecimals for spot.
    public var maxPriceDecimals: Int { max(0, (kind == .perp ? 6 : 8) - szDecimals) }

    /// Most significant figures of a non-integer price.
    public static let maxSignificantFigures = 5

    // MARK: Rules

    /// Checks a size: positive, at most `szDecimals` decimals. Never rounds: the caller's size is explicit.
    public func checkSize(_ size: Decimal) throws(VenueFailure) {
        guard size > 0 else { throw VenueFailure(.invalidOrder, "quantity must be greater than zero for \(coin)") }
        let decimals = DecimalText.scale(of: size)
        guard decimals <= szDecimals else {
            throw VenueFailure(.invalidOrder, "quantity \(DecimalText.format(size)) for \(coin) has \(decimals) decimals; "
                + "the venue allows at most \(szDecimals) (szDecimals)")
        }
    }

    /// Checks a price: positive; integers always pass; others need at most 5 significant figures and at
    /// most ``maxPriceDecimals`` decimals.
    public func checkPrice(_ price: Decimal) throws(VenueFailure) {
        guard price > 0 else { throw VenueFailure(.invalidOrder, "price must be greater than zero for \(coin)") }
        let decimals = DecimalText.scale(of: price)
        guard decimals > 0 else { return }
        let figures = Self.significantFigures(price)
        guard figures <= Self.maxSignificantFigures else {
            throw VenueFailure(.invalidOrder, "price \(DecimalText.format(price)) for \(coin) has \(figures) significant figures; "
                + "the venue allows at most \(Self.maxSignificantFigures) unless the price is an integer")
        }
        guard decimals <= maxPriceDecimals else {
            throw VenueFailure(.invalidOrder, "price \(DecimalText.format(price)) for \(coin) has \(decimals) decimals; the venue allows at most "
                + "\(maxPriceDecimals) (\(kind == .perp ? 6 : 8) - szDecimals \(szDecimals))")
        }
    }

    /// The aggressive IOC price of a market order, as the SDK's `_slippage_price`: mid × (1 ± slippage),
    /// rounded to 5 significant figures, then to ``maxPriceDecimals`` decimals (nearest).
    public func slippagePrice(mid: Decimal, isBuy: Bool, slippage: Decimal) -> Decimal {
        let raw = mid * (isBuy ? 1 + slippage : 1 - slippage)
        let figures = Self.roundSignificant(raw, figures: Self.maxSignificantFigures, .nearest)
        return DecimalText.round(figures, scale: maxPriceDecimals, .nearest)
    }

    /// A caller's price bound made valid by rounding toward the inside of the bound (a buy's limit down,
    /// a sell's up), so that the order never trades beyond it.
    public func inwardPrice(_ bound: Decimal, isBuy: Bool) -> Decimal {
        guard DecimalText.scale(of: bound) > 0 else { return bound }
        let mode: DecimalText.Rounding = isBuy ? .down : .up
        let figures = Self.roundSignificant(bound, figures: Self.maxSignificantFigures, mode)
        return DecimalText.round(figures, scale: maxPriceDecimals, mode)
    }

    /// Significant figures of a positive decimal (trailing zeros of the fraction do not count).
    static func significantFigures(_ value: Decimal) -> Int {
        let digits = DecimalText.format(value).filter(\.isNumber)
        let trimmed = digits.drop { $0 == "0" }
        if DecimalText.scale(of: value) > 0 { return trimmed.count }
        return String(trimmed.reversed()).drop { $0 == "0" }.count
    }

    /// `value` rounded to `figures` significant figures (may round to tens, hundreds, … for large values).
    static func roundSignificant(_ value: Decimal, figures: Int, _ mode: DecimalText.Rounding) -> Decimal {
        guard value > 0 else { return value }
        let text = DecimalText.format(value)
        let parts = text.split(separator: ".", maxSplits: 1)
        let integerDigits = parts[0].drop { $0 == "0" }.count
        let scale: Int
        if integerDigits > 0 {
            scale = figures - integerDigits
        } else {
            let fraction = parts.count > 1 ? parts[1] : ""
            scale = fraction.prefix { $0 == "0" }.count + figures
        }
        if scale >= 0 { return DecimalText.round(value, scale: scale, mode) }
        var step = Decimal(1)
        for _ in 0..<(-scale) { step *= 10 }
        return DecimalText.round(value, toMultipleOf: step, mode)
    }
}
