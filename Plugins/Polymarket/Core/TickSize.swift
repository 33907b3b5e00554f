#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// A market's minimum price increment, with the decimal places the CLOB allows for price, size and amount.
///
/// The table is the same in py-clob-client, py-clob-client-v2 and the unified `polymarket-client`; a tick
/// not in it is refused rather than guessed.
public struct TickSize: Sendable, Hashable, CustomStringConvertible {
    public let value: Decimal
    public let priceDecimals: Int
    public let sizeDecimals: Int
    public let amountDecimals: Int

    static let table: [(String, Int, Int, Int)] = [
        ("0.1", 1, 2, 3), ("0.01", 2, 2, 4), ("0.005", 3, 2, 5), ("0.0025", 4, 2, 6), ("0.001", 3, 2, 5), ("0.0001", 4, 2, 6),
    ]

    /// The tick for a venue value ("0.01", "0.010", 0.01); nil if it is not one the CLOB uses.
    public init?(_ text: String) {
        guard let parsed = DecimalText.parse(text) else { return nil }
        guard let row = Self.table.first(where: { Decimal(string: $0.0)! == parsed }) else { return nil }
        value = parsed
        priceDecimals = row.1
        sizeDecimals = row.2
        amountDecimals = row.3
    }

    /// Every tick the CLOB uses.
    public static var all: [TickSize] { table.compactMap { TickSize($0.0) } }

    public var description: String { DecimalText.format(value) }

    /// Whether `price` lies on the grid within `[tick, 1 - tick]`, as the unified client and the exchange require.
    ///
    /// Works on the digits (price and tick as integers at the tick's places), without a `Decimal` division.
    public func isOnGrid(_ price: Decimal) -> Bool {
        guard price >= value, price <= 1 - value else { return false }
        let places = DecimalRounding.places(value)
        guard DecimalRounding.places(price) <= places,
              let priceUnits = Self.units(price, places), let tickUnits = Self.units(value, places), tickUnits > 0 else { return false }
        return priceUnits % tickUnits == 0
    }

    /// `value × 10^places` as an integer, for a value with at most `places` decimals.
    static func units(_ value: Decimal, _ places: Int) -> Int64? {
        let text = DecimalText.format(value)
        let parts = text.split(separator: ".", maxSplits: 1)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        guard fraction.count <= places else { return nil }
        return Int64(String(parts[0]) + fraction + String(repeating: "0", count: places - fraction.count))
    }
}
