import Foundation
import GatewayCore
import GatewayEngine
import GatewayTesting
import PluginHost
import Synchronization
import Testing

/// The router with the paper plugin loaded through dlopen: routing, exactly-once, lifecycle, positions.
@Suite struct OrderRouterTests {
    final class Reports: Sendable {
        let items = Mutex<[GatewayReport]>([])
        func append(_ report: GatewayReport) { items.withLock { $0.append(report) } }
        var errors: [GatewayErrorReport] {
            items.withLock { $0.compactMap { if case .error(let e) = $0 { e } else { nil } } }
        }
        var updates: [OrderUpdate] {
            items.withLock { $0.compactMap { if case .orderUpdate(let u) = $0 { u } else { nil } } }
        }
    }

    func router(settings: [String: JSONValue] = [:]) throws -> (OrderRouter, Reports, VenueSet) {
        let folder = try FixtureBuilder.temporaryDirectory()
        try Data(#"{"name":"paper","library":"libPaper.so"}"#.utf8).write(to: folder.appendingPathComponent("paper.json"))
        let catalog = try PluginLoader.load(directory: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path])
        var paper: [String: JSONValue] = ["fill_rate": .number(1), "latency_ms": .number(0), "seed": .number(3)]
        for (k, v) in settings { paper[k] = v }
        let venues = try VenueSet.simulated(venues: ["kalshi", "binance"], catalog: catalog, services: HostServices(),
                                            paperSettings: paper)
        let reports = Reports()
        let router = OrderRouter(venues: venues) { reports.append($0) }
        return (router, reports, venues)
    }

    func trade(_ id: String, _ market: String = "kalshi:KXTEST", side: String = "yes", action: String = "buy",
               size: Decimal = 10, type: String = "market", limit: Decimal? = nil) -> GatewayCommand {
        .trade(TradeCommand(id: id, marketId: market, side: side, action: action, size: size, orderType: type, limitPrice: limit))
    }

    @Test func aRedeliveredCommandIsNotExecutedTwice() async throws {
        let (router, _, venues) = try router()
        #expect(await router.handle(trade("cmd-1")) != .duplicate)
        #expect(await router.handle(trade("cmd-1")) == .duplicate)
        let positions = await router.positions.filter { !$0.isFlat }
        #expect(positions.count == 1)
        #expect(positions.first?.size == 10)
        #expect(await router.statistics.orders == 1)
        await venues.shutdown()
    }

    @Test func buyStaysBuyAndSellClosesThePosition() async throws {
        let (router, _, venues) = try router()
        await router.handle(trade("c-buy", side: "Yes", action: "open"))
        var position = await router.positions.first { $0.key.market == "KXTEST" && $0.key.outcome == .yes }
        #expect(position?.size == 10)
        await router.handle(trade("c-sell", side: "Yes", action: "close", size: 4))
        position = await router.positions.first { $0.key.market == "KXTEST" && $0.key.outcome == .yes }
        #expect(position?.size == 6)
        await venues.shutdown()
    }

    @Test func partialFillsLaterEventsCompleteThePosition() async throws {
        let (router, reports, venues) = try router(settings: ["partial_fill_rate": .number(1), "latency_ms": .number(300)])
        // A marketable GTC limit: part fills at once, the rest rests and fills later (reported by events).
        let result = await router.handle(trade("c-partial", "binance:BTCUSDT", side: "buy", action: "buy", size: 10,
                                               type: "limit", limit: 200_000))
        guard case .accepted(let orderId?) = result else { Issue.record("not accepted: \(result)"); return }
        for _ in 0..<500 where await router.order(gatewayOrderId: orderId)?.state != .filled {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(await router.order(gatewayOrderId: orderId)?.state == .filled)
        let position = await router.positions.first { $0.key.market == "BTCUSDT" }
        #expect(position?.size == 10)
        // The completion reported a partial fill first (whatever the timing), then the event completed it.
        let mine = reports.updates.filter { $0.orderId == orderId }
        let partial = mine.firstIndex { $0.status == "partially_filled" && $0.filledSize < 10 }
        let filled = mine.firstIndex { $0.status == "filled" && $0.filledSize == 10 }
        #expect(partial != nil && filled != nil && partial! < filled!, "\(mine.map(\.status))")
        #expect(mine.allSatisfy { $0.commandId == "c-partial" })
        await venues.shutdown()
    }

    @Test func restingOrderCancelsAndFilledOrderCannotBeCancelled() async throws {
        let (router, reports, venues) = try router()
        guard case .accepted(let resting?) = await router.handle(trade("c-rest", "binance:ETHUSDT", side: "buy", action: "buy",
                                                                      size: 1, type: "limit", limit: 1)) else {
            Issue.record("not accepted"); return
        }
        #expect(await router.order(gatewayOrderId: resting)?.state == .submitted)
        #expect(await router.openOrders.count == 1)
        #expect(await router.handle(.cancel(id: "c-cancel", orderId: resting)) == .accepted(orderId: resting))
        #expect(await router.order(gatewayOrderId: resting)?.state == .cancelled)
        let again = await router.handle(.cancel(id: "c-cancel-2", orderId: resting))
        #expect(again == .rejected(code: "ORDER_NOT_OPEN", message: "Order \(resting) is already cancelled"))
        #expect(reports.errors.contains { $0.code == "ORDER_NOT_OPEN" && $0.commandId == "c-cancel-2" })
        await venues.shutdown()
    }

    @Test func badCommandsAreRejectedWithCodesAndNothingIsSent() async throws {
        let (router, reports, venues) = try router()
        #expect(await router.handle(trade("b1", "no-colon")).rejectionCode == "INVALID_MARKET_ID")
        #expect(await router.handle(trade("b2", "nowhere:X")).rejectionCode == "VENUE_NOT_FOUND")
        #expect(await router.handle(trade("b3", side: "up", action: "buy")).rejectionCode == "INVALID_COMMAND")
        #expect(await router.handle(trade("b4", side: "buy", action: "sell")).rejectionCode == "INVALID_COMMAND")
        #expect(await router.handle(trade("b5", size: 0)).rejectionCode == "INVALID_ORDER")
        #expect(await router.handle(trade("b6", type: "stop")).rejectionCode == "INVALID_COMMAND")
        #expect(await router.handle(trade("b7", type: "limit")).rejectionCode == "INVALID_ORDER")
        await router.handle(.pause(id: "p"))
        #expect(await router.handle(trade("b8")).rejectionCode == "GATEWAY_PAUSED")
        await router.handle(.resume(id: "r"))
        #expect(await router.statistics.orders == 0)
        #expect(reports.errors.count == 8)
        #expect(await router.handle(trade("b9")).rejectionCode == nil)
        await venues.shutdown()
    }

    @Test func cancelAllCancelsOnlyWhatTheVenueCancelled() async throws {
        let (router, _, venues) = try router()
        for i in 0..<3 {
            await router.handle(trade("rest-\(i)", "binance:BTCUSDT", side: "buy", action: "buy", size: 1, type: "limit", limit: 10))
        }
        await router.handle(trade("filled-1"))
        #expect(await router.openOrders.count == 3)
        #expect(await router.handle(.cancelAll(id: "ca")) == .accepted(orderId: nil))
        #expect(await router.openOrders.isEmpty)
        let states = await router.allOrders.map(\.state)
        #expect(states.filter { $0 == .cancelled }.count == 3)
        #expect(states.filter { $0 == .filled }.count == 1)
        await venues.shutdown()
    }
}

extension CommandResult {
    var rejectionCode: String? {
        if case .rejected(let code, _) = self { return code }
        return nil
    }
}
