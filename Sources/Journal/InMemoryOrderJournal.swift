import Foundation
import GatewayCore

/// An ``OrderJournal`` that keeps everything in memory (tests, `gateway simulate`): the same behaviour as
/// ``SQLiteOrderJournal`` without the durability.
public final class InMemoryOrderJournal: OrderJournal {
    private struct State {
        var commands: [String: JournaledCommand] = [:]
        var orders: [String: JournaledOrder] = [:]
        var orderSequence: [String] = []
        var events: [JournaledEvent] = []
        var positions: [PositionKey: Position] = [:]
        var counters: [String: [String: Decimal]] = [:]
        var paused = false
        var outbox: [String] = []
    }

    private let state = NSLockedState(State())

    public init() {}

    public func recordCommand(_ command: JournaledCommand) throws(JournalError) -> JournaledCommand? {
        state.with { s in
            if let existing = s.commands[command.id] { return existing }
            s.commands[command.id] = command
            return nil
        }
    }

    public func completeCommand(id: String, status: JournaledCommand.Status, detail: String?) throws(JournalError) {
        state.with { s in
            s.commands[id]?.status = status
            s.commands[id]?.detail = detail
        }
    }

    public func command(id: String) throws(JournalError) -> JournaledCommand? { state.with { $0.commands[id] } }

    public func recordOrder(_ record: OrderRecord, commandId: String?, adopted: Bool) throws(JournalError) {
        let duplicate: Bool = state.with { s in
            if s.orders[record.clientOrderId] != nil { return true }
            s.orders[record.clientOrderId] = JournaledOrder(record: record, commandId: commandId, adopted: adopted, reported: nil)
            s.orderSequence.append(record.clientOrderId)
            return false
        }
        if duplicate { throw JournalError(.io, path: ":memory:", "order \(record.clientOrderId) is already journaled") }
    }

    public func recordEvent(_ event: OrderEvent, after record: OrderRecord, at unixMs: Int64) throws(JournalError) {
        let known: Bool = state.with { s in
            guard s.orders[record.clientOrderId] != nil else { return false }
            s.orders[record.clientOrderId]?.record = record
            s.events.append(JournaledEvent(sequence: Int64(s.events.count + 1), clientOrderId: record.clientOrderId,
                                           event: event, stateAfter: record.state, at: unixMs))
            return true
        }
        if !known {
            throw JournalError(.io, path: ":memory:", "event for order \(record.clientOrderId), which the journal does not hold")
        }
    }

    public func orders() throws(JournalError) -> [JournaledOrder] {
        state.with { s in s.orderSequence.compactMap { s.orders[$0] } }
    }

    public func events(clientOrderId: String) throws(JournalError) -> [JournaledEvent] {
        state.with { s in s.events.filter { $0.clientOrderId == clientOrderId } }
    }

    public func markReported(gatewayOrderId: String, marker: String) throws(JournalError) {
        state.with { s in
            if let key = s.orders.first(where: { $0.value.record.gatewayOrderId == gatewayOrderId })?.key {
                s.orders[key]?.reported = marker
            }
        }
    }

    public func savePosition(_ position: Position) throws(JournalError) { state.with { $0.positions[position.key] = position } }

    public func positions() throws(JournalError) -> [Position] {
        state.with { s in s.positions.values.sorted { $0.key < $1.key } }
    }

    public func setCounter(day: String, name: String, value: Decimal) throws(JournalError) {
        state.with { $0.counters[day, default: [:]][name] = value }
    }

    public func counters(day: String) throws(JournalError) -> [String: Decimal] { state.with { $0.counters[day] ?? [:] } }

    public func setPaused(_ paused: Bool) throws(JournalError) { state.with { $0.paused = paused } }

    public func isPaused() throws(JournalError) -> Bool { state.with { $0.paused } }

    public func outboxAppend(_ frame: String) throws(JournalError) { state.with { $0.outbox.append(frame) } }

    public func outboxPeek(limit: Int) throws(JournalError) -> [String] { state.with { Array($0.outbox.prefix(max(0, limit))) } }

    public func outboxRemoveFirst(_ count: Int) throws(JournalError) {
        state.with { $0.outbox.removeFirst(min(max(0, count), $0.outbox.count)) }
    }

    public func outboxCount() throws(JournalError) -> Int { state.with { $0.outbox.count } }
}

/// A value behind an `NSLock`, for the in-memory journal's synchronous, thread-safe API.
final class NSLockedState<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func with<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
