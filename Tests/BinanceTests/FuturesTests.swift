import Foundation
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Every capability on USD-M futures, through `libBinance.so` against the loopback emulator.
@Suite struct FuturesTests {
    @Test func limitOrderIsRoundedToTheTickAndStepAndPostOnlyIsGTX() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        let buy = await h.place("gw-fr-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.0129", price: "65000.17",
                                flags: UInt32(GW_ORDER_FLAG_POST_ONLY))
        #expect(buy.failure == nil, "\(buy.failure?.description ?? "")")
        let sent = try #require(h.requests("POST", "/fapi/v1/order").last)
        #expect(queryValue(sent.query, "quantity") == "0.012")
        #expect(queryValue(sent.query, "price") == "65000.1")
        #expect(queryValue(sent.query, "timeInForce") == "GTX")
        #expect(queryValue(sent.query, "type") == "LIMIT")
        #expect(queryValue(sent.query, "newOrderRespType") == "RESULT")
        #expect(queryValue(sent.query, "reduceOnly") == nil)
        let sell = await h.place("gw-fr-2", "BTCUSDT", GW_SIDE_SELL, GW_ORDER_LIMIT, qty: "0.01", price: "75000.11")
        #expect(sell.failure == nil)
        #expect(queryValue(h.requests("POST", "/fapi/v1/order").last!.query, "price") == "75000.2")
        // Futures exchangeInfo lists every symbol: fetched once, without a symbol.
        #expect(h.requests("GET", "/fapi/v1/exchangeInfo").map(\.query) == [""])
        let eth = await h.place("gw-fr-3", "ETHUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.01", price: "3000")
        #expect(eth.failure == nil)
        #expect(h.requests("GET", "/fapi/v1/exchangeInfo").count == 1)
        await h.stop()
    }

    @Test func postOnlyThatWouldTakeKeepsBinanceCodeAndWords() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        let takes = await h.place("gw-gtx-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.01", price: "71000",
                                  flags: UInt32(GW_ORDER_FLAG_POST_ONLY))
        #expect(takes.failure?.status == .venueRejected)
        #expect(takes.failure?.venueCode == "-5022")
        #expect(takes.failure?.message.contains("Post Only order will be rejected") == true)
        await h.stop()
    }

    @Test func minimumNotionalIsCheckedLocallyAndWaivedForReduceOnly() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        let small = await h.place("gw-n-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        #expect(small.failure?.status == .invalidOrder)
        #expect(small.failure?.venueCode == "MIN_NOTIONAL")
        #expect(h.requests("POST", "/fapi/v1/order").isEmpty)
        h.emulator.setPosition("BTCUSDT", amount: 0.01, entry: 60000)
        let reduce = await h.place("gw-n-2", "BTCUSDT", GW_SIDE_SELL, GW_ORDER_LIMIT, qty: "0.001", price: "69000",
                                   flags: UInt32(GW_ORDER_FLAG_REDUCE_ONLY))
        #expect(reduce.failure == nil, "\(reduce.failure?.description ?? "")")
        #expect(queryValue(h.requests("POST", "/fapi/v1/order").last!.query, "reduceOnly") == "true")
        #expect(reduce.orders.first?.state == GW_STATE_FILLED)
        #expect(h.emulator.position("BTCUSDT") == Decimal(string: "0.009")!)
        await h.stop()
    }

    @Test func reduceOnlyWithoutPositionAndMarginShortfallMapToTheirCodes() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        let reduce = await h.place("gw-ro-1", "BTCUSDT", GW_SIDE_SELL, GW_ORDER_MARKET, qty: "0.01", flags: UInt32(GW_ORDER_FLAG_REDUCE_ONLY))
        #expect(reduce.failure?.status == .venueRejected)
        #expect(reduce.failure?.venueCode == "-2022")
        #expect(reduce.failure?.message.contains("ReduceOnly Order is rejected.") == true)
        let big = await h.place("gw-mg-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "5", price: "60000")
        #expect(big.failure?.status == .insufficientBalance)
        #expect(big.failure?.venueCode == "-2019")
        #expect(big.failure?.message.contains("Margin is insufficient.") == true)
        await h.stop()
    }

    @Test func marketOrderFillsAndShowsAsPositionAndBalance() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        let buy = await h.place("gw-fm-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_MARKET, qty: "0.02")
        let report = try #require(buy.orders.first, "\(buy.failure?.description ?? "")")
        #expect(report.state == GW_STATE_FILLED)
        #expect(report.filledQuantity == "0.02")
        #expect(report.averageFillPrice == "70000")
        let short = await h.place("gw-fm-2", "ETHUSDT", GW_SIDE_SELL, GW_ORDER_MARKET, qty: "0.5")
        #expect(short.failure == nil)
        h.emulator.setLastPrice("BTCUSDT", 71000)
        let positions = await h.instance.positions()
        #expect(positions.failure == nil)
        let btc = try #require(positions.positions.first { $0.market == "BTCUSDT" })
        #expect(btc.size == "0.02")
        #expect(btc.averageEntryPrice == "70000")
        #expect(btc.markPrice == "71000")
        #expect(btc.unrealizedPnl == "20")
        #expect(positions.positions.first { $0.market == "ETHUSDT" }?.size == "-0.5")
        let balances = await h.instance.balances()
        let usdt = try #require(balances.balances.first { $0.currency == "USDT" })
        #expect(usdt.total == "10000")
        #expect(usdt.available == "9845")  // 10000 - (1400 + 1700) / 20
        await h.stop()
    }

    @Test func gtdIsSentWithGoodTillDate() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        let expire = BinanceHarness.startMs + 3_600_000
        let outcome = await h.place("gw-gtd-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.01", price: "60000", tif: GW_TIF_GTD,
                                    expireAt: expire)
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        let sent = try #require(h.requests("POST", "/fapi/v1/order").last)
        #expect(queryValue(sent.query, "timeInForce") == "GTD")
        #expect(queryValue(sent.query, "goodTillDate") == String(expire))
        await h.stop()
    }

    @Test func cancelAllUsesTheOpenOrdersOfEverySymbol() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        _ = await h.place("gw-fa-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.01", price: "60000")
        _ = await h.place("gw-fa-2", "ETHUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.1", price: "3000")
        _ = await h.place("gw-fa-3", "ETHUSDT", GW_SIDE_SELL, GW_ORDER_LIMIT, qty: "0.1", price: "3900")
        let all = await h.instance.cancelAll()
        #expect(all.failure == nil, "\(all.failure?.description ?? "")")
        #expect(all.orders.map(\.clientOrderId).sorted() == ["gw-fa-1", "gw-fa-2", "gw-fa-3"])
        #expect(all.orders.allSatisfy { $0.state == GW_STATE_CANCELLED })
        #expect(h.requests("DELETE", "/fapi/v1/allOpenOrders").map { queryValue($0.query, "symbol") } == ["BTCUSDT", "ETHUSDT"])
        #expect(h.emulator.orders.allSatisfy { !$0.isOpen })
        let open = await h.instance.openOrders()
        #expect(open.orders.isEmpty)
        await h.stop()
    }

    @Test func cancelAndQueryOnFutures() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        let placed = try #require(await h.place("gw-fc-1", "BTCUSDT", GW_SIDE_SELL, GW_ORDER_LIMIT, qty: "0.01", price: "75000").orders.first)
        #expect(placed.state == GW_STATE_OPEN)
        let queried = await h.instance.queryOrder(VenueOrderRef(market: "BTCUSDT", venueOrderId: placed.venueOrderId))
        #expect(queried.orders.first?.clientOrderId == "gw-fc-1")
        let cancelled = await h.instance.cancelOrder(VenueOrderRef(market: "BTCUSDT", clientOrderId: "gw-fc-1"))
        #expect(cancelled.orders.first?.state == GW_STATE_CANCELLED)
        #expect(cancelled.orders.first?.venueOrderId == placed.venueOrderId)
        let again = await h.instance.cancelOrder(VenueOrderRef(market: "BTCUSDT", clientOrderId: "gw-fc-1"))
        #expect(again.failure?.status == .notFound)
        #expect(again.failure?.venueCode == "-2011")
        let unknown = await h.place("gw-fc-2", "NOPEUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "1", price: "1")
        #expect(unknown.failure?.status == .notFound)
        await h.stop()
    }
}
