import Foundation

/// An exact decimal from its text (a float literal would go through `Double` and lose exactness).
func dec(_ text: String) -> Decimal {
    guard let value = Decimal(string: text) else { fatalError("not a decimal: \(text)") }
    return value
}
