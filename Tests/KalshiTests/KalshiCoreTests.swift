import Foundation
import KalshiCore
import PluginABI
import Testing
import VenueKit

/// Unit tests of the plugin's core: the side table, order checks, grids, bodies, reply parsing, error mapping.
@Suite struct KalshiCoreTests {
    static let config = try! KalshiConfig()

    func order(side: gw_side = GW_SIDE_BUY, outcome: gw_outcome = GW_OUTCOME_YES, type: gw_order_type = GW_ORDER_LIMIT,
               tif: gw_time_in_force = GW_TIF_GTC, quantity: String = "10", price: String = "0.56", flags: UInt32 = 0,
               expire: Int64 = 0, id: String = "gw-1", market: String = "KX-1") -> VenueOrder {
        VenueOrder(clientOrderId: id, market: market, side: side, outcome: outcome, type: type, timeInForce: tif, flags: flags,
                   quantity: quantity, limitPrice: price, expireAtUnixMs: expire)
    }

    static let linear = KalshiMarketRules(ticker: "KX-1", priceLevelStructure: "linear_cent",
                                          ranges: [.init(start: 0, end: 1, step: Decimal(string: "0.01")!)])
    static let tapered = KalshiMarketRules(ticker: "KX-T", priceLevelStructure: "tapered_deci_cent",
                                           ranges: KalshiMarketRulesProbe.tapered)

    @Test func sideTableRoundTripsEveryCombinationAndRefusesTheRest() {
        #expect(KalshiSideTable.rows.count == 4)
        for row in KalshiSideTable.rows {
            #expect(KalshiSideTable.row(side: row.side, outcome: row.outcome) == row)
            #expect(KalshiSideTable.row(contract: row.contract, action: row.action) == row)
        }
        #expect(KalshiSideTable.row(side: GW_SIDE_BUY, outcome: GW_OUTCOME_NONE) == nil)
        #expect(KalshiSideTable.row(side: 7, outcome: GW_OUTCOME_YES) == nil)
        #expect(KalshiSideTable.row(contract: "yes", action: "open") == nil, "the reference's 'open' is not a Kalshi action")
        let buyNo = KalshiSideTable.row(side: GW_SIDE_BUY, outcome: GW_OUTCOME_NO)!
        #expect(buyNo.bookSide == "ask" && buyNo.complementsPrice)
    }

    @Test func checksRefuseWhatNoMarketCouldAccept() throws {
        let now: Int64 = 1_767_225_600_123
        func refusal(_ o: VenueOrder) -> String? {
            do { _ = try KalshiOrderIntent.checked(o, config: Self.config, nowMs: now); return nil } catch { return error.message }
        }
        #expect(refusal(order(outcome: GW_OUTCOME_NONE))?.contains("outcome is missing") == true)
        #expect(refusal(order(quantity: "0")) != nil && refusal(order(quantity: "-1")) != nil && refusal(order(quantity: "1e3")) != nil)
        #expect(refusal(order(quantity: "1.234"))?.contains("2 decimals") == true)
        #expect(refusal(order(price: "NaN")) != nil && refusal(order(price: "1")) != nil && refusal(order(price: "")) != nil)
        #expect(refusal(order(market: "")) != nil && refusal(order(market: "KX/../x")) != nil)
        #expect(refusal(order(id: "")) != nil && refusal(order(id: String(repeating: "a", count: 65))) != nil)
        #expect(refusal(order(id: "has space")) != nil && refusal(order(id: "ok-_:+=/1")) == nil)
        #expect(refusal(order(tif: GW_TIF_FOK, flags: UInt32(GW_ORDER_FLAG_POST_ONLY)))?.contains("post-only") == true)
        #expect(refusal(order(type: GW_ORDER_MARKET, price: "", flags: UInt32(GW_ORDER_FLAG_POST_ONLY))) != nil)
        #expect(refusal(order(tif: GW_TIF_GTD, expire: now - 1)) != nil && refusal(order(tif: GW_TIF_GTD, expire: 0)) != nil)
        #expect(refusal(order(type: 9)) != nil && refusal(order(tif: 9)) != nil)
    }

    @Test func marketOrdersBecomeBoundedImmediateOrders() throws {
        let now: Int64 = 1_767_225_600_123
        let gtcMarket = try KalshiOrderIntent.checked(order(type: GW_ORDER_MARKET, tif: GW_TIF_GTC, price: ""), config: Self.config, nowMs: now)
            .priced(on: Self.linear, config: Self.config)
        #expect(gtcMarket.timeInForce == "immediate_or_cancel" && gtcMarket.price == Decimal(string: "0.99")!)
        let sell = try KalshiOrderIntent.checked(order(side: GW_SIDE_SELL, type: GW_ORDER_MARKET, tif: GW_TIF_FOK, price: ""),
                                                 config: Self.config, nowMs: now).priced(on: Self.linear, config: Self.config)
        #expect(sell.timeInForce == "fill_or_kill" && sell.price == Decimal(string: "0.01")!)
        // A configured worst price off the grid is snapped inward: buys down, sells up.
        let odd = try KalshiConfig(marketWorstBuyPrice: Decimal(string: "0.995")!, marketWorstSellPrice: Decimal(string: "0.0155")!)
        let buyOdd = try KalshiOrderIntent.checked(order(type: GW_ORDER_MARKET, price: ""), config: odd, nowMs: now).priced(on: Self.linear, config: odd)
        #expect(buyOdd.price == Decimal(string: "0.99")!)
        let sellOdd = try KalshiOrderIntent.checked(order(side: GW_SIDE_SELL, type: GW_ORDER_MARKET, price: ""), config: odd, nowMs: now)
            .priced(on: Self.tapered, config: odd)
        #expect(sellOdd.price == Decimal(string: "0.016")!)
        // An explicit bound off the grid is refused, not rounded.
        #expect(throws: VenueFailure.self) {
            try KalshiOrderIntent.checked(order(type: GW_ORDER_MARKET, price: "0.655"), config: Self.config, nowMs: now)
                .priced(on: Self.linear, config: Self.config)
        }
        let capped = try KalshiConfig(marketWorstBuyPrice: Decimal(string: "0.65")!, marketBuyBound: .buyMaxCost)
        let withCost = try KalshiOrderIntent.checked(order(type: GW_ORDER_MARKET, quantity: "7", price: ""), config: capped, nowMs: now)
            .priced(on: Self.linear, config: capped)
        #expect(withCost.buyMaxCostCents == 455 && withCost.timeInForce == "fill_or_kill")
    }

    @Test func gridsFollowTheMarketsRanges() {
        let t = Self.tapered
        for valid in ["0.001", "0.055", "0.1", "0.5", "0.9", "0.955", "0.999"] { #expect(t.isValid(Decimal(string: valid)!), "\(valid)") }
        for invalid in ["0", "1", "0.0005", "0.505", "1.2", "-0.5"] { #expect(!t.isValid(Decimal(string: invalid)!), "\(invalid)") }
        #expect(Self.linear.isValid(Decimal(string: "0.56")!) && !Self.linear.isValid(Decimal(string: "0.565")!))
        #expect(t.validPrice(near: Decimal(string: "0.5055")!, .down) == Decimal(string: "0.5")!)
        #expect(t.validPrice(near: Decimal(string: "0.9555")!, .up) == Decimal(string: "0.956")!)
        #expect(Self.linear.validPrice(near: Decimal(string: "0.999")!, .down) == Decimal(string: "0.99")!)
        #expect(Self.linear.countProblem(Decimal(string: "1.5")!, text: "1.5") != nil)
        var fractional = Self.linear
        fractional.fractionalTrading = true
        #expect(fractional.countProblem(Decimal(string: "1.5")!, text: "1.5") == nil)
    }

    @Test func marketRulesParseRangesOrTheNamedStructure() throws {
        let withRanges = #"{"market":{"ticker":"KX-T","status":"active","price_level_structure":"tapered_deci_cent","price_ranges":[{"start":"0.0000","end":"0.1000","step":"0.0010"},{"start":"0.1000","end":"0.9000","step":"0.0100"},{"start":"0.9000","end":"1.0000","step":"0.0010"}],"fractional_trading_enabled":true}}"#
        let parsed = try KalshiMarketRules.parse(Array(withRanges.utf8), ticker: "KX-T")
        #expect(parsed.ranges == Self.tapered.ranges && parsed.fractionalTrading)
        let named = try KalshiMarketRules.parse(Array(#"{"market":{"price_level_structure":"deci_cent"}}"#.utf8), ticker: "KX-D")
        #expect(named.isValid(Decimal(string: "0.123")!))
        #expect(throws: VenueFailure.self) { try KalshiMarketRules.parse(Array(#"{"market":{"price_level_structure":"weird"}}"#.utf8), ticker: "X") }
        #expect(throws: VenueFailure.self) { try KalshiMarketRules.parse(Array("<html>".utf8), ticker: "X") }
    }

    @Test func legacyAndEventsBodiesFromOneIntent() throws {
        let now: Int64 = 1_767_225_600_123
        let buyNo = try KalshiOrderIntent.checked(order(outcome: GW_OUTCOME_NO, tif: GW_TIF_IOC, quantity: "5", price: "0.4"),
                                                  config: Self.config, nowMs: now).priced(on: Self.linear, config: Self.config)
        let legacy = KalshiOrderEndpoint.portfolioOrders.createRequest(buyNo)
        #expect(legacy.path == "/portfolio/orders")
        #expect(String(decoding: legacy.body, as: UTF8.self) == #"{"ticker":"KX-1","client_order_id":"gw-1","side":"no","action":"buy","count_fp":"5.00","no_price_dollars":"0.4000","time_in_force":"immediate_or_cancel"}"#)
        let events = KalshiOrderEndpoint.eventsOrders.createRequest(buyNo)
        #expect(events.path == "/portfolio/events/orders")
        #expect(String(decoding: events.body, as: UTF8.self) == #"{"ticker":"KX-1","client_order_id":"gw-1","side":"ask","count":"5.00","price":"0.6000","time_in_force":"immediate_or_cancel","self_trade_prevention_type":"taker_at_cross"}"#)
        #expect(KalshiOrderEndpoint.defaultEndpoint == .portfolioOrders)
        let batch = KalshiOrderEndpoint.portfolioOrders.batchCancelRequest([("a", "KX-1"), ("b", "KX-1")])
        #expect(batch.path == "/portfolio/orders/batched" && String(decoding: batch.body, as: UTF8.self) == #"{"ids":["a","b"]}"#)
        let batchV2 = KalshiOrderEndpoint.eventsOrders.batchCancelRequest([("a", "KX-1")])
        #expect(String(decoding: batchV2.body, as: UTF8.self) == #"{"orders":[{"order_id":"a","market_ticker":"KX-1"}]}"#)
    }

    @Test func eventsReplyIsTranslatedBackToTheNoLeg() throws {
        let now: Int64 = 1_767_225_600_123
        let buyNo = try KalshiOrderIntent.checked(order(outcome: GW_OUTCOME_NO, tif: GW_TIF_IOC, quantity: "5", price: "0.4"),
                                                  config: Self.config, nowMs: now).priced(on: Self.linear, config: Self.config)
        let reply = #"{"order_id":"o-1","client_order_id":"gw-1","fill_count":"2.00","remaining_count":"0.00","average_fill_price":"0.6200","average_fee_paid":"0.0100","ts_ms":1767225600200}"#
        let report = try KalshiOrderEndpoint.eventsOrders.parseCreate(Array(reply.utf8), intent: buyNo)
        #expect(report.state == GW_STATE_CANCELLED && report.filledQuantity == "2" && report.averageFillPrice == "0.38")
        #expect(report.outcome == GW_OUTCOME_NO && report.side == GW_SIDE_BUY && report.fee == "0.02" && report.updatedAtUnixMs == 1_767_225_600_200)
    }

    @Test func orderObjectsMapEveryStatusFromFixedPointFieldsOnly() throws {
        func object(_ status: String, filled: String, remaining: String, extra: String = "") -> KalshiOrderObject {
            let text = #"{"order_id":"o-1","client_order_id":"gw-1","ticker":"KX-1","side":"no","action":"buy","status":"\#(status)","yes_price_dollars":"0.6000","no_price_dollars":"0.4000","fill_count_fp":"\#(filled)","remaining_count_fp":"\#(remaining)","initial_count_fp":"5.00","taker_fill_cost_dollars":"0.8000","maker_fill_cost_dollars":"0.0000","taker_fees_dollars":"0.0200","maker_fees_dollars":"0.0000","last_update_time":"2026-01-01T00:00:01.5Z"\#(extra),"fill_count":99}"#
            return try! JSONDecoder().decode(KalshiOrderObject.self, from: Data(text.utf8))
        }
        let resting = try object("resting", filled: "0.00", remaining: "5.00").report(what: "t")
        #expect(resting.state == GW_STATE_OPEN && resting.quantity == "5" && resting.limitPrice == "0.4" && resting.outcome == GW_OUTCOME_NO)
        #expect(resting.updatedAtUnixMs == 1_767_225_601_500)
        let partial = try object("resting", filled: "2.00", remaining: "3.00").report(what: "t")
        #expect(partial.state == GW_STATE_PARTIALLY_FILLED && partial.filledQuantity == "2" && partial.averageFillPrice == "0.4" && partial.fee == "0.02")
        #expect(try object("executed", filled: "5.00", remaining: "0.00").report(what: "t").state == GW_STATE_FILLED)
        #expect(try object("canceled", filled: "2.00", remaining: "0.00").report(what: "t").state == GW_STATE_CANCELLED)
        #expect(throws: VenueFailure.self) { try object("mystery", filled: "0.00", remaining: "5.00").report(what: "t") }
        // Without side/action (the venue's announced deprecation) the book side decides, unless the caller knows the row.
        let bare = try JSONDecoder().decode(KalshiOrderObject.self, from: Data(#"{"order_id":"o","book_side":"ask","status":"resting","fill_count_fp":"0.00","initial_count_fp":"1.00","yes_price_dollars":"0.6000","no_price_dollars":"0.4000"}"#.utf8))
        #expect(try bare.report(what: "t").side == GW_SIDE_SELL)
        #expect(try bare.report(known: KalshiSideTable.row(side: GW_SIDE_BUY, outcome: GW_OUTCOME_NO), what: "t").limitPrice == "0.4")
    }

    @Test func positionsAndBalance() throws {
        let long = KalshiMarketPosition(ticker: "A", position_fp: "10.00", market_exposure_dollars: "6.5000")
        #expect(try long.position() == VenuePosition(market: "A", outcome: GW_OUTCOME_YES, size: "10", averageEntryPrice: "0.65"))
        let no = KalshiMarketPosition(ticker: "B", position_fp: "-3.00", market_exposure_dollars: "1.0000")
        #expect(try no.position() == VenuePosition(market: "B", outcome: GW_OUTCOME_NO, size: "3", averageEntryPrice: "0.333333"))
        #expect(try KalshiMarketPosition(ticker: "C", position_fp: "0.00").position() == nil)
        #expect(throws: VenueFailure.self) { try KalshiMarketPosition(ticker: "D", position_fp: "x").position() }
        let balance = try JSONDecoder().decode(KalshiBalance.self, from: Data(#"{"balance":50000,"portfolio_value":10000,"updated_ts":1}"#.utf8))
        #expect(balance.contractBalance == VenueBalance(currency: "USD", total: "600", available: "500"))
    }

    @Test func errorMappingKeepsTheVenuesWords() {
        func map(_ status: Int, _ body: String, _ access: KalshiErrorMapper.Access = .write) -> VenueFailure {
            KalshiErrorMapper.failure(status: status, body: Array(body.utf8), retryAfter: nil, access: access, what: "POST /x")
        }
        let invalid = map(400, #"{"error":{"code":"invalid_order","message":"Invalid ticker: UNKNOWN-MKT","details":"","service":"exchange"}}"#)
        #expect(invalid.status == .invalidOrder && invalid.venueCode == "invalid_order" && invalid.message == "POST /x: Invalid ticker: UNKNOWN-MKT")
        #expect(map(400, #"{"error":{"code":"insufficient_balance","message":"no"}}"#).status == .insufficientBalance)
        #expect(map(401, #"{"error":{"code":"unauthorized","message":"bad sig"}}"#).status == .auth)
        #expect(map(401, #"{"error":{"code":"invalid_timestamp","message":"stale"}}"#).status == .clockSkew)
        #expect(map(403, "").status == .auth)
        #expect(map(404, #"{"error":{"code":"not_found","message":"order not found"}}"#).status == .notFound)
        #expect(map(409, #"{"error":{"code":"order_already_exists","message":"dup"}}"#).status == .invalidOrder)
        #expect(map(502, "<html>Bad Gateway</html>").status == .outcomeUnknown)
        #expect(map(502, "<html>Bad Gateway</html>", .read).status == .venueUnavailable)
        let long = map(500, String(repeating: "x", count: 2000), .read)
        #expect(long.message.contains("HTTP 500") && long.message.count < 400)
        #expect(map(418, "").status == .venueRejected)
    }

    @Test func fixedPointTimestampsBase64AndQueries() {
        #expect(KalshiFixedPoint.count(Decimal(10)) == "10.00" && KalshiFixedPoint.count(Decimal(string: "2.5")!) == "2.50")
        #expect(KalshiFixedPoint.dollars(Decimal(string: "0.56")!) == "0.5600" && KalshiFixedPoint.dollars(Decimal(string: "0.0015")!) == "0.0015")
        #expect(KalshiFixedPoint.dollars(Decimal(string: "0.123456")!) == "0.123456")
        #expect(KalshiTimestamp.unixMs("2026-01-01T00:00:00Z") == 1_767_225_600_000)
        #expect(KalshiTimestamp.unixMs("2026-01-01T02:00:00.250+02:00") == 1_767_225_600_250)
        #expect(KalshiTimestamp.unixMs("2025-11-05T14:03:12.123456Z") == 1_762_351_392_123)
        #expect(KalshiTimestamp.unixMs("garbage") == 0 && KalshiTimestamp.unixMs(nil) == 0)
        for bytes: [UInt8] in [[], [1], [1, 2], [1, 2, 3], Array(0...255)] {
            #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString())
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(KalshiClient.encodeQuery([("ticker", "KX-1"), ("cursor", "a b+/=")]) == "ticker=KX-1&cursor=a%20b%2B%2F%3D")
        #expect(KalshiSigner.message(timestampMs: 1_767_225_600_123, method: "get", path: "/trade-api/v2/portfolio/orders?limit=5")
                == "1767225600123GET/trade-api/v2/portfolio/orders")
    }

    @Test func baseURLsAndEnvironments() throws {
        #expect(try KalshiConfig().baseURL.url(path: "/portfolio/balance", query: "") == "https://external-api.kalshi.com/trade-api/v2/portfolio/balance")
        #expect(try KalshiConfig(environment: .demo).baseURL.signedPath("/portfolio/orders") == "/trade-api/v2/portfolio/orders")
        #expect(try KalshiConfig(environment: .demo).baseURL.origin == "https://external-api.demo.kalshi.co")
        #expect(KalshiBaseURL("https://api.elections.kalshi.com")?.pathPrefix == "/trade-api/v2")
        #expect(KalshiBaseURL("http://127.0.0.1:8080/trade-api/v2/")?.url(path: "/x", query: "a=1") == "http://127.0.0.1:8080/trade-api/v2/x?a=1")
        #expect(throws: VenueFailure.self) { try KalshiConfig(environment: .demo, baseURL: "https://external-api.kalshi.com/trade-api/v2") }
        #expect(throws: VenueFailure.self) { try KalshiConfig(environment: .production, baseURL: "https://demo-api.kalshi.co") }
        #expect(try KalshiConfig(environment: .demo, baseURL: "http://127.0.0.1:1/trade-api/v2").baseURL.host == "127.0.0.1")
        #expect(KalshiBaseURL("ftp://x") == nil && KalshiBaseURL("https://x/y?z") == nil)
        let decoded = try KalshiConfig.decode(#"{"venue":"kalshi","environment":"demo","order_endpoint":"events_orders","rate_limit_tier":"prime","credentials":{"api_key":3,"private_key":4}}"#)
        #expect(decoded.environment == .demo && decoded.orderEndpoint == .eventsOrders && decoded.rateTier == .prime)
        #expect(decoded.selfTradePrevention == "taker_at_cross" && decoded.apiKeyHandle == 3 && decoded.privateKeyHandle == 4)
    }

    @Test func requestsNameTheTiersBucketsAndOnlyReadsAreRetryable() throws {
        let table = UnsafeMutablePointer<gw_host_api>.allocate(capacity: 1)  // never dereferenced: unsigned calls only
        defer { table.deallocate() }
        let client = KalshiClient(host: HostHandle(api: UnsafePointer(table), context: nil), config: try KalshiConfig(rateTier: .advanced))
        let read = try client.request(.init("GET", "/exchange/status", access: .read, signed: false))
        #expect(read.rateLimitBucket == "advanced-reads" && read.idempotent && read.rateLimitCost == 1)
        let write = try client.request(.init("DELETE", "/portfolio/orders/batched", body: [1], access: .write, cost: 20, signed: false))
        #expect(write.rateLimitBucket == "advanced-writes" && !write.idempotent && write.rateLimitCost == 20)
        #expect(write.headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
        #expect(throws: VenueFailure.self) { try client.request(.init("GET", "/portfolio/balance", access: .read)) }
        #expect(KalshiRateTier.descriptorBuckets.count == 8)
    }
}

enum KalshiMarketRulesProbe {
    static let tapered: [KalshiMarketRules.PriceRange] = [
        .init(start: 0, end: Decimal(string: "0.1")!, step: Decimal(string: "0.001")!),
        .init(start: Decimal(string: "0.1")!, end: Decimal(string: "0.9")!, step: Decimal(string: "0.01")!),
        .init(start: Decimal(string: "0.9")!, end: 1, step: Decimal(string: "0.001")!),
    ]
}
