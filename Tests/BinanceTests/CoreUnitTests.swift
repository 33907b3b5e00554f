import Foundation
import PluginABI
import Testing
import VenueKit
@testable import BinanceCore

/// The pure parts of the plugin, without a host: encoding, rounding, mapping and parsing.
@Suite struct CoreUnitTests {
    static func d(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test func quotePlusEncodesLikePython() {
        #expect(BinanceQuery.quotePlus("a b/c@d+e~f") == "a+b%2Fc@d%2Be~f")
        #expect(BinanceQuery.quotePlus("１") == "%EF%BC%91")
        #expect(BinanceQuery.quotePlus("AZaz09_.-") == "AZaz09_.-")
        #expect(BinanceQuery([("a", "1"), ("b", "x=y&z")]).encoded == "a=1&b=x%3Dy%26z")
    }

    static let spotBTC = SymbolRules(symbol: "BTCUSDT", price: .init(min: d("0.01"), max: 1_000_000, step: d("0.01")),
                                     lot: .init(min: d("0.00001"), max: 9000, step: d("0.00001")),
                                     marketLot: .init(min: 0, max: 120, step: 0), minNotional: 5, minNotionalAppliesToMarket: true,
                                     maxNotional: 9_000_000)
    static let futuresBTC = SymbolRules(symbol: "BTCUSDT", price: .init(min: d("556.80"), max: 4_529_764, step: d("0.10")),
                                        lot: .init(min: d("0.001"), max: 1000, step: d("0.001")),
                                        marketLot: .init(min: d("0.001"), max: 120, step: d("0.001")), minNotional: 100,
                                        notionalFilterName: "MIN_NOTIONAL", quantityPrecision: 3, pricePrecision: 2)

    @Test func shaperFloorsQuantityAndRoundsPriceAgainstTheTrader() throws {
        let buy = try OrderShaper.shape(quantity: Self.d("0.0012399"), price: Self.d("65000.129"), side: GW_SIDE_BUY,
                                        isMarket: false, reduceOnly: false, rules: Self.spotBTC)
        #expect(buy == ShapedOrder(quantity: "0.00123", price: "65000.12"))
        let sell = try OrderShaper.shape(quantity: Self.d("1"), price: Self.d("65000.121"), side: GW_SIDE_SELL,
                                         isMarket: false, reduceOnly: false, rules: Self.spotBTC)
        #expect(sell == ShapedOrder(quantity: "1.00000", price: "65000.13"))
        // Futures: the grid starts at minPrice 556.80 with tick 0.10.
        let fut = try OrderShaper.shape(quantity: Self.d("0.0129"), price: Self.d("65000.17"), side: GW_SIDE_BUY,
                                        isMarket: false, reduceOnly: false, rules: Self.futuresBTC)
        #expect(fut == ShapedOrder(quantity: "0.012", price: "65000.1"))
        let market = try OrderShaper.shape(quantity: Self.d("0.0129"), price: nil, side: GW_SIDE_SELL, isMarket: true,
                                           reduceOnly: false, rules: Self.futuresBTC)
        #expect(market == ShapedOrder(quantity: "0.012", price: nil))
    }

    @Test func shaperRefusesNamingTheFilter() {
        func code(_ qty: String, _ price: String?, reduceOnly: Bool = false, rules: SymbolRules = CoreUnitTests.spotBTC) -> String? {
            do throws(VenueFailure) {
                _ = try OrderShaper.shape(quantity: Self.d(qty), price: price.map(Self.d), side: GW_SIDE_BUY, isMarket: price == nil,
                                          reduceOnly: reduceOnly, rules: rules)
                return nil
            } catch { return error.venueCode }
        }
        #expect(code("0.000001", "65000") == "LOT_SIZE")
        #expect(code("9000.1", "1") == "LOT_SIZE")
        #expect(code("0.00001", "65000") == "NOTIONAL")
        #expect(code("1", "0.001") == "PRICE_FILTER")
        #expect(code("1", "2000000") == "PRICE_FILTER")
        #expect(code("0.001", "60000", rules: Self.futuresBTC) == "MIN_NOTIONAL")
        #expect(code("0.001", "60000", reduceOnly: true, rules: Self.futuresBTC) == nil)
        #expect(code("121", nil, rules: Self.futuresBTC) == "MARKET_LOT_SIZE")
        var halted = Self.spotBTC
        halted.status = "BREAK"
        #expect(code("1", "60000", rules: halted) == "")
    }

    @Test func planMapsSidesPostOnlyReduceOnlyAndBounds() throws {
        func order(_ type: gw_order_type, tif: gw_time_in_force = GW_TIF_GTC, flags: UInt32 = 0, price: String = "",
                   side: gw_side = GW_SIDE_BUY, outcome: gw_outcome = GW_OUTCOME_NONE) -> VenueOrder {
            VenueOrder(clientOrderId: "c", market: "BTCUSDT", side: side, outcome: outcome, type: type, timeInForce: tif,
                       flags: flags, quantity: "1", limitPrice: price)
        }
        #expect(OrderMapping.sides.map(\.binance) == ["BUY", "SELL"])
        #expect(try OrderPlan.make(order(GW_ORDER_LIMIT, flags: UInt32(GW_ORDER_FLAG_POST_ONLY), price: "1"), market: .spot).type == "LIMIT_MAKER")
        let gtx = try OrderPlan.make(order(GW_ORDER_LIMIT, flags: UInt32(GW_ORDER_FLAG_POST_ONLY), price: "1"), market: .futures)
        #expect(gtx.type == "LIMIT" && gtx.timeInForce == "GTX")
        #expect(try OrderPlan.make(order(GW_ORDER_MARKET, side: GW_SIDE_SELL), market: .spot).side == "SELL")
        let bounded = try OrderPlan.make(order(GW_ORDER_MARKET, price: "5"), market: .spot)
        #expect(bounded.type == "LIMIT" && bounded.timeInForce == "IOC" && bounded.price == 5)
        #expect(throws: VenueFailure.self) { try OrderPlan.make(order(GW_ORDER_MARKET, flags: UInt32(GW_ORDER_FLAG_REDUCE_ONLY)), market: .spot) }
        #expect(try OrderPlan.make(order(GW_ORDER_MARKET, flags: UInt32(GW_ORDER_FLAG_REDUCE_ONLY)), market: .futures).reduceOnly)
        #expect(throws: VenueFailure.self) { try OrderPlan.make(order(GW_ORDER_LIMIT, price: "1", outcome: GW_OUTCOME_NO), market: .spot) }
        #expect(throws: VenueFailure.self) { try OrderPlan.make(order(GW_ORDER_LIMIT, price: ""), market: .spot) }
        #expect(throws: VenueFailure.self) { try OrderMapping.validateClientOrderId("has space") }
        #expect(throws: Never.self) { try OrderMapping.validateClientOrderId("gw:vec/3.x_y-Z") }
    }

    @Test func errorCodesMapToTheContract() {
        func status(_ http: Int, _ code: Int?, _ msg: String = "", retryAfter: String? = nil,
                    kind: BinanceErrors.RequestKind = .write) -> VenueFailure {
            BinanceErrors.failure(httpStatus: http, code: code, message: msg, retryAfter: retryAfter, kind: kind, what: "op")
        }
        #expect(status(400, -1021, "Timestamp for this request is outside of the recvWindow.").status == .clockSkew)
        #expect(status(429, -1003, retryAfter: "7").retryAfterMs == 7000)
        #expect(status(418, -1003, retryAfter: "120").status == .rateLimited)
        #expect(status(400, -2010, "Account has insufficient balance for requested action.").status == .insufficientBalance)
        #expect(status(400, -2010, "Order would immediately match and take.").status == .venueRejected)
        #expect(status(400, -2010, "Duplicate order sent.").status == .venueRejected)
        #expect(status(400, -2011, "Unknown order sent.").status == .notFound)
        #expect(status(400, -2013, "Order does not exist.").status == .notFound)
        #expect(status(400, -2019, "Margin is insufficient.").status == .insufficientBalance)
        #expect(status(400, -1013, "Filter failure: LOT_SIZE").status == .invalidOrder)
        #expect(status(400, -1111, "Precision is over the maximum defined for this asset.").status == .invalidOrder)
        #expect(status(400, -4014, "Price not increased by tick size.").status == .invalidOrder)
        #expect(status(400, -4164).status == .invalidOrder)
        #expect(status(400, -1022).status == .auth)
        #expect(status(401, -2015).status == .auth)
        #expect(status(400, -1121, "Invalid symbol.").status == .notFound)
        #expect(status(503, -1007).status == .outcomeUnknown)
        #expect(status(503, -1007, kind: .read).status == .venueUnavailable)
        #expect(status(502, nil).status == .outcomeUnknown)
        let kept = status(400, -2010, "Account has insufficient balance for requested action.")
        #expect(kept.venueCode == "-2010")
        #expect(kept.message.contains("Account has insufficient balance for requested action."))
    }

    @Test func clockOffsetIsMeasuredAtTheMidpoint() {
        var clock = ServerClock()
        #expect(clock.needsSync(nowMs: 0, intervalMs: 1000))
        clock.record(serverTimeMs: 10_150, sentAtMs: 10_000, receivedAtMs: 10_100, roundTripMicros: 100_000)
        #expect(clock.offsetMs == 100)
        #expect(clock.timestamp(nowMs: 20_000) == 20_100)
        #expect(!clock.needsSync(nowMs: 10_500, intervalMs: 1000))
        #expect(clock.needsSync(nowMs: 11_100, intervalMs: 1000))
        clock.invalidate()
        #expect(clock.needsSync(nowMs: 10_101, intervalMs: 1000))
    }

    @Test func repliesParseFromBinanceBodies() throws {
        // Spot FULL (the shape of Binance's documentation).
        let spot = try #require(BinanceJSON.parse(Array(#"{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","transactTime":1507725176595,"price":"0.00000000","origQty":"10.00000000","executedQty":"10.00000000","origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"10.00000000","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"SELL","workingTime":1507725176595,"selfTradePreventionMode":"NONE","fills":[{"price":"4000.00000000","qty":"1.00000000","commission":"4.00000000","commissionAsset":"USDT","tradeId":56},{"price":"3999.00000000","qty":"5.00000000","commission":"19.99500000","commissionAsset":"USDT","tradeId":57}]}"#.utf8)))
        let report = try #require(BinanceReports.order(spot))
        #expect(report.venueOrderId == "28")
        #expect(report.state == GW_STATE_FILLED)
        #expect(report.side == GW_SIDE_SELL)
        #expect(report.filledQuantity == "10")
        #expect(report.averageFillPrice == "1")
        #expect(report.fee == "23.995")
        #expect(report.limitPrice == "")
        #expect(report.updatedAtUnixMs == 1507725176595)
        let futures = try #require(BinanceJSON.parse(Array(#"{"orderId":283194212,"symbol":"BTCUSDT","status":"PARTIALLY_FILLED","clientOrderId":"gw-1","price":"65000.10","avgPrice":"65000.10000","origQty":"0.010","executedQty":"0.004","cumQty":"0.004","cumQuote":"260.00040","timeInForce":"GTC","type":"LIMIT","reduceOnly":false,"closePosition":false,"side":"BUY","positionSide":"BOTH","stopPrice":"0","workingType":"CONTRACT_PRICE","priceProtect":false,"origType":"LIMIT","priceMatch":"NONE","selfTradePreventionMode":"NONE","goodTillDate":0,"updateTime":1566818724722}"#.utf8)))
        let f = try #require(BinanceReports.order(futures))
        #expect(f.state == GW_STATE_PARTIALLY_FILLED)
        #expect(f.averageFillPrice == "65000.1")
        #expect(f.quantity == "0.01")
        #expect(f.filledQuantity == "0.004")
        let error = try #require(BinanceJSON.parse(Array(#"{"code":-2013,"msg":"Order does not exist."}"#.utf8)))
        #expect(BinanceReports.order(error) == nil)
        let positionsJSON = try #require(BinanceJSON.parse(Array(#"[{"symbol":"BTCUSDT","positionSide":"LONG","positionAmt":"0.010","entryPrice":"60000.0","markPrice":"61000.0","unRealizedProfit":"10.0"},{"symbol":"BTCUSDT","positionSide":"SHORT","positionAmt":"-0.004","entryPrice":"62000.0","markPrice":"61000.0","unRealizedProfit":"4.0"},{"symbol":"ETHUSDT","positionSide":"BOTH","positionAmt":"0","entryPrice":"0.0","markPrice":"3000","unRealizedProfit":"0"}]"#.utf8)))
        let positions = try #require(BinanceReports.positions(positionsJSON))
        #expect(positions.count == 1)
        #expect(positions.first?.size == "0.006")
        #expect(positions.first?.unrealizedPnl == "14")
    }
}
