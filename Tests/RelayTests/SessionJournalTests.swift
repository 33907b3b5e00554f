import Foundation
import GatewayEngine
import GatewayService
import GatewayTesting
import Journal
import PluginHost
import Relay
import Testing

/// The session with a journal, without a relay connection: acks and reports land in the journal's outbox,
/// and a second session on the same journal (a restart) neither forgets nor repeats.
@Suite struct SessionJournalTests {
    func session(_ venues: VenueSet, _ journal: any OrderJournal) -> GatewaySession {
        let relay = RelayClient.Configuration(host: "127.0.0.1:9", apiKey: "pa_live_TEST", pairing: .pairingId("p"),
                                              machine: GatewaySessionTests.machine(), tickInterval: .milliseconds(10))
        return GatewaySession(venues: venues, relay: relay, transport: InMemoryRelayTransport(), journal: journal)
    }

    func trade(_ id: String) -> GatewayCommand {
        .trade(TradeCommand(id: id, marketId: "kalshi:KXTEST", side: "yes", action: "buy", size: 2, orderType: "market"))
    }

    /// Waits (bounded) until the journal's outbox holds a frame containing `text`.
    func waitForFrame(_ journal: any OrderJournal, containing text: String) async -> Bool {
        for _ in 0..<500 {
            if (try? journal.outboxPeek(limit: 10_000))?.contains(where: { $0.contains(text) }) == true { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func commandsAreDeduplicatedAcrossARestartAndTheOutboxIsDurable() async throws {
        let folder = try FixtureBuilder.temporaryDirectory()
        let journal = try SQLiteOrderJournal(path: folder.appendingPathComponent("journal.sqlite").path, syncPolicy: .normal)
        let venues = try GatewaySessionTests.venues()

        let first = session(venues, journal)
        _ = try await first.recover()
        await first.handle(trade("t1"))
        #expect(await waitForFrame(journal, containing: #""command_id":"t1""#))
        #expect(await waitForFrame(journal, containing: #""status":"filled""#))
        #expect(try journal.command(id: "t1")?.status == .accepted)
        // Journaled, never answered (the gateway died in between): processed again after the restart.
        _ = try journal.recordCommand(JournaledCommand(id: "t2", kind: "trade", payload: "", receivedAt: 0))

        let second = session(venues, journal)
        let report = try await second.recover()
        #expect(report.venues.allSatisfy { $0.failed.isEmpty && $0.adopted.isEmpty })
        await second.handle(trade("t1"))
        #expect(await waitForFrame(journal, containing: #""status":"duplicate""#))
        await second.handle(trade("t2"))
        #expect(await waitForFrame(journal, containing: #""command_id":"t2","status":"accepted""#))
        #expect(try journal.command(id: "t2")?.status == .accepted)
        let orders = try journal.orders()
        #expect(orders.map(\.commandId) == ["t1", "t2"])
        #expect(await second.router.statistics.orders == 1)
        await venues.shutdown()
    }
}
