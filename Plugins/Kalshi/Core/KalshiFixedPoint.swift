#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// Kalshi's fixed-point strings: dollars (`"0.5600"`, 4 decimals, up to 6) and counts (`"10.00"`, 2 decimals).
///
/// Since 2026-03-12 replies carry only these (`*_dollars`, `*_fp`); the legacy integer cents and counts
/// are gone from responses. Requests are written in the same form the venue answers in.
public enum KalshiFixedPoint {
    /// `value` with at least `places` decimals (more if it has more, up to `maxPlaces`), e.g. 0.56 → "0.5600".
    public static func format(_ value: Decimal, places: Int, maxPlaces: Int = 6) -> String {
        let scale = min(max(places, DecimalText.scale(of: value)), maxPlaces)
        let rounded = DecimalText.round(value, scale: scale, .nearest)
        var text = DecimalText.format(rounded)
        let have = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? -1
        if have < 0 {
            if scale > 0 { text += "." + String(repeating: "0", count: scale) }
        } else if have < scale {
            text += String(repeating: "0", count: scale - have)
        }
        return text
    }

    /// A dollar price as the venue writes it ("0.5600").
    public static func dollars(_ value: Decimal) -> String { format(value, places: 4) }

    /// A contract count as the venue writes it ("10.00").
    public static func count(_ value: Decimal) -> String { format(value, places: 2, maxPlaces: 2) }

    /// Parses a fixed-point field; nil when absent or not a plain decimal.
    public static func parse(_ text: String?) -> Decimal? {
        guard let text else { return nil }
        return DecimalText.parse(text)
    }

    /// The plain canonical form of a decimal for reports ("10.00" → "10", "0.5600" → "0.56").
    public static func canonical(_ value: Decimal) -> String { DecimalText.format(value) }

    /// Dollars from integer cents (the balance endpoint still answers in cents).
    public static func dollars(cents: Int64) -> Decimal { Decimal(cents) / 100 }
}
