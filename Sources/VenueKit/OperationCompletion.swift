import PluginABI

/// The completion of one operation, called exactly once.
///
/// Wraps the host's `gw_completion_fn` and its context. Every `succeed`/`fail` builds the C result in
/// an arena that lives exactly as long as the host's callback, which is all the contract asks.
/// A second call is ignored, so a plugin bug cannot complete an operation twice.
public final class OperationCompletion {
    private let done: gw_completion_fn
    private let context: UnsafeMutableRawPointer?
    private var finished = false

    public init(_ done: gw_completion_fn, _ context: UnsafeMutableRawPointer?) {
        self.done = done
        self.context = context
    }

    /// Whether the completion was already called.
    public var isFinished: Bool { finished }

    public func succeed(orders: [VenueOrderReport] = [], positions: [VenuePosition] = [],
                        balances: [VenueBalance] = [], health: VenueHealth? = nil) {
        guard !finished else { return }
        finished = true
        let arena = Arena()
        var result = gw_result()
        result.struct_size = UInt32(MemoryLayout<gw_result>.size)
        result.status = GW_OK
        result.orders = arena.array(orders.map { $0.c(arena) })
        result.order_count = orders.count
        result.positions = arena.array(positions.map { $0.c(arena) })
        result.position_count = positions.count
        result.balances = arena.array(balances.map { $0.c(arena) })
        result.balance_count = balances.count
        if let health { result.health = arena.pointer(health.c(arena)) }
        withExtendedLifetime(arena) { done(context, &result) }
    }

    public func succeed(order: VenueOrderReport) { succeed(orders: [order]) }

    public func fail(_ failure: VenueFailure) {
        guard !finished else { return }
        finished = true
        let arena = Arena()
        var result = gw_result()
        result.struct_size = UInt32(MemoryLayout<gw_result>.size)
        result.status = failure.status.rawValue
        result.flags = failure.retryable ? UInt32(GW_RESULT_FLAG_RETRYABLE) : 0
        result.retry_after_ms = failure.retryAfterMs
        result.venue_code = arena.str(failure.venueCode)
        result.message = arena.str(failure.message)
        withExtendedLifetime(arena) { done(context, &result) }
    }

    public func fail(_ status: VenueStatus, _ message: String, venueCode: String = "") {
        fail(VenueFailure(status, message, venueCode: venueCode))
    }

    /// Completes with the outcome of `body`: its reports on success, its `VenueFailure` otherwise.
    public func complete(_ body: () throws(VenueFailure) -> VenueOrderReport) {
        do { succeed(order: try body()) } catch { fail(error) }
    }
}
