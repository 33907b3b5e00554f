import Foundation
import GatewayCore
import Testing

/// `CanonicalOrder.validate()`: every refusal names its field.
@Suite struct CanonicalOrderTests {
    static func limitOrder() -> CanonicalOrder {
        CanonicalOrder(clientOrderId: "gw123", venue: "kalshi", market: "KXBTCD-26FEB11", side: .buy, outcome: .yes,
                       type: .limit, timeInForce: .gtc, quantity: dec("10"), limitPrice: dec("0.55"))
    }

    @Test func validLimitOrderPasses() throws {
        try Self.limitOrder().validate()
    }

    @Test func validMarketOrderWithoutPricePasses() throws {
        let order = CanonicalOrder(clientOrderId: "gw1", venue: "binance", market: "BTCUSDT", side: .sell,
                                   type: .market, timeInForce: .ioc, quantity: dec("0.001"))
        try order.validate()
    }

    @Test func validPostOnlyGtdPasses() throws {
        var order = Self.limitOrder()
        order.postOnly = true
        order.timeInForce = .gtd
        order.expireAt = 1_767_225_600_000
        try order.validate()
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var field: String
        var change: @Sendable (inout CanonicalOrder) -> Void
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "empty client order id", field: "clientOrderId") { $0.clientOrderId = "" },
        Refusal(name: "empty venue", field: "venue") { $0.venue = "" },
        Refusal(name: "empty market", field: "market") { $0.market = "" },
        Refusal(name: "zero quantity", field: "quantity") { $0.quantity = 0 },
        Refusal(name: "negative quantity", field: "quantity") { $0.quantity = dec("-1") },
        Refusal(name: "NaN quantity", field: "quantity") { $0.quantity = .nan },
        Refusal(name: "limit without price", field: "limitPrice") { $0.limitPrice = nil },
        Refusal(name: "limit with zero price", field: "limitPrice") { $0.limitPrice = 0 },
        Refusal(name: "negative price", field: "limitPrice") { $0.limitPrice = dec("-0.01") },
        Refusal(name: "NaN price", field: "limitPrice") { $0.limitPrice = .nan },
        Refusal(name: "negative price on a market order", field: "limitPrice") {
            $0.type = .market
            $0.limitPrice = dec("-5")
        },
        Refusal(name: "GTD without expiry", field: "expireAt") { $0.timeInForce = .gtd },
        Refusal(name: "GTD with zero expiry", field: "expireAt") {
            $0.timeInForce = .gtd
            $0.expireAt = 0
        },
        Refusal(name: "post-only IOC", field: "postOnly") {
            $0.postOnly = true
            $0.timeInForce = .ioc
        },
        Refusal(name: "post-only FOK", field: "postOnly") {
            $0.postOnly = true
            $0.timeInForce = .fok
        },
        Refusal(name: "post-only market", field: "postOnly") {
            $0.postOnly = true
            $0.type = .market
        },
    ]

    @Test(arguments: refusals)
    func refuses(_ refusal: Refusal) {
        var order = Self.limitOrder()
        refusal.change(&order)
        let error = #expect(throws: OrderError.self) { try order.validate() }
        #expect(error?.code == .invalidOrder)
        #expect(error?.field == refusal.field)
        #expect(error?.message.contains("'\(refusal.field)'") == true, "\(error?.message ?? "")")
        if refusal.field != "clientOrderId" {
            #expect(error?.message.contains("gw123") == true, "message names the order: \(error?.message ?? "")")
        }
    }

    @Test func messageSaysWhatAndWhere() {
        var order = Self.limitOrder()
        order.quantity = dec("-3")
        let error = #expect(throws: OrderError.self) { try order.validate() }
        #expect(error?.message == "order \"gw123\" on kalshi:KXBTCD-26FEB11: field 'quantity' must be greater than 0, got -3")
    }

    @Test func vocabularyRawValuesAreStable() {
        #expect(Side.allCases.map(\.rawValue) == ["buy", "sell"])
        #expect(Outcome.allCases.map(\.rawValue) == ["yes", "no"])
        #expect(OrderType.allCases.map(\.rawValue) == ["market", "limit"])
        #expect(TimeInForce.allCases.map(\.rawValue) == ["gtc", "ioc", "fok", "gtd"])
        #expect(Side.buy.opposite == .sell && Side.sell.opposite == .buy)
        #expect(Side.buy.sign == 1 && Side.sell.sign == -1)
    }

    @Test func codableRoundTrip() throws {
        let order = Self.limitOrder()
        let data = try JSONEncoder().encode(order)
        #expect(try JSONDecoder().decode(CanonicalOrder.self, from: data) == order)
    }
}
