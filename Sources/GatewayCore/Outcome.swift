/// Which side of a binary (prediction-market) contract an order trades.
///
/// On Kalshi and Polymarket, YES and NO are separate instruments with separate prices: buying NO is a
/// position of its own, not a short of YES. Orders on venues without outcomes (perps, spot) carry
/// `nil` instead of an `Outcome`.
public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// The contract that pays out if the event happens.
    case yes
    /// The contract that pays out if the event does not happen.
    case no
}
