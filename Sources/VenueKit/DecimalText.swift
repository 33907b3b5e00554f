#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Strict decimal strings as the contract carries them, and exact rounding for venue rules.
///
/// `Decimal(string:)` is lenient (it reads "12abc" as 12 and accepts exponents); money must not be,
/// so parsing here accepts only `-?digits(.digits)?`.
public enum DecimalText {
    /// Parses a plain decimal string; nil for anything else ("", "1e5", "NaN", "12abc", " 1").
    public static func parse(_ text: String) -> Decimal? {
        var digitsBefore = 0, digitsAfter = 0, seenDot = false, index = 0
        for byte in text.utf8 {
            defer { index += 1 }
            switch byte {
            case UInt8(ascii: "-") where index == 0: continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"): if seenDot { digitsAfter += 1 } else { digitsBefore += 1 }
            case UInt8(ascii: ".") where !seenDot: seenDot = true
            default: return nil
            }
        }
        guard digitsBefore > 0, !seenDot || digitsAfter > 0, digitsBefore + digitsAfter <= 38 else { return nil }
        return Decimal(string: text)
    }

    /// Parses a strictly positive decimal string.
    public static func positive(_ text: String) -> Decimal? {
        guard let value = parse(text), value > 0 else { return nil }
        return value
    }

    /// The plain string form (no exponent, no trailing zeros).
    public static func format(_ value: Decimal) -> String {
        let text = "\(value)"
        return text == "-0" ? "0" : text
    }

    /// How to round to a grid.
    public enum Rounding: Sendable {
        /// Toward negative infinity.
        case down
        /// Toward positive infinity.
        case up
        /// To the nearest grid point, halves away from zero.
        case nearest
    }

    /// Rounds `value` to a multiple of `step` (a tick or lot size, > 0). Exact for decimal steps.
    ///
    /// Steps that are powers of ten (0.01, 1, 100) are rounded on the digits, without any division:
    /// Foundation's `Decimal` division allocates and costs microseconds, too slow for an order path.
    public static func round(_ value: Decimal, toMultipleOf step: Decimal, _ rounding: Rounding) -> Decimal {
        precondition(step > 0, "step must be positive")
        if step.significand == 1 {
            let scale = -step.exponent
            if scale >= 0 { return round(value, scale: scale, rounding) }
        }
        let units = value / step
        return integer(units, rounding) * step
    }

    /// Rounds `value` to `scale` decimal places (`scale` >= 0), working on its digits.
    public static func round(_ value: Decimal, scale: Int, _ rounding: Rounding) -> Decimal {
        let text = format(value)
        guard let dot = text.firstIndex(of: ".") else { return value }
        let places = text.distance(from: dot, to: text.endIndex) - 1
        guard places > max(scale, 0) else { return value }
        let negative = text.hasPrefix("-")
        let cut = scale > 0 ? text.index(dot, offsetBy: scale + 1) : dot
        let kept = Decimal(string: String(text[..<cut])) ?? 0  // truncated toward zero
        let dropped = text[cut...].filter { $0 != "." }
        guard dropped.contains(where: { $0 != "0" }) else { return kept }
        let away: Bool
        switch rounding {
        case .down: away = negative
        case .up: away = !negative
        case .nearest: away = (dropped.first ?? "0") >= "5"
        }
        guard away else { return kept }
        let ulp = Decimal(sign: .plus, exponent: -max(scale, 0), significand: 1)
        return negative ? kept - ulp : kept + ulp
    }

    /// The number of decimal places `value` has ("0.010" → 2 after normalisation, "5" → 0).
    public static func scale(of value: Decimal) -> Int {
        let text = format(value)
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: dot, to: text.endIndex) - 1
    }

    private static func integer(_ value: Decimal, _ rounding: Rounding) -> Decimal {
        let text = format(value)
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        let whole = Decimal(string: String(parts[0])) ?? 0
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let hasFraction = fraction.contains { $0 != "0" }
        let truncated = negative ? -whole : whole  // toward zero
        guard hasFraction else { return truncated }
        switch rounding {
        case .down: return negative ? truncated - 1 : truncated
        case .up: return negative ? truncated : truncated + 1
        case .nearest:
            let half = fraction.first.map { $0 >= "5" } ?? false
            if !half { return truncated }
            return negative ? truncated - 1 : truncated + 1
        }
    }
}
