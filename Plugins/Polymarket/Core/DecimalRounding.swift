#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// Exact rounding of non-negative decimals to a number of decimal places, done on the digits.
///
/// The CLOB's amount rules (floor, ceil, half-even at given places) are those of Python's
/// `Decimal.quantize`; doing them on the decimal digits keeps them exact, with no binary step.
public enum DecimalRounding {
    public enum Mode: Sendable {
        case floor
        case ceiling
        case halfEven
    }

    /// Decimal places of `value` once trailing zeros are dropped ("0.50" → 1, "12" → 0).
    public static func places(_ value: Decimal) -> Int { DecimalText.scale(of: value) }

    /// `value` rounded to `decimals` places; returned unchanged when it has no more places than that.
    /// Only for `value >= 0` (every CLOB amount is); a negative value is returned unchanged.
    public static func round(_ value: Decimal, _ decimals: Int, _ mode: Mode) -> Decimal {
        let text = DecimalText.format(value)
        guard !text.hasPrefix("-") else { return value }
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard fraction.count > decimals else { return value }
        let kept = Array(fraction.prefix(decimals))
        let rest = Array(fraction.dropFirst(decimals))
        var digits = Array(whole) + kept
        let restNonZero = rest.contains { $0 != "0" }
        let roundUp: Bool
        switch mode {
        case .floor: roundUp = false
        case .ceiling: roundUp = restNonZero
        case .halfEven:
            let first = rest.first ?? "0"
            if first > "5" {
                roundUp = true
            } else if first < "5" {
                roundUp = false
            } else if rest.dropFirst().contains(where: { $0 != "0" }) {
                roundUp = true
            } else {
                let last = digits.last.flatMap { $0.wholeNumberValue } ?? 0
                roundUp = last % 2 == 1
            }
        }
        if roundUp {
            var index = digits.count - 1
            while index >= 0 {
                if digits[index] == "9" {
                    digits[index] = "0"
                    index -= 1
                } else {
                    digits[index] = Character(String(digits[index].wholeNumberValue! + 1))
                    break
                }
            }
            if index < 0 { digits.insert("1", at: 0) }
        }
        let wholeCount = digits.count - decimals
        let wholeText = String(digits.prefix(wholeCount))
        let fractionText = String(digits.suffix(decimals))
        return Decimal(string: decimals > 0 ? "\(wholeText).\(fractionText)" : wholeText) ?? value
    }

    /// `value × 10^6` as a decimal integer string, rounded half-even (the venue's 6-decimal base units).
    public static func baseUnits(_ value: Decimal) -> String {
        let scaled = round(value * Decimal(1_000_000), 0, .halfEven)
        return DecimalText.format(scaled)
    }
}
