#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// Decimal text as the SDK's `float_to_wire` writes prices and sizes: no exponent, no trailing zeros,
/// no trailing dot ("1800.5", "100", "0.00000001"), and never more than 8 decimals.
///
/// The text is part of the signed action: "1800.50" instead of "1800.5" signs as a different wallet.
public enum WireNumber {
    public static let maxDecimals = 8

    /// The wire text of `value`; fails (instead of rounding, as the SDK) beyond 8 decimals.
    public static func text(_ value: Decimal, field: String) throws(VenueFailure) -> String {
        guard DecimalText.scale(of: value) <= maxDecimals else {
            throw VenueFailure(.invalidOrder, "\(field) \(DecimalText.format(value)) has more than \(maxDecimals) decimals")
        }
        return DecimalText.format(value)
    }
}
