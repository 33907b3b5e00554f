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
    public func isOnGrid(_ price: Decimal) -> Bool {
        guard price >= value, price <= 1 - value else { return false }
        guard DecimalRounding.places(price) <= DecimalRounding.places(value) else { return false }
        let steps = price / value
        return DecimalRounding.places(steps) == 0
    }
}
