/// The order manager's state: every order the gateway is tracking, findable by any of its three ids.
///
/// Orders are keyed by client order id (the idempotency key, see ``ClientOrderIdGenerator``), and also
/// indexed by gateway order id (what the relay's `cancel` names) and by venue plus venue order id (what
/// venue streams name). Events go through ``apply(_:to:at:)`` so the indexes and timestamps stay right.
///
/// Unlike the reference gateway, whose `open_orders` counted every order ever routed and whose map grew
/// without bound, ``openOrders`` lists only orders that can still trade, and terminal orders can be
/// pruned by age or count once they are journaled.
///
/// Listings are in insertion order, so they are the same in every process (dictionary order is not).
public struct OrderBook: Sendable {
    private struct Entry: Sendable {
        var sequence: UInt64
        var record: OrderRecord
    }

    private struct VenueOrderKey: Hashable, Sendable {
        var venue: String
        var venueOrderId: String
    }

    private var entries: [String: Entry] = [:]
    private var byGatewayOrderId: [String: String] = [:]
    private var byVenueOrderId: [VenueOrderKey: String] = [:]
    private var nextSequence: UInt64 = 0

    /// Creates an empty book.
    public init() {}

    /// The number of orders tracked, terminal ones included.
    public var count: Int { entries.count }

    /// Whether the book tracks no orders.
    public var isEmpty: Bool { entries.isEmpty }

    /// Whether an order with this client order id is tracked (a redelivered command maps to the same id).
    public func contains(clientOrderId: String) -> Bool { entries[clientOrderId] != nil }

    /// The order with this client order id.
    public subscript(clientOrderId clientOrderId: String) -> OrderRecord? { entries[clientOrderId]?.record }

    /// The order with this gateway order id (the relay's `order_id`).
    public func record(gatewayOrderId: String) -> OrderRecord? {
        byGatewayOrderId[gatewayOrderId].flatMap { entries[$0]?.record }
    }

    /// The order a venue knows by `venueOrderId` (venue order ids are only unique within a venue).
    public func record(venue: String, venueOrderId: String) -> OrderRecord? {
        byVenueOrderId[VenueOrderKey(venue: venue, venueOrderId: venueOrderId)].flatMap { entries[$0]?.record }
    }

    /// Every tracked order, in insertion order.
    public var orders: [OrderRecord] { sorted(entries.values) }

    /// The orders that can still trade: every non-terminal order, including ``OrderState/new`` ones that
    /// may already be resting at the venue.
    public var openOrders: [OrderRecord] { sorted(entries.values.filter { !$0.record.state.isTerminal }) }

    /// The number of ``openOrders`` (the heartbeat's `open_orders`).
    public var openOrderCount: Int { entries.values.reduce(0) { $0 + ($1.record.state.isTerminal ? 0 : 1) } }

    /// Adds a new order in state ``OrderState/new``.
    /// - Parameters:
    ///   - order: The order (validate it first; the book stores whatever it is given).
    ///   - gatewayOrderId: The gateway's id for the order.
    ///   - now: Creation time, unix milliseconds.
    /// - Returns: The new record.
    /// - Throws: ``OrderError`` with ``OrderError/Code/duplicateOrder`` if the client or gateway order id is
    ///   already tracked (for a client order id this usually means a redelivered command: do not resend).
    @discardableResult
    public mutating func insert(_ order: CanonicalOrder, gatewayOrderId: String, at now: Int64) throws(OrderError)
        -> OrderRecord {
        let record = OrderRecord(order: order, gatewayOrderId: gatewayOrderId, createdAt: now)
        try insert(record)
        return record
    }

    /// Adds an existing record as it is (for instance one restored from the journal).
    /// - Throws: ``OrderError`` with ``OrderError/Code/duplicateOrder`` if its client, gateway or venue
    ///   order id is already tracked.
    public mutating func insert(_ record: OrderRecord) throws(OrderError) {
        let id = record.clientOrderId
        if entries[id] != nil {
            throw OrderError(.duplicateOrder, "order book: client order id \"\(id)\" is already tracked")
        }
        if let other = byGatewayOrderId[record.gatewayOrderId] {
            throw OrderError(.duplicateOrder,
                             "order book: gateway order id \"\(record.gatewayOrderId)\" already belongs to \"\(other)\"")
        }
        if let venueId = record.venueOrderId,
           let other = byVenueOrderId[VenueOrderKey(venue: record.order.venue, venueOrderId: venueId)] {
            throw OrderError(.duplicateOrder,
                             "order book: \(record.order.venue) order id \"\(venueId)\" already belongs to \"\(other)\"")
        }
        entries[id] = Entry(sequence: nextSequence, record: record)
        nextSequence += 1
        byGatewayOrderId[record.gatewayOrderId] = id
        if let venueId = record.venueOrderId {
            byVenueOrderId[VenueOrderKey(venue: record.order.venue, venueOrderId: venueId)] = id
        }
    }

    /// Applies an event to one order (see ``OrderRecord`` for what each event does).
    ///
    /// On ``OrderTransition/changed(from:to:)`` the record's ``OrderRecord/updatedAt`` becomes `now` and a
    /// newly learned venue order id is indexed. A refused event changes nothing.
    /// - Parameters:
    ///   - event: What happened.
    ///   - clientOrderId: Which order it happened to.
    ///   - now: The time of the change, unix milliseconds.
    /// - Returns: What the event did.
    /// - Throws: ``OrderError`` with ``OrderError/Code/orderNotFound`` for an unknown order, or
    ///   ``OrderError/Code/duplicateOrder`` if an acknowledgement carries a venue order id that already
    ///   belongs to another order of the same venue.
    @discardableResult
    public mutating func apply(_ event: OrderEvent, to clientOrderId: String, at now: Int64) throws(OrderError)
        -> OrderTransition {
        guard var entry = entries[clientOrderId] else {
            throw OrderError(.orderNotFound, "order book: no order with client order id \"\(clientOrderId)\"")
        }
        let venue = entry.record.order.venue
        if case .submitted(let venueOrderId?) = event, !venueOrderId.isEmpty,
           let other = byVenueOrderId[VenueOrderKey(venue: venue, venueOrderId: venueOrderId)], other != clientOrderId {
            throw OrderError(.duplicateOrder,
                             "order book: \(venue) order id \"\(venueOrderId)\" for \"\(clientOrderId)\" already belongs to \"\(other)\"")
        }
        let transition = entry.record.apply(event)
        guard transition.isChanged else { return transition }
        entry.record.updatedAt = now
        if let venueId = entry.record.venueOrderId {
            byVenueOrderId[VenueOrderKey(venue: venue, venueOrderId: venueId)] = clientOrderId
        }
        entries[clientOrderId] = entry
        return transition
    }

    /// Removes terminal orders whose last change is older than `cutoff`; open orders are never removed.
    /// - Parameter cutoff: Unix milliseconds; terminal orders with ``OrderRecord/updatedAt`` `< cutoff` go.
    /// - Returns: The removed records, in insertion order (journal them first if they must survive).
    @discardableResult
    public mutating func removeTerminal(updatedBefore cutoff: Int64) -> [OrderRecord] {
        let doomed = entries.values.filter { $0.record.state.isTerminal && $0.record.updatedAt < cutoff }
        return remove(doomed)
    }

    /// Removes all but the `count` most recently changed terminal orders; open orders are never removed.
    /// - Parameter count: How many terminal orders to keep (ties in ``OrderRecord/updatedAt`` keep the
    ///   later-inserted one).
    /// - Returns: The removed records, in insertion order.
    @discardableResult
    public mutating func removeTerminal(keepingNewest count: Int) -> [OrderRecord] {
        let terminal = entries.values.filter { $0.record.state.isTerminal }
            .sorted { ($0.record.updatedAt, $0.sequence) > ($1.record.updatedAt, $1.sequence) }
        return remove(Array(terminal.dropFirst(max(count, 0))))
    }

    private mutating func remove(_ doomed: some Sequence<Entry>) -> [OrderRecord] {
        let removed = sorted(doomed)
        for record in removed {
            entries[record.clientOrderId] = nil
            byGatewayOrderId[record.gatewayOrderId] = nil
            if let venueId = record.venueOrderId {
                byVenueOrderId[VenueOrderKey(venue: record.order.venue, venueOrderId: venueId)] = nil
            }
        }
        return removed
    }

    private func sorted(_ values: some Sequence<Entry>) -> [OrderRecord] {
        values.sorted { $0.sequence < $1.sequence }.map(\.record)
    }
}
