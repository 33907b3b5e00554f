import Foundation
import GatewayCore
import GatewayEngine
import GatewayTesting
import Journal
import PluginHost
import Synchronization
import Testing
import VenueKit

/// In-process crash and restart, many seeds: a router sends orders to paper venues (which, like a real
/// venue, outlive the gateway) through a SQLite journal; at a seeded random moment the journal "dies"
/// (every later write fails, as after `kill -9` nothing more reaches the file); a second router restores
/// from the file, reconciles, and every command is redelivered. Asserted: no order placed twice at the
/// venue, no journaled order forgotten, positions equal the venue's.
///
/// This is not yet the process-level `kill -9` test of the issue (see the report); it exercises the same
/// recovery path without a separate process.
@Suite struct CrashRestartTests {
    /// Forwards to a journal until ``crash()``; afterwards every write fails and nothing reaches the file.
    final class CrashableJournal: OrderJournal {
        let base: any OrderJournal
        let dead = Atomic<Bool>(false)
        init(_ base: any OrderJournal) { self.base = base }
        func crash() { dead.store(true, ordering: .sequentiallyConsistent) }
        func alive() throws(JournalError) {
            if dead.load(ordering: .sequentiallyConsistent) { throw JournalError(.io, path: "crashed", "process is dead") }
        }
        func recordCommand(_ c: JournaledCommand) throws(JournalError) -> JournaledCommand? { try alive(); return try base.recordCommand(c) }
        func completeCommand(id: String, status: JournaledCommand.Status, detail: String?) throws(JournalError) {
            try alive(); try base.completeCommand(id: id, status: status, detail: detail)
        }
        func command(id: String) throws(JournalError) -> JournaledCommand? { try base.command(id: id) }
        func recordOrder(_ r: OrderRecord, commandId: String?, adopted: Bool) throws(JournalError) {
            try alive(); try base.recordOrder(r, commandId: commandId, adopted: adopted)
        }
        func recordEvent(_ e: OrderEvent, after r: OrderRecord, at: Int64) throws(JournalError) { try alive(); try base.recordEvent(e, after: r, at: at) }
        func orders() throws(JournalError) -> [JournaledOrder] { try base.orders() }
        func events(clientOrderId: String) throws(JournalError) -> [JournaledEvent] { try base.events(clientOrderId: clientOrderId) }
        func markReported(gatewayOrderId: String, marker: String) throws(JournalError) { try alive(); try base.markReported(gatewayOrderId: gatewayOrderId, marker: marker) }
        func savePosition(_ p: Position) throws(JournalError) { try alive(); try base.savePosition(p) }
        func positions() throws(JournalError) -> [Position] { try base.positions() }
        func setCounter(day: String, name: String, value: Decimal) throws(JournalError) { try alive(); try base.setCounter(day: day, name: name, value: value) }
        func counters(day: String) throws(JournalError) -> [String: Decimal] { try base.counters(day: day) }
        func setPaused(_ p: Bool) throws(JournalError) { try alive(); try base.setPaused(p) }
        func isPaused() throws(JournalError) -> Bool { try base.isPaused() }
        func outboxAppend(_ f: String) throws(JournalError) { try alive(); try base.outboxAppend(f) }
        func outboxPeek(limit: Int) throws(JournalError) -> [String] { try base.outboxPeek(limit: limit) }
        func outboxRemoveFirst(_ n: Int) throws(JournalError) { try alive(); try base.outboxRemoveFirst(n) }
        func outboxCount() throws(JournalError) -> Int { try base.outboxCount() }
    }

    @Test(arguments: 0..<12)
    func crashAtARandomPointLosesAndDoublesNothing(seed: Int) async throws {
        var random = SeededGenerator(seed: UInt64(seed) &+ 1)
        let folder = try FixtureBuilder.temporaryDirectory()
        try Data(#"{"name":"paper","library":"libPaper.so"}"#.utf8).write(to: folder.appendingPathComponent("paper.json"))
        let catalog = try PluginLoader.load(directory: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path])
        let latency = 2
        let venues = try VenueSet.simulated(venues: ["kalshi"], catalog: catalog, services: HostServices(),
                                            paperSettings: ["fill_rate": .number(1), "latency_ms": .number(Double(latency)),
                                                            "partial_fill_rate": .number(0), "seed": .number(Double(seed))])
        let file = try SQLiteOrderJournal(path: folder.appendingPathComponent("journal.sqlite").path, syncPolicy: .normal)
        let journal = CrashableJournal(file)
        let commands = (0..<20).map { i in
            GatewayCommand.trade(TradeCommand(id: "s\(seed)-c\(i)", marketId: "kalshi:KXTEST", side: "yes", action: "buy",
                                              size: 1, orderType: "market"))
        }
        let first = OrderRouter(venues: venues, journal: journal) { _ in }
        let crashAfter = Int(random.next() % 20)
        var tasks: [Task<Void, Never>] = []
        for (index, command) in commands.enumerated() {
            if index == crashAfter { journal.crash() }
            tasks.append(Task { _ = await first.handle(command) })
            if random.next() % 2 == 0 { await Task.yield() }
        }
        journal.crash()
        for task in tasks { await task.value }   // the venue finishes what was in flight; the journal hears none of it

        // Restart: restore from the file, reconcile, then the relay redelivers every command.
        let second = OrderRouter(venues: venues, journal: file) { _ in }
        try await second.restoreFromJournal()
        let journaledBefore = Set(try file.orders().map(\.record.clientOrderId))
        let report = await second.reconcile()
        #expect(report.venues.allSatisfy { $0.adopted.isEmpty }, "an order reached the venue without being journaled first")
        for command in commands { _ = await second.handle(command) }

        let kalshi = try #require(venues["kalshi"])
        var venueSize: Decimal = 0
        for _ in 0..<200 {
            venueSize = await kalshi.positions().positions.compactMap { DecimalText.parse($0.size) }.reduce(0, +)
            if await second.openOrders.isEmpty { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        let orders = try file.orders()
        // No journaled order forgotten.
        #expect(journaledBefore.isSubset(of: Set(orders.map(\.record.clientOrderId))))
        // Every command has exactly one order, and the venue filled each at most once.
        #expect(Set(orders.compactMap(\.commandId)) == Set(commands.map(\.id)))
        #expect(orders.count == commands.count)
        let filled = orders.filter { $0.record.state == .filled }.count
        #expect(venueSize == Decimal(filled), "venue holds \(venueSize), journal has \(filled) filled orders")
        #expect(venueSize <= Decimal(commands.count))
        // Positions equal the venue's.
        let mine = await second.positions.filter { !$0.isFlat }.map(\.size).reduce(0, +)
        #expect(mine == venueSize)
        await venues.shutdown()
    }
}
