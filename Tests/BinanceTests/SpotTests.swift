import Foundation
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Every capability on spot, through `libBinance.so` against the loopback emulator.
@Suite struct SpotTests {
    @Test func limitOrderIsRoundedTheSafeWayAndRests() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        // Quantity floored to the step 0.00001, a buy price rounded down to the tick 0.01.
        let buy = await h.place("gw-r-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.0012399", price: "65000.129")
        #expect(buy.failure == nil, "\(buy.failure?.description ?? "")")
        let sent = try #require(h.requests("POST", "/api/v3/order").last)
        #expect(queryValue(sent.query, "quantity") == "0.00123")
        #expect(queryValue(sent.query, "price") == "65000.12")
        #expect(queryValue(sent.query, "newClientOrderId") == "gw-r-1")
        #expect(queryValue(sent.query, "recvWindow") == "5000")
        let report = try #require(buy.orders.first)
        #expect(report.state == GW_STATE_OPEN)
        #expect(report.clientOrderId == "gw-r-1")
        #expect(report.quantity == "0.00123")
        #expect(report.limitPrice == "65000.12")
        #expect(report.venueOrderId == "28")
        #expect(report.side == GW_SIDE_BUY)
        // A sell is rounded up: never a worse price than asked.
        let sell = await h.place("gw-r-2", "ETHUSDT", GW_SIDE_SELL, GW_ORDER_LIMIT, qty: "0.12345", price: "3500.001")
        #expect(sell.failure == nil)
        let sellSent = try #require(h.requests("POST", "/api/v3/order").last)
        #expect(queryValue(sellSent.query, "quantity") == "0.1234")
        #expect(queryValue(sellSent.query, "price") == "3500.01")
        // exchangeInfo was fetched once per symbol, lazily, with the symbol.
        #expect(h.requests("GET", "/api/v3/exchangeInfo").map(\.query) == ["symbol=BTCUSDT", "symbol=ETHUSDT"])
        await h.stop()
    }

    @Test func concurrentOrdersShareOneClockSyncAndOneRulesFetch() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        async let a = h.place("gw-cc-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        async let b = h.place("gw-cc-2", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60001")
        async let c = h.place("gw-cc-3", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60002")
        let outcomes = await [a, b, c]
        #expect(outcomes.allSatisfy { $0.failure == nil })
        #expect(h.requests("GET", "/api/v3/exchangeInfo").count == 1)
        #expect(h.requests("GET", "/api/v3/time").count == 1)
        #expect(h.requests("POST", "/api/v3/order").count == 3)
        await h.stop()
    }

    @Test func aRepeatedClientOrderIdReportsTheOrderAlreadyPlaced() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        let first = try #require(await h.place("gw-dup-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000").orders.first)
        let again = await h.place("gw-dup-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        #expect(again.failure == nil, "\(again.failure?.description ?? "")")
        #expect(again.orders.first?.venueOrderId == first.venueOrderId)
        #expect(h.emulator.orders.count == 1, "Binance refused the duplicate (-2010 Duplicate order sent.)")
        await h.stop()
    }

    @Test func ordersThatCannotMeetTheFiltersAreRefusedLocally() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        let tiny = await h.place("gw-f-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.000009", price: "65000")
        #expect(tiny.failure?.status == .invalidOrder)
        #expect(tiny.failure?.venueCode == "LOT_SIZE")
        #expect(tiny.failure?.message.contains("minQty") == true)
        let small = await h.place("gw-f-2", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.00005", price: "65000")
        #expect(small.failure?.status == .invalidOrder)
        #expect(small.failure?.venueCode == "NOTIONAL")
        let cheap = await h.place("gw-f-3", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "1", price: "0.001")
        #expect(cheap.failure?.status == .invalidOrder)
        #expect(cheap.failure?.venueCode == "PRICE_FILTER")
        let huge = await h.place("gw-f-4", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "9001", price: "1")
        #expect(huge.failure?.venueCode == "LOT_SIZE")
        #expect(h.requests("POST", "/api/v3/order").isEmpty, "nothing that breaks a filter is sent")
        await h.stop()
    }

    @Test func marketBuyByQuantityFillsWithFeeAndAveragePrice() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        let outcome = await h.place("gw-m-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_MARKET, qty: "0.01")
        let report = try #require(outcome.orders.first, "\(outcome.failure?.description ?? "")")
        #expect(report.state == GW_STATE_FILLED)
        #expect(report.filledQuantity == "0.01")
        #expect(report.averageFillPrice == "70000")
        #expect(report.fee == "0.00001")
        let sent = try #require(h.requests("POST", "/api/v3/order").last)
        #expect(queryValue(sent.query, "type") == "MARKET")
        #expect(queryValue(sent.query, "quantity") == "0.01000")
        #expect(queryValue(sent.query, "quoteOrderQty") == nil)
        #expect(queryValue(sent.query, "price") == nil)
        #expect(queryValue(sent.query, "timeInForce") == nil)
        await h.stop()
    }

    @Test func marketOrderWithAPriceBoundIsSentAsLimitIOC() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        let outcome = await h.place("gw-m-2", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_MARKET, qty: "0.01", price: "69000.009")
        let report = try #require(outcome.orders.first)
        #expect(report.state == GW_STATE_EXPIRED, "the bound is below the market: nothing fills")
        let sent = try #require(h.requests("POST", "/api/v3/order").last)
        #expect(queryValue(sent.query, "type") == "LIMIT")
        #expect(queryValue(sent.query, "timeInForce") == "IOC")
        #expect(queryValue(sent.query, "price") == "69000.00")
        await h.stop()
    }

    @Test func postOnlyIsLimitMakerAndAWouldTakeRefusalKeepsBinanceWords() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        let rests = await h.place("gw-p-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000",
                                  flags: UInt32(GW_ORDER_FLAG_POST_ONLY))
        #expect(rests.orders.first?.state == GW_STATE_OPEN)
        let sent = try #require(h.requests("POST", "/api/v3/order").last)
        #expect(queryValue(sent.query, "type") == "LIMIT_MAKER")
        #expect(queryValue(sent.query, "timeInForce") == nil)
        let takes = await h.place("gw-p-2", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "71000",
                                  flags: UInt32(GW_ORDER_FLAG_POST_ONLY))
        #expect(takes.failure?.status == .venueRejected)
        #expect(takes.failure?.venueCode == "-2010")
        #expect(takes.failure?.message.contains("Order would immediately match and take.") == true)
        let ioc = await h.place("gw-p-3", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000", tif: GW_TIF_IOC,
                                flags: UInt32(GW_ORDER_FLAG_POST_ONLY))
        #expect(ioc.failure?.status == .invalidOrder)
        await h.stop()
    }

    @Test func reduceOnlyAndGTDAreRefusedOnSpot() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        let reduce = await h.place("gw-x-1", "BTCUSDT", GW_SIDE_SELL, GW_ORDER_MARKET, qty: "0.01", flags: UInt32(GW_ORDER_FLAG_REDUCE_ONLY))
        #expect(reduce.failure?.status == .invalidOrder)
        #expect(reduce.failure?.message.contains("reduce-only") == true)
        let gtd = await h.place("gw-x-2", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000", tif: GW_TIF_GTD,
                                expireAt: BinanceHarness.startMs + 3_600_000)
        #expect(gtd.failure?.status == .unsupported)
        let yes = await h.instance.placeOrder(VenueOrder(clientOrderId: "gw-x-3", market: "BTCUSDT", side: GW_SIDE_BUY,
                                                         outcome: GW_OUTCOME_YES, type: GW_ORDER_LIMIT, timeInForce: GW_TIF_GTC,
                                                         quantity: "0.001", limitPrice: "60000"))
        #expect(yes.failure?.status == .invalidOrder)
        let badId = await h.place("gw id with spaces", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        #expect(badId.failure?.status == .invalidOrder)
        let longId = await h.place(String(repeating: "a", count: 37), "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        #expect(longId.failure?.status == .invalidOrder)
        #expect(h.requests("POST", "/api/v3/order").isEmpty)
        await h.stop()
    }

    @Test func insufficientBalanceAndUnknownSymbolMapToTheirCodes() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        let broke = await h.place("gw-b-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "2", price: "60000")
        #expect(broke.failure?.status == .insufficientBalance)
        #expect(broke.failure?.venueCode == "-2010")
        #expect(broke.failure?.message.contains("Account has insufficient balance for requested action.") == true)
        let unknown = await h.place("gw-b-2", "NOPEUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "1", price: "1")
        #expect(unknown.failure?.status == .notFound)
        #expect(unknown.failure?.venueCode == "-1121")
        #expect(unknown.failure?.message.contains("Invalid symbol.") == true)
        await h.stop()
    }

    @Test func cancelQueryAndOpenOrdersByClientAndVenueId() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        let a = try #require(await h.place("gw-c-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000").orders.first)
        _ = await h.place("gw-c-2", "ETHUSDT", GW_SIDE_SELL, GW_ORDER_LIMIT, qty: "0.1", price: "3600")
        let open = await h.instance.openOrders()
        #expect(open.orders.map(\.clientOrderId).sorted() == ["gw-c-1", "gw-c-2"])
        let openBTC = await h.instance.openOrders(market: "BTCUSDT")
        #expect(openBTC.orders.map(\.clientOrderId) == ["gw-c-1"])
        #expect(h.requests("GET", "/api/v3/openOrders").last?.query.hasPrefix("symbol=BTCUSDT&recvWindow=5000&timestamp=") == true)
        let queried = await h.instance.queryOrder(VenueOrderRef(market: "BTCUSDT", clientOrderId: "gw-c-1"))
        #expect(queried.orders.first?.venueOrderId == a.venueOrderId)
        #expect(queried.orders.first?.state == GW_STATE_OPEN)
        let byVenue = await h.instance.cancelOrder(VenueOrderRef(market: "BTCUSDT", venueOrderId: a.venueOrderId))
        let cancelled = try #require(byVenue.orders.first)
        #expect(cancelled.state == GW_STATE_CANCELLED)
        #expect(cancelled.clientOrderId == "gw-c-1", "a spot cancel reply's clientOrderId names the cancel: origClientOrderId is used")
        #expect(queryValue(h.requests("DELETE", "/api/v3/order").last!.query, "orderId") == a.venueOrderId)
        let byClient = await h.instance.cancelOrder(VenueOrderRef(market: "ETHUSDT", clientOrderId: "gw-c-2"))
        #expect(byClient.orders.first?.state == GW_STATE_CANCELLED)
        let again = await h.instance.cancelOrder(VenueOrderRef(market: "ETHUSDT", clientOrderId: "gw-c-2"))
        #expect(again.failure?.status == .notFound)
        #expect(again.failure?.venueCode == "-2011")
        #expect(again.failure?.message.contains("Unknown order sent.") == true)
        let missing = await h.instance.queryOrder(VenueOrderRef(market: "BTCUSDT", clientOrderId: "never-sent"))
        #expect(missing.failure?.status == .notFound)
        #expect(missing.failure?.venueCode == "-2013")
        let noSymbol = await h.instance.cancelOrder(VenueOrderRef(clientOrderId: "gw-c-1"))
        #expect(noSymbol.failure?.status == .invalidOrder)
        await h.stop()
    }

    @Test func cancelAllCoversEverySymbolWithOpenOrders() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        _ = await h.place("gw-a-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60000")
        _ = await h.place("gw-a-2", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "60001")
        _ = await h.place("gw-a-3", "ETHUSDT", GW_SIDE_SELL, GW_ORDER_LIMIT, qty: "0.1", price: "3600")
        let all = await h.instance.cancelAll()
        #expect(all.failure == nil, "\(all.failure?.description ?? "")")
        #expect(all.orders.map(\.clientOrderId).sorted() == ["gw-a-1", "gw-a-2", "gw-a-3"])
        #expect(all.orders.allSatisfy { $0.state == GW_STATE_CANCELLED })
        #expect(h.requests("DELETE", "/api/v3/openOrders").map { queryValue($0.query, "symbol") } == ["BTCUSDT", "ETHUSDT"])
        #expect(h.emulator.orders.allSatisfy { !$0.isOpen })
        // Nothing open on a symbol: Binance answers -2011, which is an empty success here.
        let none = await h.instance.cancelAll(market: "BTCUSDT")
        #expect(none.failure == nil)
        #expect(none.orders.isEmpty)
        await h.stop()
    }

    @Test func balancesAndNoPositionsOnSpot() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        _ = await h.place("gw-bal-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.1", price: "60000")
        let balances = await h.instance.balances()
        let usdt = try #require(balances.balances.first { $0.currency == "USDT" })
        #expect(usdt.total == "100000")
        #expect(usdt.available == "94000")
        #expect(balances.balances.contains { $0.currency == "BTC" && $0.total == "1" })
        let positions = await h.instance.positions()
        #expect(positions.failure?.status == .unsupported)
        await h.stop()
    }

    @Test func healthReportsServerTimeOffset() async throws {
        let h = try await BinanceHarness.start(market: .spot, serverSkewMs: 2500, settings: #""request_timeout_ms": 2000"#)
        let outcome = await h.instance.health()
        let health = try #require(outcome.health)
        #expect(health.healthy)
        #expect(health.clockOffsetMs == 2500)
        #expect(health.detail.contains("2500"))
        #expect(h.requests("GET", "/api/v3/time").count == 1)
        await h.server.shutdown()
        let down = await h.instance.health()
        #expect(down.health?.healthy == false)
        await h.instance.shutdown()
    }
}
