#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One order in the gateway's own vocabulary, independent of any venue's wire format.
///
/// Every source of orders (relay commands, the strategy engine, the CLI) produces a `CanonicalOrder`;
/// every venue plugin consumes one. Direction is always an explicit ``Side`` — there is no free-text
/// `action` left to reinterpret (the reference gateway's venues read `open`/`close`/`buy`/`sell`
/// differently and turned buys into sells). Call ``validate()`` before routing.
public struct CanonicalOrder: Sendable, Hashable, Codable {
    /// The gateway's idempotency key for this order, sent to the venue (see ``ClientOrderIdGenerator``).
    public var clientOrderId: String
    /// The lower-case venue id, e.g. `kalshi`.
    public var venue: String
    /// The venue's native market id (no `venue:` prefix), e.g. `KXBTCD-26FEB11` or `0xabc:0`.
    public var market: String
    /// Buy or sell.
    public var side: Side
    /// YES or NO for binary markets; `nil` for venues without outcomes.
    public var outcome: Outcome?
    /// Market or limit.
    public var type: OrderType
    /// How long the order may rest.
    public var timeInForce: TimeInForce
    /// Size in the venue's units (contracts, coins, shares); strictly positive.
    public var quantity: Decimal
    /// Worst acceptable price; required (and positive) for limit orders, optional protection for market orders.
    public var limitPrice: Decimal?
    /// Only reduce an existing position; never open or increase one.
    public var reduceOnly: Bool
    /// Only add liquidity: the venue must reject (or cancel) the order rather than let it take.
    public var postOnly: Bool
    /// Expiry in unix milliseconds; required for ``TimeInForce/gtd``.
    public var expireAt: Int64?

    /// Creates an order; see the properties for the meaning of each field.
    ///
    /// The initializer does not check anything, so that an invalid order can still be recorded and
    /// reported; call ``validate()`` before routing it.
    public init(clientOrderId: String, venue: String, market: String, side: Side, outcome: Outcome? = nil,
                type: OrderType, timeInForce: TimeInForce = .gtc, quantity: Decimal, limitPrice: Decimal? = nil,
                reduceOnly: Bool = false, postOnly: Bool = false, expireAt: Int64? = nil) {
        self.clientOrderId = clientOrderId
        self.venue = venue
        self.market = market
        self.side = side
        self.outcome = outcome
        self.type = type
        self.timeInForce = timeInForce
        self.quantity = quantity
        self.limitPrice = limitPrice
        self.reduceOnly = reduceOnly
        self.postOnly = postOnly
        self.expireAt = expireAt
    }
}
