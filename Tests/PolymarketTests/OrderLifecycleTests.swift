import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Placing, cancelling and following orders through the loaded plugin against the emulator.
@Suite struct OrderLifecycleTests {
    @Test func aFreshWalletCreatesItsKeyAndASecondInstanceDerivesIt() async throws {
        let first = try await PolymarketHarness()
        let placed = await first.instance.placeOrder(limitOrder("gw-fresh-1"))
        #expect(placed.failure == nil, "\(placed.failure?.description ?? "") \(first.emulator.failures)")
        #expect(first.requests("POST", "/auth/api-key").count == 1)
        #expect(first.requests("GET", "/auth/derive-api-key").isEmpty)
        let issued = try #require(first.emulator.issuedKeys.first)
        // The L2 request carried the issued key, inserted by the host from a TEXT handle.
        #expect(first.requests("POST", "/order").first?.header("POLY_API_KEY") == issued.apiKey)
        #expect(first.requests("POST", "/order").first?.bodyText.contains("\"owner\":\"\(issued.apiKey)\"") == true)
        await first.shutdown()

        // Another instance of the same wallet against a venue that already knows the key: create fails, derive works.
        let second = try await PolymarketHarness()
        second.emulator.preissueKey(address: TestWallets.eoa, apiKey: issued.apiKey, secret: issued.secret, passphrase: issued.passphrase)
        let again = await second.instance.openOrders()
        #expect(again.failure == nil, "\(again.failure?.description ?? "")")
        #expect(second.requests("POST", "/auth/api-key").count == 1)
        #expect(second.requests("GET", "/auth/derive-api-key").count == 1)
        #expect(second.requests("GET", "/data/orders").first?.header("POLY_API_KEY") == issued.apiKey)
        await second.shutdown()
    }

    @Test func operationsArrivingWhileTheKeyIsDerivedWaitAndShareIt() async throws {
        let harness = try await PolymarketHarness()
        async let a = harness.instance.placeOrder(limitOrder("gw-queue-1", price: "0.45"))
        async let b = harness.instance.placeOrder(limitOrder("gw-queue-2", price: "0.46"))
        async let c = harness.instance.balances()
        let results = await [a, b, c]
        await harness.shutdown()
        for result in results { #expect(result.failure == nil, "\(result.failure?.description ?? "")") }
        #expect(harness.requests("POST", "/auth/api-key").count == 1, "one key creation for all waiting operations")
        #expect(harness.requests("POST", "/order").count == 2)
    }

    @Test func aRestingOrderIsOpenThenCancelledAndASecondCancelIsRefused() async throws {
        let harness = try await PolymarketHarness()
        let placed = await harness.instance.placeOrder(limitOrder("gw-rest-1", quantity: "10", price: "0.45"))
        let report = try #require(placed.orders.first)
        #expect(report.state == GW_STATE_OPEN)
        #expect(report.filledQuantity == "0")
        #expect(report.clientOrderId == "gw-rest-1")
        #expect(report.venueOrderId.hasPrefix("0x") && report.venueOrderId.count == 66)
        #expect(harness.emulator.order(report.venueOrderId)?.status == "LIVE")

        let cancelled = await harness.instance.cancelOrder(VenueOrderRef(market: TestWallets.tokenA, clientOrderId: "gw-rest-1"))
        #expect(cancelled.failure == nil)
        #expect(cancelled.orders.first?.state == GW_STATE_CANCELLED)
        #expect(harness.emulator.order(report.venueOrderId)?.status == "CANCELED")
        #expect(harness.requests("DELETE", "/order").first?.bodyText == "{\"orderID\":\"\(report.venueOrderId)\"}")

        let again = await harness.instance.cancelOrder(VenueOrderRef(venueOrderId: report.venueOrderId))
        #expect(again.failure?.status == .invalidOrder)
        #expect(again.failure?.message.contains("order already canceled") == true)

        let unknown = await harness.instance.cancelOrder(VenueOrderRef(clientOrderId: "gw-never-placed"))
        #expect(unknown.failure?.status == .notFound)
        let unknownAtVenue = await harness.instance.cancelOrder(VenueOrderRef(venueOrderId: "0x" + String(repeating: "cd", count: 32)))
        #expect(unknownAtVenue.failure?.status == .notFound)
        #expect(unknownAtVenue.failure?.message.contains("Order not found") == true)
        await harness.shutdown()
    }

    @Test func aMarketableLimitOrderFillsAtTheBookPrice() async throws {
        let harness = try await PolymarketHarness()
        let placed = await harness.instance.placeOrder(limitOrder("gw-take-1", quantity: "10", price: "0.65"))
        await harness.shutdown()
        let report = try #require(placed.orders.first, "\(placed.failure?.description ?? "") \(harness.emulator.failures)")
        #expect(report.state == GW_STATE_FILLED)
        #expect(report.filledQuantity == "10")
        #expect(report.averageFillPrice == "0.6")
        #expect(report.limitPrice == "0.65")
    }

    @Test func aMarketBuyWithoutABoundTakesItsPriceFromTheBookAndIsSentAsFAK() async throws {
        let harness = try await PolymarketHarness()
        // 120 shares: 100 at 0.60 and 20 at 0.62, so the bound is 0.62.
        let placed = await harness.instance.placeOrder(marketOrder("gw-mkt-1", quantity: "120"))
        await harness.shutdown()
        let report = try #require(placed.orders.first, "\(placed.failure?.description ?? "") \(harness.emulator.failures)")
        let body = try #require(harness.requests("POST", "/order").first?.bodyText)
        #expect(body.contains("\"orderType\":\"FAK\""))
        #expect(body.contains("\"makerAmount\":\"74400000\""), "120 × 0.62 = 74.40 dollars")
        #expect(body.contains("\"takerAmount\":\"120000000\""))
        #expect(report.state == GW_STATE_FILLED)
        #expect(report.filledQuantity == "120")
        #expect(harness.requests("GET", "/book").count == 1)
    }

    @Test func aMarketFOKTheBookCannotFillIsRefusedBeforeSigning() async throws {
        let harness = try await PolymarketHarness()
        let placed = await harness.instance.placeOrder(marketOrder("gw-fok-1", quantity: "1000", tif: GW_TIF_FOK))
        #expect(placed.failure?.status == .venueRejected)
        #expect(placed.failure?.venueCode == "no_match")
        #expect(harness.requests("POST", "/order").isEmpty)
        // With a bound the plugin sends it, and the venue kills it with its own words.
        let bounded = await harness.instance.placeOrder(marketOrder("gw-fok-2", quantity: "1000", bound: "0.62", tif: GW_TIF_FOK))
        #expect(bounded.failure?.status == .venueRejected)
        #expect(bounded.failure?.message.contains("FOK orders are fully filled or killed") == true)
        #expect(bounded.failure?.venueCode == "400")
        await harness.shutdown()
    }

    @Test func anImmediateOrderThatMatchesNothingIsKilledByTheVenue() async throws {
        let harness = try await PolymarketHarness()
        let placed = await harness.instance.placeOrder(limitOrder("gw-fak-1", quantity: "10", price: "0.50", tif: GW_TIF_IOC))
        await harness.shutdown()
        #expect(placed.failure?.status == .venueRejected)
        #expect(placed.failure?.message.contains("FAK orders are partially filled or killed") == true)
        #expect(harness.requests("POST", "/order").first?.bodyText.contains("\"orderType\":\"FAK\"") == true)
    }

    @Test func conditionIdFormsResolveThroughTheClobMarketsEndpointAndPickTheNegRiskExchange() async throws {
        let harness = try await PolymarketHarness()
        // Market B is neg-risk: the emulator only accepts a signature for the neg-risk exchange.
        let yes = await harness.instance.placeOrder(limitOrder("gw-cond-1", market: TestWallets.conditionB + ":0", price: "0.25"))
        let no = await harness.instance.placeOrder(limitOrder("gw-cond-2", market: TestWallets.conditionB + ":no", outcome: GW_OUTCOME_NO, price: "0.25"))
        let byOutcome = await harness.instance.placeOrder(limitOrder("gw-cond-3", market: TestWallets.conditionA, outcome: GW_OUTCOME_NO, price: "0.25"))
        let conflict = await harness.instance.placeOrder(limitOrder("gw-cond-4", market: TestWallets.conditionA + ":yes", outcome: GW_OUTCOME_NO))
        let unknown = await harness.instance.placeOrder(limitOrder("gw-cond-5", market: "0x" + String(repeating: "ee", count: 32) + ":1"))
        await harness.shutdown()
        #expect(yes.failure == nil, "\(yes.failure?.description ?? "") \(harness.emulator.failures)")
        #expect(yes.orders.first?.market == TestWallets.conditionB + ":0")
        #expect(yes.orders.first?.outcome == GW_OUTCOME_YES)
        #expect(no.failure == nil, "\(no.failure?.description ?? "")")
        #expect(no.orders.first?.outcome == GW_OUTCOME_NO)
        #expect(byOutcome.failure == nil, "\(byOutcome.failure?.description ?? "")")
        let bodies = harness.requests("POST", "/order").map(\.bodyText)
        #expect(bodies.count == 3)
        #expect(bodies[0].contains(TestWallets.tokenB) && bodies[1].contains(TestWallets.tokenBNo) && bodies[2].contains(TestWallets.tokenANo))
        #expect(harness.requests("GET", "/clob-markets/" + TestWallets.conditionB).count == 1, "condition tokens are cached")
        #expect(conflict.failure?.status == .invalidOrder)
        #expect(conflict.failure?.message.contains("contradicts") == true)
        #expect(unknown.failure?.status == .notFound)
        #expect(unknown.failure?.message.contains("market not found") == true)
    }

    @Test func openOrdersFollowTheCursorAcrossPages() async throws {
        let harness = try await PolymarketHarness(pageSize: 2)
        for (i, price) in ["0.41", "0.42", "0.43"].enumerated() {
            let placed = await harness.instance.placeOrder(limitOrder("gw-page-\(i)", price: price))
            #expect(placed.failure == nil)
        }
        let resting = await harness.instance.placeOrder(limitOrder("gw-page-other", market: TestWallets.tokenBNo, price: "0.2"))
        #expect(resting.failure == nil)
        let all = await harness.instance.openOrders()
        let onA = await harness.instance.openOrders(market: TestWallets.tokenA)
        await harness.shutdown()
        #expect(all.orders.count == 4)
        #expect(Set(all.orders.map(\.clientOrderId)) == ["gw-page-0", "gw-page-1", "gw-page-2", "gw-page-other"])
        #expect(onA.orders.count == 3)
        #expect(onA.orders.allSatisfy { $0.state == GW_STATE_OPEN && $0.quantity == "10" })
        let cursors = harness.requests("GET", "/data/orders").map { $0.query }
        #expect(cursors.contains { $0.contains("next_cursor=MA%3D%3D") })
        #expect(cursors.contains { $0.contains("next_cursor=Mg%3D%3D") })
    }

    @Test func queryOrderSeesLaterFillsAndReportsThemAsAnUpdate() async throws {
        let harness = try await PolymarketHarness()
        let placed = await harness.instance.placeOrder(limitOrder("gw-query-1", quantity: "10", price: "0.45"))
        let id = try #require(placed.orders.first?.venueOrderId)
        harness.emulator.fillResting(id, shares: "4")
        let queried = await harness.instance.queryOrder(VenueOrderRef(clientOrderId: "gw-query-1"))
        await harness.shutdown()
        let report = try #require(queried.orders.first)
        #expect(report.state == GW_STATE_PARTIALLY_FILLED)
        #expect(report.filledQuantity == "4")
        #expect(report.clientOrderId == "gw-query-1")
        #expect(harness.events.updates.last?.filledQuantity == "4")
    }

    @Test func pollingReportsMakerFillsAsFillEventsWithTheTradePrice() async throws {
        let harness = try await PolymarketHarness(settings: ["fill_poll_ms": 20])
        let placed = await harness.instance.placeOrder(limitOrder("gw-poll-1", quantity: "10", price: "0.45"))
        let id = try #require(placed.orders.first?.venueOrderId)
        harness.emulator.fillResting(id, shares: "10")
        for _ in 0..<300 where harness.events.fills.isEmpty || harness.events.updates.last?.state != GW_STATE_FILLED {
            try await Task.sleep(for: .milliseconds(10))
        }
        await harness.shutdown()
        let fill = try #require(harness.events.fills.first)
        #expect(fill.clientOrderId == "gw-poll-1")
        #expect(fill.venueOrderId == id)
        #expect(fill.quantity == "10")
        #expect(fill.price == "0.45")
        #expect(fill.tradeId == "trade-1")
        let last = try #require(harness.events.updates.last)
        #expect(last.state == GW_STATE_FILLED)
        #expect(last.filledQuantity == "10")
        #expect(last.averageFillPrice == "0.45")
    }

    @Test func cancelAllCancelsEverythingOrOneMarket() async throws {
        let harness = try await PolymarketHarness()
        _ = await harness.instance.placeOrder(limitOrder("gw-ca-1", price: "0.41"))
        _ = await harness.instance.placeOrder(limitOrder("gw-ca-2", market: TestWallets.tokenBNo, price: "0.2"))
        _ = await harness.instance.placeOrder(limitOrder("gw-ca-3", price: "0.42"))
        let one = await harness.instance.cancelAll(market: TestWallets.tokenBNo)
        #expect(one.failure == nil)
        #expect(one.orders.map(\.clientOrderId) == ["gw-ca-2"])
        #expect(harness.requests("DELETE", "/cancel-market-orders").first?.bodyText == "{\"asset_id\":\"\(TestWallets.tokenBNo)\"}")
        let rest = await harness.instance.cancelAll()
        await harness.shutdown()
        #expect(Set(rest.orders.map(\.clientOrderId)) == ["gw-ca-1", "gw-ca-3"])
        #expect(rest.orders.allSatisfy { $0.state == GW_STATE_CANCELLED })
    }

    @Test func gtdOrdersCarryTheExpirationPlusTheVenuesOneMinuteThreshold() async throws {
        let harness = try await PolymarketHarness()
        let now = harness.clock.nowUnixNs / 1_000_000
        let placed = await harness.instance.placeOrder(limitOrder("gw-gtd-1", tif: GW_TIF_GTD, expireAtMs: now + 600_000))
        let tooSoon = await harness.instance.placeOrder(limitOrder("gw-gtd-2", tif: GW_TIF_GTD, expireAtMs: now + 60_000))
        await harness.shutdown()
        #expect(placed.failure == nil, "\(placed.failure?.description ?? "")")
        let expected = (now + 600_000 + 999) / 1000 + 60
        #expect(harness.requests("POST", "/order").first?.bodyText.contains("\"expiration\":\"\(expected)\"") == true)
        #expect(tooSoon.failure?.status == .invalidOrder)
        #expect(tooSoon.failure?.venueCode == "invalid_expiration")
    }

    @Test func positionsComeFromTheDataAPIForTheFunder() async throws {
        let harness = try await PolymarketHarness()
        _ = await harness.instance.placeOrder(limitOrder("gw-pos-1", quantity: "10", price: "0.65"))
        let positions = await harness.instance.positions()
        await harness.shutdown()
        #expect(positions.failure == nil, "\(positions.failure?.description ?? "")")
        let position = try #require(positions.positions.first)
        #expect(position.market == TestWallets.tokenA)
        #expect(position.outcome == GW_OUTCOME_YES)
        #expect(position.size == "10")
        #expect(position.averageEntryPrice == "0.6")
        #expect(position.markPrice == "0.5")
        #expect(position.unrealizedPnl == "-0.125")
        let request = try #require(harness.requests("GET", "/positions").first)
        #expect(request.query.contains("user=" + Vectors.shared.address))
        #expect(request.header("POLY_API_KEY") == nil, "the Data API is public")
    }

    @Test func positionsOfAProxyWalletAreLookedUpByTheFunder() async throws {
        let harness = try await PolymarketHarness(settings: ["funder": TestWallets.proxy])
        let positions = await harness.instance.positions()
        await harness.shutdown()
        #expect(positions.failure == nil)
        #expect(harness.requests("GET", "/positions").first?.query.contains("user=" + TestWallets.proxy) == true)
    }

    @Test func balanceIsTheCollateralInPUSD() async throws {
        let harness = try await PolymarketHarness(settings: ["funder": TestWallets.safe, "signature_type": 2], balance: "1234.5")
        let balances = await harness.instance.balances()
        await harness.shutdown()
        #expect(balances.failure == nil, "\(balances.failure?.description ?? "")")
        #expect(balances.balances.first == VenueBalance(currency: "pUSD", total: "1234.5", available: "1234.5"))
        #expect(harness.requests("GET", "/balance-allowance").first?.query == "asset_type=COLLATERAL&signature_type=2")
    }

    @Test func healthProbesTheClockAndReportsTheKeyState() async throws {
        let harness = try await PolymarketHarness()
        let before = await harness.instance.health()
        _ = await harness.instance.balances()
        let after = await harness.instance.health()
        await harness.shutdown()
        let health = try #require(before.health)
        #expect(health.healthy)
        #expect(health.detail.contains("not derived yet"))
        #expect(abs(health.clockOffsetMs) < 1_000)
        #expect(after.health?.detail.contains("API key ready") == true)
    }
}
