import Foundation
import GatewayCore
import Testing

/// `OrderBook`: the three indexes, open orders, and pruning.
@Suite struct OrderBookTests {
    static func order(_ id: String, venue: String = "kalshi") -> CanonicalOrder {
        CanonicalOrder(clientOrderId: id, venue: venue, market: "KX-1", side: .buy, outcome: .yes, type: .limit,
                       quantity: dec("10"), limitPrice: dec("0.5"))
    }

    @Test func insertAndFindByEveryId() throws {
        var book = OrderBook()
        try book.insert(Self.order("c1"), gatewayOrderId: "g1", at: 100)
        try book.apply(.submitted(venueOrderId: "V1"), to: "c1", at: 200)
        #expect(book[clientOrderId: "c1"]?.gatewayOrderId == "g1")
        #expect(book.record(gatewayOrderId: "g1")?.clientOrderId == "c1")
        #expect(book.record(venue: "kalshi", venueOrderId: "V1")?.clientOrderId == "c1")
        #expect(book.record(venue: "binance", venueOrderId: "V1") == nil)
        #expect(book.contains(clientOrderId: "c1"))
        #expect(!book.contains(clientOrderId: "c2"))
        #expect(book.count == 1)
    }

    @Test func duplicateIdsAreRefused() throws {
        var book = OrderBook()
        try book.insert(Self.order("c1"), gatewayOrderId: "g1", at: 0)
        let sameClient = #expect(throws: OrderError.self) {
            try book.insert(Self.order("c1"), gatewayOrderId: "g2", at: 0)
        }
        #expect(sameClient?.code == .duplicateOrder)
        #expect(sameClient?.message.contains("\"c1\"") == true)
        let sameGateway = #expect(throws: OrderError.self) {
            try book.insert(Self.order("c2"), gatewayOrderId: "g1", at: 0)
        }
        #expect(sameGateway?.code == .duplicateOrder)
        #expect(book.count == 1)
    }

    @Test func venueOrderIdsAreScopedByVenueAndMayNotCollide() throws {
        var book = OrderBook()
        try book.insert(Self.order("c1"), gatewayOrderId: "g1", at: 0)
        try book.insert(Self.order("c2"), gatewayOrderId: "g2", at: 0)
        try book.insert(Self.order("c3", venue: "binance"), gatewayOrderId: "g3", at: 0)
        try book.apply(.submitted(venueOrderId: "42"), to: "c1", at: 1)
        try book.apply(.submitted(venueOrderId: "42"), to: "c3", at: 1)
        #expect(book.record(venue: "kalshi", venueOrderId: "42")?.clientOrderId == "c1")
        #expect(book.record(venue: "binance", venueOrderId: "42")?.clientOrderId == "c3")
        let clash = #expect(throws: OrderError.self) { try book.apply(.submitted(venueOrderId: "42"), to: "c2", at: 2) }
        #expect(clash?.code == .duplicateOrder)
        #expect(book[clientOrderId: "c2"]?.state == .new)
    }

    @Test func unknownOrderIsReported() {
        var book = OrderBook()
        let error = #expect(throws: OrderError.self) { try book.apply(.cancelled, to: "nope", at: 0) }
        #expect(error?.code == .orderNotFound)
        #expect(error?.message.contains("\"nope\"") == true)
    }

    @Test func openOrdersExcludeTerminalOnes() throws {
        var book = OrderBook()
        for index in 1...5 { try book.insert(Self.order("c\(index)"), gatewayOrderId: "g\(index)", at: Int64(index)) }
        try book.apply(.submitted(venueOrderId: "V2"), to: "c2", at: 10)
        try book.apply(.fill(tradeId: "t", quantity: dec("1"), price: dec("0.5"), fee: 0), to: "c3", at: 10)
        try book.apply(.fill(tradeId: "t", quantity: dec("10"), price: dec("0.5"), fee: 0), to: "c4", at: 10)
        try book.apply(.rejected(reason: "no"), to: "c5", at: 10)
        #expect(book.openOrders.map(\.clientOrderId) == ["c1", "c2", "c3"])
        #expect(book.openOrderCount == 3)
        #expect(book.orders.map(\.clientOrderId) == ["c1", "c2", "c3", "c4", "c5"])
        try book.apply(.cancelled, to: "c2", at: 11)
        #expect(book.openOrders.map(\.clientOrderId) == ["c1", "c3"])
    }

    @Test func updatedAtMovesOnlyOnChange() throws {
        var book = OrderBook()
        try book.insert(Self.order("c1"), gatewayOrderId: "g1", at: 100)
        #expect(try book.apply(.submitted(venueOrderId: "V1"), to: "c1", at: 200) == .changed(from: .new, to: .submitted))
        #expect(book[clientOrderId: "c1"]?.updatedAt == 200)
        #expect(try book.apply(.submitted(venueOrderId: "V1"), to: "c1", at: 300) == .unchanged)
        #expect(try book.apply(.fill(tradeId: "t", quantity: dec("99"), price: 1, fee: 0), to: "c1", at: 400).isRefused)
        #expect(book[clientOrderId: "c1"]?.updatedAt == 200)
        #expect(book[clientOrderId: "c1"]?.createdAt == 100)
    }

    @Test func pruneTerminalOrdersByAge() throws {
        var book = OrderBook()
        for index in 1...4 { try book.insert(Self.order("c\(index)"), gatewayOrderId: "g\(index)", at: 0) }
        try book.apply(.submitted(venueOrderId: "V1"), to: "c1", at: 10)
        try book.apply(.cancelled, to: "c1", at: 100)
        try book.apply(.cancelled, to: "c2", at: 500)
        try book.apply(.submitted(venueOrderId: "V3"), to: "c3", at: 50)  // open, old: kept
        let removed = book.removeTerminal(updatedBefore: 200)
        #expect(removed.map(\.clientOrderId) == ["c1"])
        #expect(!book.contains(clientOrderId: "c1"))
        #expect(book.record(gatewayOrderId: "g1") == nil)
        #expect(book.record(venue: "kalshi", venueOrderId: "V1") == nil)
        #expect(book.orders.map(\.clientOrderId) == ["c2", "c3", "c4"])
        // The freed ids can be used again.
        try book.insert(Self.order("c1"), gatewayOrderId: "g1", at: 600)
    }

    @Test func pruneTerminalOrdersByCount() throws {
        var book = OrderBook()
        for index in 1...5 { try book.insert(Self.order("c\(index)"), gatewayOrderId: "g\(index)", at: 0) }
        try book.apply(.cancelled, to: "c1", at: 30)
        try book.apply(.cancelled, to: "c2", at: 10)
        try book.apply(.cancelled, to: "c3", at: 20)
        try book.apply(.expired, to: "c4", at: 40)
        let removed = book.removeTerminal(keepingNewest: 2)
        #expect(removed.map(\.clientOrderId) == ["c2", "c3"])
        #expect(book.orders.map(\.clientOrderId) == ["c1", "c4", "c5"])
        #expect(book.removeTerminal(keepingNewest: 0).map(\.clientOrderId) == ["c1", "c4"])
        #expect(book.orders.map(\.clientOrderId) == ["c5"])
    }

    @Test func redeliveredCommandIsRecognised() throws {
        let generator = ClientOrderIdGenerator(style: .alnum(maxLength: 36, extraCharacters: ".:/_-"))
        var book = OrderBook()
        let first = generator.clientOrderId(commandId: "cmd-7f3d", leg: 0)
        try book.insert(Self.order(first), gatewayOrderId: "g1", at: 0)
        let again = generator.clientOrderId(commandId: "cmd-7f3d", leg: 0)
        #expect(book.contains(clientOrderId: again))
        #expect(throws: OrderError.self) { try book.insert(Self.order(again), gatewayOrderId: "g2", at: 1) }
    }

    @Test func restoredRecordKeepsItsVenueIndex() throws {
        var record = OrderRecord(order: Self.order("c1"), gatewayOrderId: "g1", createdAt: 5)
        record.submitted(venueOrderId: "V1")
        var book = OrderBook()
        try book.insert(record)
        #expect(book.record(venue: "kalshi", venueOrderId: "V1") == record)
        var other = OrderRecord(order: Self.order("c2"), gatewayOrderId: "g2")
        other.submitted(venueOrderId: "V1")
        #expect(throws: OrderError.self) { try book.insert(other) }
    }
}
