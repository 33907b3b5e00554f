import GatewayCore

/// One order as the journal knows it: the latest state of its record plus where it came from.
public struct JournaledOrder: Sendable, Equatable {
    /// The order's record after its last journaled event.
    public var record: OrderRecord
    /// The command that created it; `nil` for an order adopted from a venue.
    public var commandId: String?
    /// Found at a venue during reconciliation without being in the journal (placed outside this gateway,
    /// or before the journal existed).
    public var adopted: Bool
    /// The `state|filled` last handed to the relay outbox; differs from the record's while a report is owed.
    public var reported: String?

    public init(record: OrderRecord, commandId: String?, adopted: Bool, reported: String?) {
        self.record = record
        self.commandId = commandId
        self.adopted = adopted
        self.reported = reported
    }

    /// The marker compared with ``reported``: the state and filled quantity a report carries.
    public static func reportMarker(state: String, filled: some CustomStringConvertible) -> String { "\(state)|\(filled)" }

    /// Whether the relay has not yet been handed a report of the order's current state.
    public var reportOwed: Bool {
        reported != Self.reportMarker(state: record.state.rawValue, filled: record.filledQuantity)
    }
}

/// One journaled state change of an order, in the order they were written.
public struct JournaledEvent: Sendable, Equatable {
    public var sequence: Int64
    public var clientOrderId: String
    public var event: OrderEvent
    /// The order's state after the event.
    public var stateAfter: OrderState
    /// Unix milliseconds.
    public var at: Int64

    public init(sequence: Int64, clientOrderId: String, event: OrderEvent, stateAfter: OrderState, at: Int64) {
        self.sequence = sequence
        self.clientOrderId = clientOrderId
        self.event = event
        self.stateAfter = stateAfter
        self.at = at
    }
}
