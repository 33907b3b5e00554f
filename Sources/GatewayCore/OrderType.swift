/// How an order is priced: at the market, or no worse than a limit price.
public enum OrderType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Execute against the book now at whatever price is available (venues may apply a protection band).
    case market
    /// Execute only at ``CanonicalOrder/limitPrice`` or better; the remainder may rest on the book.
    case limit
}
