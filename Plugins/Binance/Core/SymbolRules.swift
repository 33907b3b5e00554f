#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// One symbol's trading rules from `exchangeInfo`: the filters an order must satisfy before it is sent.
///
/// - `PRICE_FILTER {minPrice, maxPrice, tickSize}`: `minPrice <= price <= maxPrice`,
///   `(price - minPrice) % tickSize == 0`; a zero disables that part.
/// - `LOT_SIZE {minQty, maxQty, stepSize}` (all orders) and `MARKET_LOT_SIZE` (market orders): the
///   same rule on the quantity.
/// - Spot `NOTIONAL {minNotional, maxNotional, applyMinToMarket, applyMaxToMarket}` (older symbols:
///   `MIN_NOTIONAL {minNotional, applyToMarket}`); USD-M `MIN_NOTIONAL {notional}`, waived for
///   reduce-only orders.
public struct SymbolRules: Sendable, Equatable {
    /// A `[min, max]` range on a grid of `step` from `min` (zeros disable a part).
    public struct Grid: Sendable, Equatable {
        public var min: Decimal
        public var max: Decimal
        public var step: Decimal
        public init(min: Decimal, max: Decimal, step: Decimal) {
            self.min = min
            self.max = max
            self.step = step
        }
    }

    public var symbol: String
    public var status: String
    public var baseAsset: String
    public var quoteAsset: String
    public var price: Grid?
    public var lot: Grid?
    public var marketLot: Grid?
    public var minNotional: Decimal?
    public var minNotionalAppliesToMarket: Bool
    public var maxNotional: Decimal?
    /// The filter that carries the minimum notional (`NOTIONAL` or `MIN_NOTIONAL`), for messages.
    public var notionalFilterName: String
    /// Futures `quantityPrecision` / `pricePrecision`: an upper bound on decimals (-1111 beyond).
    public var quantityPrecision: Int?
    public var pricePrecision: Int?

    public init(symbol: String, status: String = "TRADING", baseAsset: String = "", quoteAsset: String = "",
                price: Grid? = nil, lot: Grid? = nil, marketLot: Grid? = nil, minNotional: Decimal? = nil,
                minNotionalAppliesToMarket: Bool = false, maxNotional: Decimal? = nil,
                notionalFilterName: String = "NOTIONAL", quantityPrecision: Int? = nil, pricePrecision: Int? = nil) {
        self.symbol = symbol
        self.status = status
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.price = price
        self.lot = lot
        self.marketLot = marketLot
        self.minNotional = minNotional
        self.minNotionalAppliesToMarket = minNotionalAppliesToMarket
        self.maxNotional = maxNotional
        self.notionalFilterName = notionalFilterName
        self.quantityPrecision = quantityPrecision
        self.pricePrecision = pricePrecision
    }

    /// Reads one element of `exchangeInfo.symbols`. Nil if it has no `symbol`.
    /// - Throws: a message naming the filter and field when a filter value is not a decimal.
    public static func parse(_ json: BinanceJSON) throws(RulesError) -> SymbolRules? {
        guard let symbol = json["symbol"]?.text else { return nil }
        var rules = SymbolRules(symbol: symbol, status: json["status"]?.text ?? "TRADING",
                                baseAsset: json["baseAsset"]?.text ?? "", quoteAsset: json["quoteAsset"]?.text ?? "")
        rules.quantityPrecision = json["quantityPrecision"]?.int64.map(Int.init)
        rules.pricePrecision = json["pricePrecision"]?.int64.map(Int.init)
        for filter in json["filters"]?.array ?? [] {
            guard let type = filter["filterType"]?.text else { continue }
            func decimal(_ field: String) throws(RulesError) -> Decimal? {
                guard let value = filter[field] else { return nil }
                guard let text = value.text, let parsed = DecimalText.parse(text) else {
                    throw RulesError("\(symbol): filter \(type).\(field) is not a decimal: \(value)")
                }
                return parsed
            }
            func grid(_ minField: String, _ maxField: String, _ stepField: String) throws(RulesError) -> Grid {
                Grid(min: try decimal(minField) ?? 0, max: try decimal(maxField) ?? 0, step: try decimal(stepField) ?? 0)
            }
            switch type {
            case "PRICE_FILTER": rules.price = try grid("minPrice", "maxPrice", "tickSize")
            case "LOT_SIZE": rules.lot = try grid("minQty", "maxQty", "stepSize")
            case "MARKET_LOT_SIZE": rules.marketLot = try grid("minQty", "maxQty", "stepSize")
            case "NOTIONAL":
                rules.notionalFilterName = "NOTIONAL"
                rules.minNotional = try decimal("minNotional")
                rules.minNotionalAppliesToMarket = filter["applyMinToMarket"]?.bool ?? false
                if let max = try decimal("maxNotional"), max > 0 { rules.maxNotional = max }
            case "MIN_NOTIONAL":
                rules.notionalFilterName = "MIN_NOTIONAL"
                // Spot (older symbols): minNotional + applyToMarket; USD-M: notional.
                if let spot = try decimal("minNotional") { rules.minNotional = spot } else { rules.minNotional = try decimal("notional") }
                rules.minNotionalAppliesToMarket = filter["applyToMarket"]?.bool ?? false
            default: continue
            }
        }
        return rules
    }
}

/// A malformed `exchangeInfo` entry.
public struct RulesError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
