import Foundation
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// The announced events order endpoint (one setting away), and later updates reaching the host as events.
@Suite struct KalshiEventsAndPollingTests {
    @Test func eventsEndpointPlacesCancelsAndCancelsAll() async throws {
        let h = try await KalshiHarness(settings: ["order_endpoint": "events_orders"])
        h.emulator.addMarket(.init(ticker: KalshiHarness.ticker, yesBid: (Decimal(string: "0.62")!, 1)))
        // Buying NO at 0.40 is asking YES at 0.60: one contract trades against the 0.62 bid (NO at 0.38), the rest rests.
        let placed = await h.instance.placeOrder(h.order("gw-v2-1", outcome: GW_OUTCOME_NO, quantity: "3", price: "0.40"))
        let report = try #require(placed.orders.first, "\(placed.failure?.description ?? "")")
        #expect(report.state == GW_STATE_PARTIALLY_FILLED && report.filledQuantity == "1" && report.averageFillPrice == "0.38")
        #expect(report.outcome == GW_OUTCOME_NO && report.side == GW_SIDE_BUY && report.limitPrice == "0.4")
        let body = try #require(h.requests("POST", "/portfolio/events/orders").first).bodyText
        #expect(body == #"{"ticker":"KXBTCD-25DEC31-T100000","client_order_id":"gw-v2-1","side":"ask","count":"3.00","price":"0.6000","time_in_force":"good_till_canceled","self_trade_prevention_type":"taker_at_cross"}"#)
        let cancelled = await h.instance.cancelOrder(VenueOrderRef(venueOrderId: report.venueOrderId))
        #expect(cancelled.orders.first?.state == GW_STATE_CANCELLED && cancelled.orders.first?.filledQuantity == "1",
                "\(cancelled.failure?.description ?? "")")
        #expect(h.requests("DELETE", "/portfolio/events/orders/\(report.venueOrderId)").count == 1)
        for i in 0..<3 {
            h.emulator.addRestingOrder(ticker: KalshiHarness.ticker, side: "yes", action: "buy", price: Decimal(string: "0.2")!, count: 1,
                                       clientOrderId: "gw-v2-bulk-\(i)")
        }
        let all = await h.instance.cancelAll()
        await h.shutdown()
        #expect(all.orders.count == 3 && all.orders.allSatisfy { $0.state == GW_STATE_CANCELLED }, "\(all.failure?.description ?? "")")
        let batch = KalshiHarness.json(try #require(h.requests("DELETE", "/portfolio/events/orders/batched").first).body)
        #expect((batch["orders"] as? [[String: Any]])?.allSatisfy { $0["market_ticker"] as? String == KalshiHarness.ticker } == true)
        #expect(h.requests("POST", "/portfolio/orders").isEmpty && h.emulator.authFailures.isEmpty)
    }

    @Test func pollingReportsFillsAndCompletionOfRestingOrders() async throws {
        let h = try await KalshiHarness(settings: ["poll_interval_ms": 20])
        let placed = try #require(await h.instance.placeOrder(h.order("gw-poll-1", quantity: "5", price: "0.45")).orders.first)
        #expect(placed.state == GW_STATE_OPEN)
        h.emulator.fillResting(orderId: placed.venueOrderId, count: 2)
        #expect(await h.events.wait { events in
            events.contains { if case .orderUpdate(let o) = $0 { o.filledQuantity == "2" && o.state == GW_STATE_PARTIALLY_FILLED } else { false } }
                && events.contains { if case .fill(let f) = $0 { f.quantity == "2" } else { false } }
        }, "\(h.events.all)")
        h.emulator.fillResting(orderId: placed.venueOrderId, count: 3)
        #expect(await h.events.wait { events in
            events.contains { if case .orderUpdate(let o) = $0 { o.state == GW_STATE_FILLED } else { false } }
        }, "\(h.events.all)")
        #expect(await h.events.wait { $0.filter { if case .fill = $0 { true } else { false } }.count == 2 })
        await h.shutdown()
        let fills = h.events.fills
        #expect(Set(fills.map(\.tradeId)).count == 2, "each execution is emitted once")
        #expect(fills.allSatisfy { $0.clientOrderId == "gw-poll-1" && $0.price == "0.45" && $0.venueOrderId == placed.venueOrderId })
        let final = try #require(h.events.updates.last)
        #expect(final.filledQuantity == "5" && final.averageFillPrice == "0.45")
    }

    @Test func pollingReportsAVenueCancel() async throws {
        let h = try await KalshiHarness(settings: ["poll_interval_ms": 20])
        let placed = try #require(await h.instance.placeOrder(h.order("gw-poll-2")).orders.first)
        // The venue cancels it on its own (an expiry, a market pause): the plugin learns it from polling.
        #expect(h.emulator.expire(orderId: placed.venueOrderId))
        #expect(await h.events.wait { events in
            events.contains { if case .orderUpdate(let o) = $0 { o.state == GW_STATE_CANCELLED && o.venueOrderId == placed.venueOrderId } else { false } }
        }, "\(h.events.all)")
        await h.shutdown()
    }
}
