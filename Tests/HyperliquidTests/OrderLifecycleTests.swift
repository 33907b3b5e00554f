import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Cancel (by oid, by cloid, all), open orders and order queries.
@Suite struct OrderLifecycleTests {
    @Test func cancelByVenueOrderIdAndByClientOrderId() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        let first = try #require(await harness.instance.placeOrder(.limit("gw-a", "ETH", quantity: "0.1", price: "1700")).orders.first)
        _ = await harness.instance.placeOrder(.limit("gw-b", "BTC", quantity: "0.001", price: "60000"))

        let byOid = await harness.instance.cancelOrder(VenueOrderRef(market: "ETH", venueOrderId: first.venueOrderId))
        let byCloid = await harness.instance.cancelOrder(VenueOrderRef(market: "BTC", clientOrderId: "gw-b"))
        await harness.shutdown()

        let a = try #require(byOid.orders.first, "\(byOid.failure?.description ?? "")")
        #expect(a.state == GW_STATE_CANCELLED && a.clientOrderId == "gw-a" && a.venueOrderId == first.venueOrderId && a.quantity == "0.1")
        let b = try #require(byCloid.orders.first, "\(byCloid.failure?.description ?? "")")
        #expect(b.state == GW_STATE_CANCELLED && b.clientOrderId == "gw-b" && b.market == "BTC" && b.side == GW_SIDE_BUY)
        let actions = harness.exchangeBodies.suffix(2)
        #expect(actions.first?.contains(#"{"type": "cancel", "cancels": [{"a": 1, "o": \#(first.venueOrderId)}]}"#) == true)
        #expect(actions.last?.contains(#""type": "cancelByCloid", "cancels": [{"asset": 0, "cloid": "0x"#) == true)
    }

    @Test func cancelWithoutMarketFindsTheCoin() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { e in
            standardVenue(e, user: wallet.address)
            // An order this instance never placed (an earlier run): found through orderStatus.
            e.seedOrder(user: wallet.address, oid: 424242, coin: "SOL", isBuy: false, price: "200", size: "2", remaining: "1.5")
        }
        let placed = try #require(await harness.instance.placeOrder(.limit("gw-m", "ETH", quantity: "0.1", price: "1700")).orders.first)
        let remembered = await harness.instance.cancelOrder(VenueOrderRef(venueOrderId: placed.venueOrderId))
        let looked = await harness.instance.cancelOrder(VenueOrderRef(venueOrderId: "424242"))
        await harness.shutdown()
        #expect(remembered.orders.first?.state == GW_STATE_CANCELLED, "\(remembered.failure?.description ?? "")")
        let report = try #require(looked.orders.first, "\(looked.failure?.description ?? "")")
        #expect(report.market == "SOL" && report.state == GW_STATE_CANCELLED && report.filledQuantity == "0.5" && report.side == GW_SIDE_SELL)
    }

    @Test func aRestartedInstanceCancelsAndQueriesByTheGatewaysClientId() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        let id = "gw9zyxwvutsrqponmlkjihgfedcba98765"
        let placed = await harness.instance.placeOrder(.limit(id, "SOL", buy: false, quantity: "2", price: "160"))
        #expect(placed.orders.first?.state == GW_STATE_OPEN)
        let restarted = try harness.freshInstance()
        // No market, no venue id, nothing remembered: the cloid is derived again and orderStatus names the coin.
        let queried = await restarted.queryOrder(VenueOrderRef(clientOrderId: id))
        let cancelled = await restarted.cancelOrder(VenueOrderRef(clientOrderId: id))
        await restarted.shutdown()
        await harness.shutdown()
        #expect(queried.orders.first?.state == GW_STATE_OPEN && queried.orders.first?.market == "SOL" && queried.orders.first?.clientOrderId == id,
                "\(queried.failure?.description ?? "")")
        let report = try #require(cancelled.orders.first, "\(cancelled.failure?.description ?? "")")
        #expect(report.state == GW_STATE_CANCELLED && report.market == "SOL" && report.side == GW_SIDE_SELL && report.clientOrderId == id)
        #expect(report.venueOrderId == placed.orders.first?.venueOrderId)
        #expect(harness.exchangeBodies.last?.contains(#""type": "cancelByCloid", "cancels": [{"asset": 2, "cloid": "#) == true)
    }

    @Test func cancellingWhatIsNotOpenIsNotFound() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { e in
            standardVenue(e, user: wallet.address)
            e.seedOrder(user: wallet.address, oid: 77, coin: "ETH", isBuy: true, price: "1700", size: "0.1", status: "filled")
        }
        let filled = await harness.instance.cancelOrder(VenueOrderRef(market: "ETH", venueOrderId: "77"))
        let unknown = await harness.instance.cancelOrder(VenueOrderRef(clientOrderId: "gw-never"))
        let malformed = await harness.instance.cancelOrder(VenueOrderRef(market: "ETH", venueOrderId: "abc"))
        let empty = await harness.instance.cancelOrder(VenueOrderRef(market: "ETH"))
        await harness.shutdown()
        #expect(filled.failure?.status == .notFound)
        #expect(filled.failure?.message.contains("Order was never placed, already canceled, or filled. asset=1") == true)
        #expect(unknown.failure?.status == .notFound && unknown.failure?.message.contains("unknownOid") == true)
        #expect(malformed.failure?.status == .invalidOrder && empty.failure?.status == .invalidOrder)
    }

    @Test func cancelAllSendsOneBatchedAction() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        _ = await harness.instance.placeOrder(.limit("gw-1", "ETH", quantity: "0.1", price: "1700"))
        _ = await harness.instance.placeOrder(.limit("gw-2", "BTC", quantity: "0.001", price: "60000"))
        _ = await harness.instance.placeOrder(.limit("gw-3", "PURR/USDC", quantity: "100", price: "0.2"))
        _ = await harness.instance.placeOrder(.limit("gw-4", "ETH", quantity: "0.2", price: "1600"))
        let before = harness.emulator.exchangeRecords.count

        let ethOnly = await harness.instance.cancelAll(market: "ETH")
        let rest = await harness.instance.cancelAll()
        let nothing = await harness.instance.cancelAll()
        let records = harness.emulator.exchangeRecords
        await harness.shutdown()

        #expect(Set(ethOnly.orders.map(\.clientOrderId)) == ["gw-1", "gw-4"], "\(ethOnly.failure?.description ?? "")")
        #expect(ethOnly.orders.allSatisfy { $0.state == GW_STATE_CANCELLED && $0.market == "ETH" })
        #expect(Set(rest.orders.map(\.clientOrderId)) == ["gw-2", "gw-3"])
        #expect(nothing.failure == nil && nothing.orders.isEmpty)
        #expect(records.count == before + 2, "one action per cancel all, none when nothing is open")
        #expect(records[before + 1].body.contains(#""a": 10000"#), "spot orders cancel with their spot asset id")
        #expect(harness.emulator.orders(of: wallet.address).allSatisfy { $0.status == "canceled" })
    }

    @Test func openOrdersMapBackToClientOrderIds() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { e in
            standardVenue(e, user: wallet.address)
            e.seedOrder(user: wallet.address, oid: 9, coin: "SOL", isBuy: false, price: "160", size: "3", remaining: "1")
        }
        _ = await harness.instance.placeOrder(.limit("gw-open-1", "ETH", quantity: "0.1", price: "1700"))
        _ = await harness.instance.placeOrder(.limit("0x0123456789ABCDEF0123456789abcdef", "BTC", quantity: "0.001", price: "60000"))
        let all = await harness.instance.openOrders()
        let sol = await harness.instance.openOrders(market: "SOL")
        await harness.shutdown()
        let orders = all.orders
        #expect(orders.count == 3, "\(all.failure?.description ?? "")")
        #expect(orders.contains { $0.clientOrderId == "gw-open-1" && $0.market == "ETH" && $0.state == GW_STATE_OPEN && $0.limitPrice == "1700" })
        #expect(orders.contains { $0.clientOrderId == "0x0123456789ABCDEF0123456789abcdef" && $0.market == "BTC" })
        let seeded = try #require(sol.orders.first)
        #expect(sol.orders.count == 1 && seeded.clientOrderId == "" && seeded.state == GW_STATE_PARTIALLY_FILLED)
        #expect(seeded.quantity == "3" && seeded.filledQuantity == "2" && seeded.side == GW_SIDE_SELL && seeded.venueOrderId == "9")
    }

    @Test func queryOrderByClientIdAndVenueId() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        let resting = try #require(await harness.instance.placeOrder(.limit("gw-q1", "ETH", quantity: "0.1", price: "1700")).orders.first)
        _ = await harness.instance.placeOrder(.limit("gw-q2", "ETH", quantity: "0.1", price: "1900"))
        _ = await harness.instance.cancelOrder(VenueOrderRef(market: "ETH", clientOrderId: "gw-q1"))

        let cancelled = await harness.instance.queryOrder(VenueOrderRef(venueOrderId: resting.venueOrderId))
        let filled = await harness.instance.queryOrder(VenueOrderRef(clientOrderId: "gw-q2"))
        let missing = await harness.instance.queryOrder(VenueOrderRef(venueOrderId: "12345"))
        await harness.shutdown()

        #expect(cancelled.orders.first?.state == GW_STATE_CANCELLED && cancelled.orders.first?.clientOrderId == "gw-q1")
        let report = try #require(filled.orders.first, "\(filled.failure?.description ?? "")")
        #expect(report.state == GW_STATE_FILLED && report.filledQuantity == "0.1" && report.averageFillPrice == "1800.5")
        #expect(report.clientOrderId == "gw-q2" && report.limitPrice == "1900")
        #expect(missing.failure?.status == .notFound)
        let query = try #require(harness.emulator.infoRequests.last { $0["type"]?.stringValue == "orderStatus" && $0["oid"]?.stringValue != nil })
        #expect(query["user"]?.stringValue == wallet.address)
    }
}
