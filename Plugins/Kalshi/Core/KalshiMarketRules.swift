#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// A market's price grid and count granularity, read from `GET /markets/{ticker}`.
///
/// Kalshi markets have per-market price grids (`price_ranges[{start, end, step}]`, e.g. 0.001 steps
/// below 0.10 and above 0.90 on `tapered_deci_cent` markets) and allow fractional counts only where
/// `fractional_trading_enabled` is true. A price or count off the grid is refused locally with the
/// grid named, instead of being rounded silently or sent to draw a venue error.
public struct KalshiMarketRules: Sendable, Equatable {
    public struct PriceRange: Sendable, Equatable {
        public var start: Decimal
        public var end: Decimal
        public var step: Decimal

        public init(start: Decimal, end: Decimal, step: Decimal) {
            self.start = start
            self.end = end
            self.step = step
        }
    }

    public var ticker: String
    public var status: String
    public var priceLevelStructure: String
    public var ranges: [PriceRange]
    public var fractionalTrading: Bool

    public init(ticker: String, status: String = "active", priceLevelStructure: String, ranges: [PriceRange],
                fractionalTrading: Bool = false) {
        self.ticker = ticker
        self.status = status
        self.priceLevelStructure = priceLevelStructure
        self.ranges = ranges
        self.fractionalTrading = fractionalTrading
    }

    /// The grid a named structure implies, for markets whose reply carries no `price_ranges`.
    static func ranges(forStructure structure: String) -> [PriceRange]? {
        let cent = Decimal(string: "0.01")!, deci = Decimal(string: "0.001")!
        switch structure {
        case "linear_cent": return [PriceRange(start: 0, end: 1, step: cent)]
        case "deci_cent": return [PriceRange(start: 0, end: 1, step: deci)]
        case "tapered_deci_cent":
            return [PriceRange(start: 0, end: Decimal(string: "0.1")!, step: deci),
                    PriceRange(start: Decimal(string: "0.1")!, end: Decimal(string: "0.9")!, step: cent),
                    PriceRange(start: Decimal(string: "0.9")!, end: 1, step: deci)]
        default: return nil
        }
    }

    /// Whether `price` is a price an order may carry: strictly between 0 and 1 and on a range's grid.
    public func isValid(_ price: Decimal) -> Bool {
        guard price > 0, price < 1 else { return false }
        return ranges.contains { range in
            guard price >= range.start, price <= range.end, range.step > 0 else { return false }
            return DecimalText.round(price - range.start, toMultipleOf: range.step, .down) == price - range.start
        }
    }

    /// Why `price` is refused, naming the grid; nil when it is valid.
    public func priceProblem(_ price: Decimal, field: String) -> String? {
        guard !isValid(price) else { return nil }
        let text = DecimalText.format(price)
        if price <= 0 || price >= 1 {
            return "\(field) \(text) is outside the market's price bounds (strictly between 0 and 1) for \(ticker)"
        }
        return "\(field) \(text) is not on \(ticker)'s price grid (\(priceLevelStructure): \(gridDescription))"
    }

    /// The ranges as text, e.g. `0–0.1 step 0.001, 0.1–0.9 step 0.01, 0.9–1 step 0.001`.
    public var gridDescription: String {
        ranges.map { "\(DecimalText.format($0.start))–\(DecimalText.format($0.end)) step \(DecimalText.format($0.step))" }
            .joined(separator: ", ")
    }

    /// The valid price closest to `price` in the given direction (down: the highest valid price ≤ it;
    /// up: the lowest ≥ it), or nil when there is none.
    public func validPrice(near price: Decimal, _ rounding: DecimalText.Rounding) -> Decimal? {
        var candidates: [Decimal] = []
        for range in ranges where range.step > 0 {
            let clamped = min(max(price, range.start), range.end)
            let offset = DecimalText.round(clamped - range.start, toMultipleOf: range.step, rounding == .up ? .up : .down)
            var candidate = range.start + offset
            if candidate > range.end { candidate -= range.step }
            if candidate < range.start { continue }
            if rounding == .up ? candidate >= price : candidate <= price, isValid(candidate) {
                candidates.append(candidate)
            }
        }
        return rounding == .up ? candidates.min() : candidates.max()
    }

    /// Why a count is refused; nil when it is valid. Counts step by 0.01 where fractional trading is on, else by 1.
    public func countProblem(_ count: Decimal, text: String) -> String? {
        let step: Decimal = fractionalTrading ? Decimal(string: "0.01")! : 1
        guard DecimalText.round(count, toMultipleOf: step, .down) != count else { return nil }
        return fractionalTrading
            ? "quantity '\(text)' has more than 2 decimals; \(ticker) trades in steps of 0.01 contracts"
            : "quantity '\(text)' is not a whole number of contracts; \(ticker) does not allow fractional trading"
    }

    /// Reads `{"market": {...}}`; throws a message naming what is missing.
    public static func parse(_ body: [UInt8], ticker: String) throws(VenueFailure) -> KalshiMarketRules {
        struct Reply: Decodable {
            struct Market: Decodable {
                struct Range: Decodable { var start: String; var end: String; var step: String }
                var ticker: String?
                var status: String?
                var price_level_structure: String?
                var price_ranges: [Range]?
                var fractional_trading_enabled: Bool?
            }
            var market: Market
        }
        let reply: Reply
        do {
            reply = try JSONDecoder().decode(Reply.self, from: Data(body))
        } catch {
            throw KalshiErrorMapper.malformed("GET /markets/\(ticker)", body, error)
        }
        let market = reply.market
        let structure = market.price_level_structure ?? ""
        var ranges: [PriceRange] = []
        for range in market.price_ranges ?? [] {
            guard let start = DecimalText.parse(range.start), let end = DecimalText.parse(range.end),
                  let step = DecimalText.positive(range.step), start < end else {
                throw KalshiErrorMapper.malformed("GET /markets/\(ticker)", body,
                                                  "price range {\(range.start), \(range.end), \(range.step)} is not a valid range")
            }
            ranges.append(PriceRange(start: start, end: end, step: step))
        }
        if ranges.isEmpty {
            guard let implied = Self.ranges(forStructure: structure) else {
                throw KalshiErrorMapper.malformed("GET /markets/\(ticker)", body,
                                                  "the market has no price_ranges and an unknown price_level_structure '\(structure)'")
            }
            ranges = implied
        }
        return KalshiMarketRules(ticker: market.ticker ?? ticker, status: market.status ?? "", priceLevelStructure: structure,
                                 ranges: ranges, fractionalTrading: market.fractional_trading_enabled ?? false)
    }
}
