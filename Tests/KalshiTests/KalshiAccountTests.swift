import Foundation
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Cancels, queries, listings, positions, balance and health against the emulator.
@Suite struct KalshiAccountTests {
    @Test func cancelByVenueIdAndByClientIdThroughThePaginatedList() async throws {
        let h = try await KalshiHarness()
        h.emulator.setMaxPageSize(2)
        for i in 0..<5 {
            h.emulator.addRestingOrder(ticker: KalshiHarness.ticker, side: "yes", action: "buy", price: Decimal(string: "0.40")!, count: 3,
                                       clientOrderId: "gw-old-\(i)")
        }
        let placed = try #require(await h.instance.placeOrder(h.order("gw-cancel-me")).orders.first)
        let byVenue = await h.instance.cancelOrder(VenueOrderRef(venueOrderId: placed.venueOrderId))
        // gw-old-0 is the oldest: the newest-first list reaches it on the third page.
        let byClient = await h.instance.cancelOrder(VenueOrderRef(market: KalshiHarness.ticker, clientOrderId: "gw-old-0"))
        let missing = await h.instance.cancelOrder(VenueOrderRef(clientOrderId: "gw-never-placed"))
        let again = await h.instance.cancelOrder(VenueOrderRef(venueOrderId: placed.venueOrderId))
        await h.shutdown()
        #expect(byVenue.orders.first?.state == GW_STATE_CANCELLED && byVenue.orders.first?.clientOrderId == "gw-cancel-me")
        #expect(byClient.orders.first?.state == GW_STATE_CANCELLED && byClient.orders.first?.clientOrderId == "gw-old-0",
                "\(byClient.failure?.description ?? "")")
        #expect(missing.failure?.status == .notFound && missing.failure!.message.contains("gw-never-placed"))
        #expect(again.failure?.status == .notFound && again.failure?.venueCode == "not_found")
        let listings = h.requests("GET", "/portfolio/orders")
        #expect(listings.count >= 3 && listings[0].query == "ticker=\(KalshiHarness.ticker)&limit=200")
        #expect(listings[1].query.hasSuffix("&cursor=cur_2"))
        #expect(h.emulator.authFailures.isEmpty)
    }

    @Test func cancelAllListsEveryPageThenBatchCancelsTwentyAtATime() async throws {
        let h = try await KalshiHarness()
        h.emulator.setMaxPageSize(7)
        h.emulator.addMarket(.init(ticker: "KXOTHER-1"))
        for i in 0..<45 {
            h.emulator.addRestingOrder(ticker: KalshiHarness.ticker, side: i % 2 == 0 ? "yes" : "no", action: "buy",
                                       price: Decimal(string: "0.30")!, count: 1, clientOrderId: "gw-bulk-\(i)")
        }
        h.emulator.addRestingOrder(ticker: "KXOTHER-1", side: "yes", action: "buy", price: Decimal(string: "0.30")!, count: 1,
                                   clientOrderId: "gw-other")
        let marketOnly = await h.instance.cancelAll(market: "KXOTHER-1")
        let all = await h.instance.cancelAll()
        let nothing = await h.instance.cancelAll()
        let open = await h.instance.openOrders()
        await h.shutdown()
        #expect(marketOnly.orders.map(\.clientOrderId) == ["gw-other"], "\(marketOnly.failure?.description ?? "")")
        #expect(all.failure == nil, "\(all.failure?.description ?? "")")
        #expect(all.orders.count == 45 && all.orders.allSatisfy { $0.state == GW_STATE_CANCELLED })
        #expect(Set(all.orders.map(\.outcome)) == [GW_OUTCOME_YES, GW_OUTCOME_NO])
        #expect(nothing.orders.isEmpty && nothing.failure == nil)
        #expect(open.orders.isEmpty)
        let batches = h.requests("DELETE", "/portfolio/orders/batched").map { KalshiHarness.json($0.body)["ids"] as? [String] ?? [] }
        #expect(batches.map(\.count) == [1, 20, 20, 5])
        #expect(h.emulator.orders.allSatisfy { $0.status == "canceled" })
    }

    @Test func cancelAllReportsItemsTheVenueRefused() async throws {
        let h = try await KalshiHarness()
        h.emulator.addRestingOrder(ticker: KalshiHarness.ticker, side: "yes", action: "buy", price: Decimal(string: "0.30")!, count: 1,
                                   clientOrderId: "gw-a")
        let b = h.emulator.addRestingOrder(ticker: KalshiHarness.ticker, side: "yes", action: "buy", price: Decimal(string: "0.30")!,
                                           count: 1, clientOrderId: "gw-b")
        h.emulator.inject("DELETE", "/portfolio/orders/batched", status: 200, body: """
        {"orders":[{"order_id":"\(b)","reduced_by_fp":"0.00","error":{"code":"order_not_cancelable","message":"order is being matched"}}]}
        """)
        let outcome = await h.instance.cancelAll()
        await h.shutdown()
        #expect(outcome.failure?.status == .venueRejected && outcome.failure?.venueCode == "order_not_cancelable")
        #expect(outcome.failure!.message.contains("cancelled 0 of 2") && outcome.failure!.message.contains("order is being matched"))
    }

    @Test func openOrdersAndQueryOrderInEveryState() async throws {
        let h = try await KalshiHarness()
        h.emulator.setMaxPageSize(3)
        h.emulator.addMarket(.init(ticker: KalshiHarness.ticker, yesAsk: (Decimal(string: "0.50")!, 2)))
        let resting = try #require(await h.instance.placeOrder(h.order("gw-q-1", price: "0.40")).orders.first)
        let partial = try #require(await h.instance.placeOrder(h.order("gw-q-2", quantity: "5", price: "0.50")).orders.first)
        for i in 0..<5 {
            h.emulator.addRestingOrder(ticker: "KXOTHER-2", side: "no", action: "sell", price: Decimal(string: "0.70")!, count: 2,
                                       clientOrderId: "gw-x-\(i)")
        }
        let open = await h.instance.openOrders()
        let openOne = await h.instance.openOrders(market: KalshiHarness.ticker)
        let byVenue = await h.instance.queryOrder(VenueOrderRef(venueOrderId: partial.venueOrderId))
        let byClient = await h.instance.queryOrder(VenueOrderRef(clientOrderId: "gw-x-0"))
        _ = await h.instance.cancelOrder(VenueOrderRef(venueOrderId: resting.venueOrderId))
        let cancelled = await h.instance.queryOrder(VenueOrderRef(clientOrderId: "gw-q-1"))
        let unknown = await h.instance.queryOrder(VenueOrderRef(venueOrderId: "ee6d2bd1-0000-4000-8000-999999999999"))
        await h.shutdown()
        #expect(partial.state == GW_STATE_PARTIALLY_FILLED && partial.filledQuantity == "2")
        #expect(open.orders.count == 7, "\(open.failure?.description ?? "")")
        #expect(Set(openOne.orders.map(\.clientOrderId)) == ["gw-q-1", "gw-q-2"])
        #expect(byVenue.orders.first?.state == GW_STATE_PARTIALLY_FILLED && byVenue.orders.first?.averageFillPrice == "0.5")
        let x0 = try #require(byClient.orders.first, "\(byClient.failure?.description ?? "")")
        #expect(x0.side == GW_SIDE_SELL && x0.outcome == GW_OUTCOME_NO && x0.limitPrice == "0.7" && x0.state == GW_STATE_OPEN)
        #expect(cancelled.orders.first?.state == GW_STATE_CANCELLED)
        #expect(unknown.failure?.status == .notFound)
    }

    @Test func positionsFollowTheCursorAndReportNoAsItsOwnOutcome() async throws {
        let h = try await KalshiHarness()
        h.emulator.setMaxPageSize(1)
        h.emulator.setPosition(.init(ticker: "KXA-1", position: 10, exposure: Decimal(string: "6.5")!, totalTraded: Decimal(string: "9.0")!))
        h.emulator.setPosition(.init(ticker: "KXB-1", position: -7, exposure: Decimal(string: "2.8")!, totalTraded: 4))
        h.emulator.setPosition(.init(ticker: "KXC-1", position: 0, exposure: 0, totalTraded: 3))
        let outcome = await h.instance.positions()
        await h.shutdown()
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        #expect(outcome.positions == [
            VenuePosition(market: "KXA-1", outcome: GW_OUTCOME_YES, size: "10", averageEntryPrice: "0.65"),
            VenuePosition(market: "KXB-1", outcome: GW_OUTCOME_NO, size: "7", averageEntryPrice: "0.4"),
        ])
        let pages = h.requests("GET", "/portfolio/positions").map(\.query)
        #expect(pages == ["limit=200&count_filter=position", "cursor=cur_1&limit=200&count_filter=position"])
    }

    @Test func balanceInDollars() async throws {
        let h = try await KalshiHarness()
        h.emulator.setBalance(cents: 50_000, portfolioValueCents: 10_050)
        let outcome = await h.instance.balances()
        await h.shutdown()
        #expect(outcome.balances == [VenueBalance(currency: "USD", total: "600.5", available: "500")])
    }

    @Test func healthReadsTheExchangeStatus() async throws {
        let h = try await KalshiHarness()
        let up = await h.instance.health()
        h.emulator.setExchange(active: true, trading: false)
        let paused = await h.instance.health()
        await h.shutdown()
        #expect(up.health?.healthy == true && up.health!.latencyMicros >= 0)
        #expect(paused.health?.healthy == false && paused.health!.detail.contains("trading_active=false"))
        let unreachable = try await KalshiHarness(baseURL: "http://127.0.0.1:9/trade-api/v2")
        let down = await unreachable.instance.health()
        await unreachable.shutdown()
        #expect(down.health?.healthy == false && down.health!.detail.contains("unavailable"))
    }
}
