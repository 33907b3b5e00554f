#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// `GET /portfolio/balance`: still integer cents (`balance`, `portfolio_value`), with `balance_dollars` in newer replies.
///
/// Available is the cash balance; total adds the value of the positions held.
public struct KalshiBalance: Decodable, Sendable, Equatable {
    public var balance: Int64
    public var balance_dollars: String?
    public var portfolio_value: Int64?

    public var contractBalance: VenueBalance {
        let available = KalshiFixedPoint.parse(balance_dollars) ?? KalshiFixedPoint.dollars(cents: balance)
        let total = available + KalshiFixedPoint.dollars(cents: portfolio_value ?? 0)
        return VenueBalance(currency: "USD", total: KalshiFixedPoint.canonical(total), available: KalshiFixedPoint.canonical(available))
    }
}
