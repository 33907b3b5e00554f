import Foundation
import GatewayCore
@testable import Journal
import Testing

/// The ``OrderJournal`` contract, for the SQLite and the in-memory journal alike.
@Suite struct OrderJournalTests {
    @Test(arguments: JournalKind.allCases)
    func commandsAreRecordedOnceAndCompleted(kind: JournalKind) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = try kind.make(in: folder)
        let command = JournaledCommand(id: "c1", kind: "trade", payload: "{}", receivedAt: 5)
        #expect(try journal.recordCommand(command) == nil)
        #expect(try journal.recordCommand(command)?.status == .received)
        try journal.completeCommand(id: "c1", status: .accepted, detail: "kalshi-x")
        #expect(try journal.command(id: "c1")?.status == .accepted)
        #expect(try journal.command(id: "c1")?.detail == "kalshi-x")
        #expect(try journal.command(id: "nope") == nil)
    }

    @Test(arguments: JournalKind.allCases)
    func ordersAndEventsRoundTripAndReplay(kind: JournalKind) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = try kind.make(in: folder)
        var record = sampleOrder()
        try journal.recordOrder(record, commandId: "c1", adopted: false)
        let events: [OrderEvent] = [
            .submitted(venueOrderId: "V1"),
            .fill(tradeId: "t1", quantity: Decimal(string: "3.5")!, price: Decimal(string: "0.41")!, fee: Decimal(string: "0.01")!),
            .venueReport(state: .partiallyFilled, filled: 4, avgPrice: Decimal(string: "0.415"), fee: nil),
            .cancelled,
        ]
        for (index, event) in events.enumerated() {
            record.apply(event)
            record.updatedAt = 1_000 + Int64(index)
            try journal.recordEvent(event, after: record, at: 1_000 + Int64(index))
        }
        let stored = try journal.orders()
        #expect(stored.count == 1)
        #expect(stored[0].record == record)
        #expect(stored[0].commandId == "c1")
        #expect(stored[0].adopted == false)
        let journaled = try journal.events(clientOrderId: "cid1")
        #expect(journaled.map(\.event) == events)
        #expect(journaled.last?.stateAfter == .cancelled)
        // Replaying the journaled events rebuilds the same record.
        var replayed = sampleOrder()
        for event in journaled { replayed.apply(event.event) }
        replayed.updatedAt = record.updatedAt
        #expect(replayed == record)
    }

    @Test(arguments: JournalKind.allCases)
    func reportMarkersTellWhatIsOwed(kind: JournalKind) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = try kind.make(in: folder)
        var record = sampleOrder()
        try journal.recordOrder(record, commandId: nil, adopted: true)
        #expect(try journal.orders()[0].reportOwed)
        #expect(try journal.orders()[0].adopted)
        try journal.markReported(gatewayOrderId: record.gatewayOrderId,
                                 marker: JournaledOrder.reportMarker(state: "new", filled: record.filledQuantity))
        #expect(try !journal.orders()[0].reportOwed)
        record.apply(.submitted(venueOrderId: "V"))
        try journal.recordEvent(.submitted(venueOrderId: "V"), after: record, at: 2)
        #expect(try journal.orders()[0].reportOwed)
    }

    @Test(arguments: JournalKind.allCases)
    func eventForAnUnknownOrderIsAnError(kind: JournalKind) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = try kind.make(in: folder)
        #expect(throws: JournalError.self) { try journal.recordEvent(.cancelled, after: sampleOrder("ghost"), at: 1) }
    }

    @Test(arguments: JournalKind.allCases)
    func positionsCountersPause(kind: JournalKind) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = try kind.make(in: folder)
        let key = PositionKey(venue: "kalshi", market: "KXTEST", outcome: .yes)
        try journal.savePosition(Position(key: key, size: 3, averageEntryPrice: Decimal(string: "0.42")!))
        try journal.savePosition(Position(key: key, size: 5, averageEntryPrice: Decimal(string: "0.43")!, realizedPnl: 1))
        #expect(try journal.positions() == [Position(key: key, size: 5, averageEntryPrice: Decimal(string: "0.43")!, realizedPnl: 1)])
        try journal.setCounter(day: "2026-01-02", name: "notional", value: Decimal(string: "123.45")!)
        #expect(try journal.counters(day: "2026-01-02") == ["notional": Decimal(string: "123.45")!])
        #expect(try journal.counters(day: "2026-01-03").isEmpty)
        #expect(try journal.isPaused() == false)
        try journal.setPaused(true)
        #expect(try journal.isPaused())
    }

    @Test(arguments: JournalKind.allCases)
    func outboxIsFIFO(kind: JournalKind) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = try kind.make(in: folder)
        for i in 0..<5 { try journal.outboxAppend("f\(i)") }
        #expect(try journal.outboxCount() == 5)
        #expect(try journal.outboxPeek(limit: 2) == ["f0", "f1"])
        try journal.outboxRemoveFirst(3)
        #expect(try journal.outboxPeek(limit: 10) == ["f3", "f4"])
        try journal.outboxRemoveFirst(10)
        #expect(try journal.outboxCount() == 0)
    }
}
