import PluginABI
import VenueKit

/// What an operation's completion reported, copied out of `gw_result`.
public struct OperationOutcome: Sendable {
    /// Nil on success.
    public var failure: VenueFailure?
    public var orders: [VenueOrderReport]
    public var positions: [VenuePosition]
    public var balances: [VenueBalance]
    public var health: VenueHealth?

    public init(failure: VenueFailure? = nil, orders: [VenueOrderReport] = [], positions: [VenuePosition] = [],
                balances: [VenueBalance] = [], health: VenueHealth? = nil) {
        self.failure = failure
        self.orders = orders
        self.positions = positions
        self.balances = balances
        self.health = health
    }

    public var succeeded: Bool { failure == nil }

    /// Copies a borrowed C result.
    init(_ r: gw_result) {
        if r.status != GW_OK {
            failure = VenueFailure(VenueStatus(rawValue: r.status), r.message.string, venueCode: r.venue_code.string,
                                   retryable: r.flags & UInt32(GW_RESULT_FLAG_RETRYABLE) != 0,
                                   retryAfterMs: r.retry_after_ms)
        }
        orders = r.orders.map { p in (0..<r.order_count).map { VenueOrderReport(p[$0]) } } ?? []
        positions = r.positions.map { p in (0..<r.position_count).map { VenuePosition(p[$0]) } } ?? []
        balances = r.balances.map { p in (0..<r.balance_count).map { VenueBalance(p[$0]) } } ?? []
        health = r.health.map { VenueHealth($0.pointee) }
    }

    static func failed(_ status: VenueStatus, _ message: String) -> OperationOutcome {
        OperationOutcome(failure: VenueFailure(status, message))
    }
}
