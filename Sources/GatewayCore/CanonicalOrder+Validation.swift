#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CanonicalOrder {
    /// Checks the fields that every venue needs to be consistent, before the order leaves the gateway.
    ///
    /// Venue-specific rules (tick size, lot size, minimum notional) are the plugin's business; this
    /// refuses what is wrong everywhere:
    /// - an empty `clientOrderId`, `venue` or `market`;
    /// - a `quantity` that is NaN or not greater than zero;
    /// - a limit order without a positive `limitPrice`, and any `limitPrice` that is NaN or negative;
    /// - ``TimeInForce/gtd`` without a positive `expireAt`;
    /// - `postOnly` combined with a market order or with ``TimeInForce/ioc``/``TimeInForce/fok``.
    ///
    /// - Throws: ``OrderError`` with code ``OrderError/Code/invalidOrder``, ``OrderError/field`` set to
    ///   the offending property and a message naming the order, the field and the value.
    public func validate() throws(OrderError) {
        func refuse(_ field: String, _ problem: String) -> OrderError {
            OrderError(.invalidOrder,
                       "order \"\(clientOrderId)\" on \(venue.isEmpty ? "?" : venue):\(market): field '\(field)' \(problem)",
                       field: field)
        }
        if clientOrderId.isEmpty { throw refuse("clientOrderId", "is empty") }
        if venue.isEmpty { throw refuse("venue", "is empty") }
        if market.isEmpty { throw refuse("market", "is empty") }
        if quantity.isNaN { throw refuse("quantity", "is NaN") }
        if quantity <= 0 { throw refuse("quantity", "must be greater than 0, got \(quantity)") }
        if let price = limitPrice {
            if price.isNaN { throw refuse("limitPrice", "is NaN") }
            if price < 0 { throw refuse("limitPrice", "must not be negative, got \(price)") }
        }
        if type == .limit {
            guard let price = limitPrice else { throw refuse("limitPrice", "is required for a limit order") }
            if price <= 0 { throw refuse("limitPrice", "must be greater than 0 for a limit order, got \(price)") }
        }
        if timeInForce == .gtd {
            guard let expiry = expireAt else { throw refuse("expireAt", "is required when timeInForce is gtd") }
            if expiry <= 0 { throw refuse("expireAt", "must be a positive unix time in milliseconds, got \(expiry)") }
        }
        if postOnly {
            if type == .market { throw refuse("postOnly", "cannot be combined with a market order") }
            if !timeInForce.canRest {
                throw refuse("postOnly", "cannot be combined with timeInForce \(timeInForce.rawValue)")
            }
        }
    }
}
