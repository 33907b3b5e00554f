import Foundation
import GatewayCore

/// The gateway's durable memory: what must survive a crash or a restart (see ARCHITECTURE.md, "Data that
/// must survive").
///
/// Callers write *before* they act: a command is recorded before it is answered, an order before it is
/// sent, an event before it is reported or moves a position. Every method is synchronous and, once it
/// returns, the write is as durable as the implementation's sync policy makes it; a failure throws
/// ``JournalError`` and the caller must not act as if it had been written.
///
/// Two implementations: ``SQLiteOrderJournal`` (the gateway's) and ``InMemoryOrderJournal`` (tests,
/// `gateway simulate`).
public protocol OrderJournal: Sendable {
    // MARK: Commands

    /// Records a command on arrival.
    /// - Returns: the journaled command already stored under this id (a redelivery), or `nil` if it is new
    ///   (and now recorded).
    func recordCommand(_ command: JournaledCommand) throws(JournalError) -> JournaledCommand?
    /// Records how a command was answered.
    func completeCommand(id: String, status: JournaledCommand.Status, detail: String?) throws(JournalError)
    /// The command stored under `id`.
    func command(id: String) throws(JournalError) -> JournaledCommand?

    // MARK: Orders

    /// Records a new order (normally in state `new`, before it is sent) or an order adopted from a venue.
    func recordOrder(_ record: OrderRecord, commandId: String?, adopted: Bool) throws(JournalError)
    /// Appends an event and stores the order's record as it is after the event, in one transaction.
    func recordEvent(_ event: OrderEvent, after record: OrderRecord, at unixMs: Int64) throws(JournalError)
    /// Every journaled order, oldest first.
    func orders() throws(JournalError) -> [JournaledOrder]
    /// The events of one order, oldest first.
    func events(clientOrderId: String) throws(JournalError) -> [JournaledEvent]
    /// Notes that a report of the order in `state` with `filled` was handed to the relay outbox.
    func markReported(gatewayOrderId: String, marker: String) throws(JournalError)

    // MARK: Positions, counters, pause

    /// Stores a position (replacing the one with the same key).
    func savePosition(_ position: Position) throws(JournalError)
    /// Every stored position.
    func positions() throws(JournalError) -> [Position]
    /// Stores a risk counter of a day (`YYYY-MM-DD`, UTC).
    func setCounter(day: String, name: String, value: Decimal) throws(JournalError)
    /// The risk counters of a day.
    func counters(day: String) throws(JournalError) -> [String: Decimal]
    /// Stores whether trading is paused.
    func setPaused(_ paused: Bool) throws(JournalError)
    /// Whether trading was paused (false if never set).
    func isPaused() throws(JournalError) -> Bool

    // MARK: Relay outbox

    /// Appends an encoded frame.
    func outboxAppend(_ frame: String) throws(JournalError)
    /// The oldest frames, up to `limit`.
    func outboxPeek(limit: Int) throws(JournalError) -> [String]
    /// Removes the `count` oldest frames.
    func outboxRemoveFirst(_ count: Int) throws(JournalError)
    /// Frames waiting.
    func outboxCount() throws(JournalError) -> Int
}

