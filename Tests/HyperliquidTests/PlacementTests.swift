import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// A venue with a few perps and spot pairs, and `user` funded.
func standardVenue(_ emulator: HyperliquidEmulator, user: String) {
    emulator.setPerps([.init("BTC", szDecimals: 5), .init("ETH", szDecimals: 4), .init("SOL", szDecimals: 2), .init("kPEPE", szDecimals: 0)])
    emulator.setSpot(tokens: [.init("USDC", szDecimals: 8, index: 0), .init("PURR", szDecimals: 0, index: 1), .init("HFUN", szDecimals: 2, index: 2)],
                     pairs: [.init("PURR/USDC", base: 1, quote: 0, index: 0), .init("@1", base: 2, quote: 0, index: 1)])
    for (coin, mid) in [("BTC", "65432.5"), ("ETH", "1800.5"), ("SOL", "150.5"), ("kPEPE", "0.0123456"), ("PURR/USDC", "0.21345"), ("@1", "12.345")] {
        emulator.setMid(coin, mid)
    }
    emulator.addUser(user, usdc: "10000")
    emulator.setSpotBalance(user, coin: "USDC", total: "1000")
    emulator.setSpotBalance(user, coin: "PURR", total: "500")
}

/// Placing orders through the loaded plugin, judged by the emulator.
@Suite struct PlacementTests {
    @Test func gtcLimitRestsWithTheDerivedCloid() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        let id = "gw0123456789abcdefghijklmnopqrstuv"
        let outcome = await harness.instance.placeOrder(.limit(id, "ETH", quantity: "0.5", price: "1700.0"))
        await harness.shutdown()
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        let report = try #require(outcome.orders.first)
        #expect(report.state == GW_STATE_OPEN && report.clientOrderId == id && report.market == "ETH" && report.side == GW_SIDE_BUY)
        #expect(report.quantity == "0.5" && report.filledQuantity == "0" && report.limitPrice == "1700")
        let record = try #require(harness.emulator.exchangeRecords.first)
        #expect(record.signer == wallet.address && record.account == wallet.address)
        #expect(record.body.contains(#""p": "1700", "s": "0.5""#), "wire text without trailing zeros: \(record.body)")
        let oid = try #require(UInt64(report.venueOrderId))
        let order = try #require(harness.emulator.order(oid))
        #expect(order.cloid == "0x" + Hex.encode(Digest.keccak256(Array(id.utf8)).prefix(16)))
        #expect(order.tif == "Gtc" && order.status == "open")
    }

    @Test func crossingLimitFillsAndMovesThePosition() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        let outcome = await harness.instance.placeOrder(.limit("gw-fill-1", "ETH", quantity: "0.1", price: "1810"))
        let position = harness.emulator.position(wallet.address, coin: "ETH")
        await harness.shutdown()
        let report = try #require(outcome.orders.first, "\(outcome.failure?.description ?? "")")
        #expect(report.state == GW_STATE_FILLED && report.filledQuantity == "0.1" && report.averageFillPrice == "1800.5")
        #expect(position == Decimal(string: "0.1")!)
    }

    @Test func iocPartialFillReportsTheRestCancelled() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { e in
            standardVenue(e, user: wallet.address)
            e.setLiquidity("SOL", "0.4")
        }
        let outcome = await harness.instance.placeOrder(.limit("gw-ioc-1", "SOL", quantity: "1", price: "151", tif: GW_TIF_IOC))
        await harness.shutdown()
        let report = try #require(outcome.orders.first, "\(outcome.failure?.description ?? "")")
        #expect(report.state == GW_STATE_CANCELLED && report.filledQuantity == "0.4" && report.quantity == "1")
        #expect(harness.exchangeBodies.first?.contains(#""tif": "Ioc""#) == true)
    }

    @Test func venueRejectionsKeepTheVenuesText() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { e in
            standardVenue(e, user: wallet.address)
            e.setPosition(wallet.address, coin: "BTC", szi: "0.01", entry: "60000")
        }
        let cases: [(VenueOrder, VenueStatus, String)] = [
            (.limit("r1", "ETH", quantity: "0.1", price: "1700", tif: GW_TIF_IOC), .venueRejected, "could not immediately match"),
            (.limit("r2", "ETH", quantity: "0.1", price: "1900", flags: UInt32(GW_ORDER_FLAG_POST_ONLY)), .invalidOrder,
             "Post only order would have immediately matched"),
            (.limit("r3", "BTC", quantity: "0.001", price: "70000", flags: UInt32(GW_ORDER_FLAG_REDUCE_ONLY)), .invalidOrder,
             "Reduce only order would increase position"),
            (.limit("r4", "ETH", quantity: "0.001", price: "1700"), .invalidOrder, "minimum value of $10"),
            (.limit("r5", "ETH", quantity: "200", price: "1700"), .insufficientBalance, "Insufficient margin"),
            (.limit("r6", "PURR/USDC", quantity: "100000", price: "0.2"), .insufficientBalance, "Insufficient spot balance"),
        ]
        for (order, status, text) in cases {
            let outcome = await harness.instance.placeOrder(order)
            #expect(outcome.failure?.status == status, "\(order.clientOrderId): \(outcome.failure?.description ?? "succeeded")")
            #expect(outcome.failure?.message.contains(text) == true, "\(outcome.failure?.message ?? "")")
        }
        await harness.shutdown()
        #expect(harness.emulator.exchangeRecords.count == cases.count)
    }

    @Test func reduceOnlyThatReducesIsAccepted() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { e in
            standardVenue(e, user: wallet.address)
            e.setPosition(wallet.address, coin: "BTC", szi: "0.01", entry: "60000")
        }
        let outcome = await harness.instance.placeOrder(.market("gw-close", "BTC", buy: false, quantity: "0.01",
                                                                 flags: UInt32(GW_ORDER_FLAG_REDUCE_ONLY)))
        let position = harness.emulator.position(wallet.address, coin: "BTC")
        await harness.shutdown()
        #expect(outcome.orders.first?.state == GW_STATE_FILLED, "\(outcome.failure?.description ?? "")")
        #expect(position == 0)
        #expect(harness.exchangeBodies.first?.contains(#""r": true"#) == true)
    }

    @Test func marketOrderIsAnIocAtMidPlusConfiguredSlippage() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey, settings: ["market_slippage": "\"0.01\""]) {
            standardVenue($0, user: wallet.address)
        }
        let outcome = await harness.instance.placeOrder(.market("gw-mkt-1", "ETH", quantity: "0.2"))
        let spot = await harness.instance.placeOrder(.market("gw-mkt-2", "@1", buy: false, quantity: "1.5"))
        await harness.shutdown()
        #expect(outcome.orders.first?.state == GW_STATE_FILLED, "\(outcome.failure?.description ?? "")")
        #expect(spot.failure?.status == .insufficientBalance, "no HFUN to sell: \(spot.failure?.description ?? "")")
        let bodies = harness.exchangeBodies
        // 1800.5 × 1.01 = 1818.505 → 5 significant figures → 1818.5; 12.345 × 0.99 = 12.22155 → 12.222.
        #expect(bodies.first?.contains(#""p": "1818.5", "s": "0.2", "r": false, "t": {"limit": {"tif": "Ioc"}}"#) == true, "\(bodies)")
        #expect(bodies.last?.contains(#""a": 10001, "b": false, "p": "12.222""#) == true, "\(bodies)")
        #expect(harness.emulator.infoRequests.contains { $0["type"]?.stringValue == "allMids" })
    }

    @Test func marketOrderWithABoundUsesItRoundedInward() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        let outcome = await harness.instance.placeOrder(.market("gw-mkt-b", "ETH", quantity: "0.2", bound: "1805.57"))
        await harness.shutdown()
        #expect(outcome.orders.first?.limitPrice == "1805.5", "\(outcome.failure?.description ?? "")")
        #expect(!harness.emulator.infoRequests.contains { $0["type"]?.stringValue == "allMids" })
    }

    @Test func marketOrderWithoutMidIsRefusedBeforeSigning() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { e in
            standardVenue(e, user: wallet.address)
            e.removeMid("SOL")
        }
        let outcome = await harness.instance.placeOrder(.market("gw-mkt-x", "SOL", quantity: "1"))
        await harness.shutdown()
        #expect(outcome.failure?.status == .notFound && outcome.failure?.message.contains("no mid price for SOL") == true)
        #expect(harness.emulator.exchangeRecords.isEmpty)
    }

    @Test func impossibleOrdersAreRefusedLocallyAndNamed() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        let cases: [(VenueOrder, VenueStatus, String)] = [
            (.limit("l1", "ETH", quantity: "0.1", price: "1234.56"), .invalidOrder, "6 significant figures"),
            (.limit("l2", "BTC", quantity: "0.001", price: "100.25"), .invalidOrder, "at most 1 (6 - szDecimals 5)"),
            (.limit("l3", "BTC", quantity: "0.000001", price: "65432"), .invalidOrder, "szDecimals"),
            (.limit("l4", "kPEPE", quantity: "1000", price: "0.0012345"), .invalidOrder, "7 decimals"),
            (.limit("l5", "PURR/USDC", quantity: "1.5", price: "0.2"), .invalidOrder, "szDecimals"),
            (.limit("l6", "ETH", quantity: "0", price: "1700"), .invalidOrder, "quantity '0'"),
            (.limit("l7", "ETH", quantity: "1e3", price: "1700"), .invalidOrder, "quantity '1e3'"),
            (.limit("l8", "ETH", quantity: "1", price: "NaN"), .invalidOrder, "limit price 'NaN'"),
            (.limit("l9", "", quantity: "1", price: "1700"), .invalidOrder, "market is empty"),
            (.limit("l10", "ETH", quantity: "1", price: "1700", tif: GW_TIF_FOK), .unsupported, "fill-or-kill"),
            (.limit("l11", "ETH", quantity: "1", price: "1700", tif: GW_TIF_GTD), .unsupported, "good-till-date"),
            (.limit("l12", "ETH", quantity: "1", price: "1700", tif: GW_TIF_IOC, flags: UInt32(GW_ORDER_FLAG_POST_ONLY)), .invalidOrder, "post-only"),
            (VenueOrder(clientOrderId: "l13", market: "ETH", side: GW_SIDE_BUY, outcome: GW_OUTCOME_YES, type: GW_ORDER_LIMIT,
                        timeInForce: GW_TIF_GTC, quantity: "1", limitPrice: "1700"), .invalidOrder, "outcome"),
            (.limit("l14", "DOGE", quantity: "1", price: "0.1"), .notFound, "unknown market 'DOGE'"),
            (.limit("l15", "xyz:XYZ100", quantity: "1", price: "10"), .notFound, "builder-deployed"),
            (.limit("l16", "@99", quantity: "1", price: "10"), .notFound, "spotMeta"),
            (.market("l17", "BTC", quantity: "0.001", bound: "0.01"), .invalidOrder, "rounds to zero"),
        ]
        for (order, status, text) in cases {
            let outcome = await harness.instance.placeOrder(order)
            #expect(outcome.failure?.status == status, "\(order.clientOrderId): \(outcome.failure?.description ?? "succeeded")")
            #expect(outcome.failure?.message.contains(text) == true, "\(order.clientOrderId): \(outcome.failure?.message ?? "")")
        }
        await harness.shutdown()
        #expect(harness.emulator.exchangeRecords.isEmpty, "nothing impossible reached the venue")
    }

    @Test func metaIsCachedAndRefreshedOnAnUnknownAsset() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        _ = await harness.instance.placeOrder(.limit("m1", "ETH", quantity: "0.1", price: "1700"))
        _ = await harness.instance.placeOrder(.limit("m2", "BTC", quantity: "0.001", price: "60000"))
        func metaCount() -> Int { harness.emulator.infoRequests.filter { $0["type"]?.stringValue == "meta" }.count }
        #expect(metaCount() == 1, "cached")
        // The venue lists a new perp: the first order on it refreshes meta and finds it at its position.
        harness.emulator.setPerps([.init("BTC", szDecimals: 5), .init("ETH", szDecimals: 4), .init("SOL", szDecimals: 2),
                                   .init("kPEPE", szDecimals: 0), .init("HYPE", szDecimals: 2)])
        harness.emulator.setMid("HYPE", "25.5")
        let outcome = await harness.instance.placeOrder(.limit("m3", "HYPE", quantity: "1", price: "25"))
        await harness.shutdown()
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        #expect(metaCount() == 2)
        #expect(harness.exchangeBodies.last?.contains(#""a": 4, "b": true, "p": "25", "s": "1""#) == true)
    }

    @Test func concurrentOrdersGetDistinctIncreasingNonces() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        let outcomes = await withTaskGroup(of: OperationOutcome.self) { group in
            for index in 0..<20 {
                group.addTask { await harness.instance.placeOrder(.limit("gw-c-\(index)", "ETH", quantity: "0.01", price: "1700")) }
            }
            return await group.reduce(into: [OperationOutcome]()) { $0.append($1) }
        }
        await harness.shutdown()
        #expect(outcomes.allSatisfy { $0.failure == nil }, "\(outcomes.compactMap(\.failure?.message))")
        let nonces = harness.emulator.exchangeRecords.compactMap(\.nonce)
        #expect(nonces.count == 20 && Set(nonces).count == 20)
        #expect(nonces.min() == 1_700_000_000_000 && nonces.max() == 1_700_000_000_019, "bumped past the last used, within the same ms")
    }
}
