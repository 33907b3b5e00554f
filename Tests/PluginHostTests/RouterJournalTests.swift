import Foundation
import GatewayCore
import GatewayEngine
import GatewayTesting
import Journal
import PluginABI
import PluginHost
import Testing
import VenueKit

/// The router with a journal: written before acting, restored after a restart, reconciled with the venue.
///
/// A "restart" is a second router on the same journal and the same (still running) paper venues, built
/// without shutting the first down, as a crash would leave things.
@Suite struct RouterJournalTests {
    func venues() throws -> VenueSet {
        let folder = try FixtureBuilder.temporaryDirectory()
        try Data(#"{"name":"paper","library":"libPaper.so"}"#.utf8).write(to: folder.appendingPathComponent("paper.json"))
        let catalog = try PluginLoader.load(directory: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path])
        return try VenueSet.simulated(venues: ["kalshi", "binance"], catalog: catalog, services: HostServices(),
                                      paperSettings: ["fill_rate": .number(1), "latency_ms": .number(0), "seed": .number(3)])
    }

    func trade(_ id: String, _ market: String = "kalshi:KXTEST", side: String = "yes", action: String = "buy",
               size: Decimal = 10, type: String = "market", limit: Decimal? = nil) -> GatewayCommand {
        .trade(TradeCommand(id: id, marketId: market, side: side, action: action, size: size, orderType: type, limitPrice: limit))
    }

    @Test func everyChangeIsJournaledAndARestartRestoresIt() async throws {
        let venues = try venues()
        let journal = InMemoryOrderJournal()
        let first = OrderRouter(venues: venues, journal: journal) { _ in }
        await first.handle(trade("t1"))
        await first.handle(trade("t2", "binance:BTCUSDT", side: "buy", action: "buy", size: 1, type: "limit", limit: 10))
        await first.handle(.pause(id: "p"))
        let orders = try journal.orders()
        #expect(orders.map(\.commandId) == ["t1", "t2"])
        #expect(orders.map(\.record) == (await first.allOrders))
        #expect(try journal.events(clientOrderId: orders[0].record.clientOrderId).last?.stateAfter == .filled)
        #expect(try journal.positions().filter { !$0.isFlat }.map(\.size) == [10])
        #expect(try journal.isPaused())

        let second = OrderRouter(venues: venues, journal: journal) { _ in }
        let summary = try await second.restoreFromJournal()
        #expect(summary == .init(orders: 2, openOrders: 1, positions: 1, paused: true))
        #expect(await second.allOrders == (await first.allOrders))
        #expect(await second.positions == (await first.positions))
        #expect(await second.isPaused)
        await second.handle(.resume(id: "r"))
        // A redelivered command after the restart is recognised by its client order id.
        #expect(await second.handle(trade("t1")) == .duplicate)
        #expect(await second.statistics.orders == 0)
        await venues.shutdown()
    }

    @Test func anOrderThatCannotBeJournaledIsNotSent() async throws {
        let venues = try venues()
        let router = OrderRouter(venues: venues, journal: FailingJournal()) { _ in }
        _ = await router.handle(trade("t1"))
        #expect(await router.statistics.orders == 0)
        #expect(await router.allOrders.isEmpty)
        let open = await venues["kalshi"]!.openOrders()
        #expect(open.orders.isEmpty)
        #expect(await router.positions.allSatisfy(\.isFlat))
        await venues.shutdown()
    }

    @Test func reconcileClosesFailsAdoptsAndAdoptsPositions() async throws {
        let venues = try venues()
        let journal = InMemoryOrderJournal()
        let first = OrderRouter(venues: venues, journal: journal) { _ in }
        // Rests at the venue; cancelled there while the gateway is "down".
        await first.handle(trade("rest", "binance:BTCUSDT", side: "buy", action: "buy", size: 1, type: "limit", limit: 10))
        // Rests and stays open.
        await first.handle(trade("keep", "binance:BTCUSDT", side: "buy", action: "buy", size: 2, type: "limit", limit: 10))
        let resting = try #require(await first.allOrders.first { $0.order.quantity == 1 })
        // Journaled (admitted) but the gateway "crashed" before sending it.
        let prepared = try await first.prepare(TradeCommand(id: "lost", marketId: "kalshi:KXTEST", side: "yes", action: "buy",
                                                            size: 5, orderType: "market"))
        try await first.admit(prepared)

        let second = OrderRouter(venues: venues, journal: journal) { _ in }   // takes over the venue events
        let binance = try #require(venues["binance"])
        _ = await binance.cancelOrder(VenueOrderRef(market: "BTCUSDT", venueOrderId: resting.venueOrderId ?? "",
                                                    clientOrderId: resting.clientOrderId))
        // Placed at the venue by someone else.
        _ = await binance.placeOrder(VenueOrder(clientOrderId: "manual-1", market: "BTCUSDT", side: GW_SIDE_BUY, outcome: GW_OUTCOME_NONE,
                                                type: GW_ORDER_LIMIT, timeInForce: GW_TIF_GTC, quantity: "3", limitPrice: "10"))

        try await second.restoreFromJournal()
        let report = await second.reconcile()
        let b = try #require(report.venues.first { $0.venue == "binance" })
        let k = try #require(report.venues.first { $0.venue == "kalshi" })
        #expect(b.closed.map(\.clientOrderId) == [resting.clientOrderId])
        #expect(b.closed.map(\.state) == [.cancelled])
        #expect(b.adopted == ["manual-1"])
        #expect(b.matched.count == 1)
        #expect(k.failed == [prepared.order.clientOrderId])
        #expect(!report.isClean)
        #expect(await second.order(gatewayOrderId: prepared.gatewayOrderId)?.state == .rejected)
        #expect(try journal.orders().first { $0.record.clientOrderId == "manual-1" }?.adopted == true)
        #expect(await second.statistics.orders == 0)   // nothing was resent

        // A second pass finds nothing new.
        let again = await second.reconcile()
        #expect(again.venues.allSatisfy { $0.closed.isEmpty && $0.failed.isEmpty && $0.adopted.isEmpty })
        await venues.shutdown()
    }

    @Test func positionsAreTakenFromTheVenue() async throws {
        let venues = try venues()
        let journal = InMemoryOrderJournal()
        let first = OrderRouter(venues: venues, journal: journal) { _ in }
        await first.handle(trade("f1"))
        // The venue fills an order the gateway never hears of (placed directly).
        _ = await venues["kalshi"]!.placeOrder(VenueOrder(clientOrderId: "direct-1", market: "KXTEST", side: GW_SIDE_BUY,
                                                          outcome: GW_OUTCOME_YES, type: GW_ORDER_MARKET, timeInForce: GW_TIF_IOC,
                                                          quantity: "4"))
        let second = OrderRouter(venues: venues, journal: journal) { _ in }
        try await second.restoreFromJournal()
        let report = await second.reconcile()
        let venuePositions = await venues["kalshi"]!.positions().positions
        let mine = await second.positions.filter { $0.key.venue == "kalshi" && !$0.isFlat }
        #expect(mine.map { DecimalText.format($0.size) } == venuePositions.map(\.size))
        #expect(report.venues.first { $0.venue == "kalshi" }?.positionDifferences.count == 1)
        #expect(try journal.positions().first { $0.key.venue == "kalshi" }?.size == mine.first?.size)
        await venues.shutdown()
    }
}

/// A journal whose every write fails, as a full disk would.
final class FailingJournal: OrderJournal {
    func fail() -> JournalError { JournalError(.io, path: "/full-disk", "disk full") }
    func recordCommand(_ command: JournaledCommand) throws(JournalError) -> JournaledCommand? { throw fail() }
    func completeCommand(id: String, status: JournaledCommand.Status, detail: String?) throws(JournalError) { throw fail() }
    func command(id: String) throws(JournalError) -> JournaledCommand? { nil }
    func recordOrder(_ record: OrderRecord, commandId: String?, adopted: Bool) throws(JournalError) { throw fail() }
    func recordEvent(_ event: OrderEvent, after record: OrderRecord, at unixMs: Int64) throws(JournalError) { throw fail() }
    func orders() throws(JournalError) -> [JournaledOrder] { [] }
    func events(clientOrderId: String) throws(JournalError) -> [JournaledEvent] { [] }
    func markReported(gatewayOrderId: String, marker: String) throws(JournalError) { throw fail() }
    func savePosition(_ position: Position) throws(JournalError) { throw fail() }
    func positions() throws(JournalError) -> [Position] { [] }
    func setCounter(day: String, name: String, value: Decimal) throws(JournalError) { throw fail() }
    func counters(day: String) throws(JournalError) -> [String: Decimal] { [:] }
    func setPaused(_ paused: Bool) throws(JournalError) { throw fail() }
    func isPaused() throws(JournalError) -> Bool { false }
    func outboxAppend(_ frame: String) throws(JournalError) { throw fail() }
    func outboxPeek(limit: Int) throws(JournalError) -> [String] { [] }
    func outboxRemoveFirst(_ count: Int) throws(JournalError) { throw fail() }
    func outboxCount() throws(JournalError) -> Int { 0 }
}
