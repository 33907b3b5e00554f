import Foundation
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Placing orders through the loaded plugin against the loopback emulator, which verifies every signature.
@Suite struct KalshiOrderFlowTests {
    @Test func limitOrderRestsWithCurrentFixedPointBody() async throws {
        let h = try await KalshiHarness()
        let outcome = await h.instance.placeOrder(h.order())
        await h.shutdown()
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        let report = try #require(outcome.orders.first)
        #expect(report.state == GW_STATE_OPEN)
        #expect(report.clientOrderId == "gw-test-0001")
        #expect(report.quantity == "10" && report.filledQuantity == "0" && report.limitPrice == "0.56")
        #expect(report.side == GW_SIDE_BUY && report.outcome == GW_OUTCOME_YES && report.market == KalshiHarness.ticker)
        #expect(h.emulator.authFailures.isEmpty)
        let post = try #require(h.requests("POST", "/portfolio/orders").first)
        #expect(post.bodyText == #"{"ticker":"KXBTCD-25DEC31-T100000","client_order_id":"gw-test-0001","side":"yes","action":"buy","count_fp":"10.00","yes_price_dollars":"0.5600","time_in_force":"good_till_canceled"}"#)
        #expect(post.header("KALSHI-ACCESS-KEY") == KalshiHarness.apiKeyId)
        #expect(post.header("KALSHI-ACCESS-TIMESTAMP") == "1767225600123")
        #expect(post.header("Content-Type") == "application/json")
        // The market's grid was read first, without a signature (public endpoint).
        let market = try #require(h.requests("GET", "/markets/\(KalshiHarness.ticker)").first)
        #expect(market.header("KALSHI-ACCESS-SIGNATURE") == nil)
    }

    @Test func marketableBuyFillsAndEmitsFills() async throws {
        let h = try await KalshiHarness()
        h.emulator.addMarket(.init(ticker: KalshiHarness.ticker, yesAsk: (Decimal(string: "0.52")!, 100)))
        let outcome = await h.instance.placeOrder(h.order(quantity: "10", price: "0.56"))
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        let report = try #require(outcome.orders.first)
        #expect(report.state == GW_STATE_FILLED)
        #expect(report.filledQuantity == "10" && report.averageFillPrice == "0.52" && report.fee == "0.1")
        #expect(await h.events.wait { $0.contains { if case .fill = $0 { true } else { false } } })
        await h.shutdown()
        let fill = try #require(h.events.fills.first)
        #expect(fill.venueOrderId == report.venueOrderId && fill.quantity == "10" && fill.price == "0.52" && fill.fee == "0.1")
        #expect(fill.clientOrderId == "gw-test-0001" && fill.side == GW_SIDE_BUY && fill.outcome == GW_OUTCOME_YES)
        #expect(h.requests("GET", "/portfolio/fills").first?.query == "order_id=\(report.venueOrderId)&limit=200")
    }

    @Test func marketOrderIsBoundedImmediateOrCancelAndNeverRests() async throws {
        let h = try await KalshiHarness(settings: ["market_worst_buy_price": "0.60"])
        h.emulator.addMarket(.init(ticker: KalshiHarness.ticker, yesAsk: (Decimal(string: "0.55")!, 4)))
        let partial = await h.instance.placeOrder(h.order("gw-mkt-1", type: GW_ORDER_MARKET, quantity: "10", price: ""))
        let none = await h.instance.placeOrder(h.order("gw-mkt-2", type: GW_ORDER_MARKET, quantity: "3", price: ""))
        await h.shutdown()
        let first = try #require(partial.orders.first, "\(partial.failure?.description ?? "")")
        #expect(first.state == GW_STATE_CANCELLED && first.filledQuantity == "4" && first.averageFillPrice == "0.55")
        let second = try #require(none.orders.first, "\(none.failure?.description ?? "")")
        #expect(second.state == GW_STATE_CANCELLED && second.filledQuantity == "0")
        let bodies = h.requests("POST", "/portfolio/orders").map { KalshiHarness.json($0.body) }
        #expect(bodies.allSatisfy { $0["time_in_force"] as? String == "immediate_or_cancel" && $0["yes_price_dollars"] as? String == "0.6000" })
        #expect(bodies.allSatisfy { $0["type"] == nil })
        #expect(h.emulator.orders.allSatisfy { $0.status != "resting" }, "a market order must never rest")
    }

    @Test func marketBuyWithBuyMaxCostIsFillOrKill() async throws {
        let h = try await KalshiHarness(settings: ["market_buy_bound": "buy_max_cost", "market_worst_buy_price": "0.65"])
        h.emulator.addMarket(.init(ticker: KalshiHarness.ticker, yesAsk: (Decimal(string: "0.60")!, 100)))
        let outcome = await h.instance.placeOrder(h.order(type: GW_ORDER_MARKET, quantity: "7", price: ""))
        await h.shutdown()
        #expect(outcome.orders.first?.state == GW_STATE_FILLED, "\(outcome.failure?.description ?? "")")
        let body = KalshiHarness.json(try #require(h.requests("POST", "/portfolio/orders").first).body)
        #expect(body["buy_max_cost"] as? Int == 455 && body["time_in_force"] as? String == "fill_or_kill")
    }

    @Test func noOrdersWithoutOutcomeOrOffGridPriceAreSent() async throws {
        let h = try await KalshiHarness()
        h.emulator.addMarket(.tapered("KXTAPER-26"))
        let noOutcome = await h.instance.placeOrder(h.order(outcome: GW_OUTCOME_NONE))
        let offGrid = await h.instance.placeOrder(h.order(price: "0.565"))
        let outOfBounds = await h.instance.placeOrder(h.order(price: "0.999"))
        let taperedOff = await h.instance.placeOrder(h.order(market: "KXTAPER-26", price: "0.505"))
        let taperedOn = await h.instance.placeOrder(h.order("gw-taper-ok", market: "KXTAPER-26", price: "0.955"))
        let fractional = await h.instance.placeOrder(h.order(quantity: "1.5"))
        let unknownMarket = await h.instance.placeOrder(h.order(market: "NOPE-1"))
        let postOnlyIOC = await h.instance.placeOrder(h.order(tif: GW_TIF_IOC, flags: UInt32(GW_ORDER_FLAG_POST_ONLY)))
        let pastGTD = await h.instance.placeOrder(h.order(tif: GW_TIF_GTD, expireAt: 1_767_225_000_000))
        await h.shutdown()
        #expect(noOutcome.failure?.status == .invalidOrder && noOutcome.failure!.message.contains("outcome"))
        #expect(offGrid.failure?.status == .invalidOrder && offGrid.failure!.message.contains("not on \(KalshiHarness.ticker)'s price grid"))
        #expect(offGrid.failure!.message.contains("0–1 step 0.01"))
        #expect(outOfBounds.failure?.status == .invalidOrder)
        #expect(taperedOff.failure?.status == .invalidOrder && taperedOff.failure!.message.contains("tapered_deci_cent"))
        #expect(taperedOn.failure == nil, "\(taperedOn.failure?.description ?? "")")
        #expect(fractional.failure?.status == .invalidOrder && fractional.failure!.message.contains("fractional"))
        #expect(unknownMarket.failure?.status == .notFound && unknownMarket.failure!.message.contains("NOPE-1"))
        #expect(postOnlyIOC.failure?.status == .invalidOrder)
        #expect(pastGTD.failure?.status == .invalidOrder && pastGTD.failure!.message.contains("future"))
        #expect(h.requests("POST", "/portfolio/orders").count == 1, "only the valid tapered order reaches the venue")
    }

    @Test func fractionalCountsWhereTheMarketAllowsThem() async throws {
        let h = try await KalshiHarness()
        h.emulator.addMarket(.init(ticker: "KXFRAC-1", fractionalTrading: true))
        let outcome = await h.instance.placeOrder(h.order(market: "KXFRAC-1", quantity: "2.5"))
        await h.shutdown()
        #expect(outcome.orders.first?.quantity == "2.5", "\(outcome.failure?.description ?? "")")
        #expect(KalshiHarness.json(try #require(h.requests("POST", "/portfolio/orders").first).body)["count_fp"] as? String == "2.50")
    }

    @Test func noOutcomeOrdersAndGoodTillDateBodies() async throws {
        let h = try await KalshiHarness()
        let outcome = await h.instance.placeOrder(h.order(side: GW_SIDE_SELL, outcome: GW_OUTCOME_NO, tif: GW_TIF_GTD, quantity: "2",
                                                          price: "0.3", flags: UInt32(GW_ORDER_FLAG_POST_ONLY), expireAt: 1_767_229_200_500))
        await h.shutdown()
        let report = try #require(outcome.orders.first, "\(outcome.failure?.description ?? "")")
        #expect(report.side == GW_SIDE_SELL && report.outcome == GW_OUTCOME_NO && report.limitPrice == "0.3")
        let body = KalshiHarness.json(try #require(h.requests("POST", "/portfolio/orders").first).body)
        #expect(body["side"] as? String == "no" && body["action"] as? String == "sell" && body["no_price_dollars"] as? String == "0.3000")
        #expect(body["expiration_ts"] as? Int == 1_767_229_200 && body["post_only"] as? Bool == true)
    }
}
