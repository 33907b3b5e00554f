import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// The whole plugin (.so through the C ABI, host key store, fixed clock) against the official client's bytes:
/// what reaches the loopback CLOB must be exactly what py-clob-client-v2 sends.
@Suite struct PluginVectorTests {
    let v = Vectors.shared

    static func harness(for c: Vectors.OrderCase) async throws -> PolymarketHarness {
        let price = c.price
        let book = [(price, "100000")]
        let token = PolymarketEmulator.Token(id: c.token_id, condition: TestWallets.conditionA, label: "Yes", tick: c.tick_size,
                                             negRisk: c.neg_risk, minOrderSize: "1",
                                             asks: c.kind == "market" && c.side == "BUY" ? book : [],
                                             bids: c.kind == "market" && c.side == "SELL" ? book : [])
        var settings: [String: Any] = ["signature_type": c.signature_type]
        if !c.funder.isEmpty { settings["funder"] = c.funder }
        let harness = try await PolymarketHarness(tokens: [token], settings: settings, clockMs: Int64(c.timestamp_ms), balance: "100000")
        harness.useVectorCredentials()
        return harness
    }

    static func gatewayOrder(_ c: Vectors.OrderCase) -> VenueOrder {
        let tif: gw_time_in_force = switch c.order_type {
        case "GTD": GW_TIF_GTD
        case "FOK": GW_TIF_FOK
        case "FAK": GW_TIF_IOC
        default: GW_TIF_GTC
        }
        let expireAt = c.order_type == "GTD" ? (Int64(c.expiration)! - 60) * 1000 : 0
        return VenueOrder(clientOrderId: c.client_order_id, market: c.token_id, side: c.side == "BUY" ? GW_SIDE_BUY : GW_SIDE_SELL,
                          outcome: GW_OUTCOME_YES, type: c.kind == "market" ? GW_ORDER_MARKET : GW_ORDER_LIMIT, timeInForce: tif,
                          flags: c.post_only ? UInt32(GW_ORDER_FLAG_POST_ONLY) : 0, quantity: c.gateway_quantity, limitPrice: c.price,
                          expireAtUnixMs: expireAt)
    }

    @Test(arguments: Vectors.shared.orders.map(\.name))
    func theOrderThePluginSendsIsTheOfficialClientsByteForByte(_ name: String) async throws {
        let c = v.order(name)
        let harness = try await Self.harness(for: c)
        let outcome = await harness.instance.placeOrder(Self.gatewayOrder(c))
        await harness.shutdown()
        #expect(outcome.failure == nil, "\(name): \(outcome.failure?.description ?? "") / emulator: \(harness.emulator.failures)")
        #expect(outcome.orders.first?.venueOrderId == c.digest)
        let post = try #require(harness.requests("POST", "/order").first)
        #expect(post.bodyText == c.body, "\(name) body")
        for header in ["POLY_ADDRESS", "POLY_SIGNATURE", "POLY_TIMESTAMP", "POLY_API_KEY", "POLY_PASSPHRASE"] {
            #expect(post.header(header) == c.l2_headers[header], "\(name) \(header)")
        }
        // The L1 headers of the create-then-derive exchange are the official client's too.
        let l1 = try #require(v.l1.first { $0.timestamp == Int64(c.timestamp_ms / 1000) })
        for request in harness.requests("POST", "/auth/api-key") + harness.requests("GET", "/auth/derive-api-key") {
            for (name, value) in l1.headers { #expect(request.header(name) == value, "L1 \(name)") }
        }
        #expect(harness.requests("GET", "/auth/derive-api-key").count == 1, "the key existed: create fails, derive succeeds")
    }

    @Test func level1HeadersForAnotherNonceAndTime() async throws {
        let l1 = try #require(v.l1.first { $0.nonce == 7 })
        let harness = try await PolymarketHarness(settings: ["api_key_nonce": 7], clockMs: l1.timestamp * 1000 + 500)
        let outcome = await harness.instance.balances()
        await harness.shutdown()
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        let create = try #require(harness.requests("POST", "/auth/api-key").first)
        for (name, value) in l1.headers { #expect(create.header(name) == value, "L1 \(name)") }
    }

    @Test func level2HeadersOfCancelCancelAllOpenOrdersAndBalanceAreTheOfficialClients() async throws {
        let c = v.order("limit_buy_gtc_001")
        let harness = try await Self.harness(for: c)
        let placed = await harness.instance.placeOrder(Self.gatewayOrder(c))
        #expect(placed.failure == nil)
        func check(_ method: String, _ path: String, drive: () async -> OperationOutcome) async throws {
            let vector = try #require(v.l2.first { $0.method == method && $0.path == path })
            harness.clock.set(ms: vector.timestamp * 1000)
            let outcome = await drive()
            #expect(outcome.failure == nil, "\(method) \(path): \(outcome.failure?.description ?? "")")
            let request = try #require(harness.requests(method, path).last)
            #expect(request.bodyText == vector.body, "\(method) \(path) body")
            for (name, value) in vector.headers { #expect(request.header(name) == value, "\(method) \(path) \(name)") }
        }
        try await check("GET", "/data/orders") { await harness.instance.openOrders() }
        try await check("GET", "/data/order/" + c.digest) { await harness.instance.queryOrder(VenueOrderRef(clientOrderId: c.client_order_id)) }
        try await check("GET", "/balance-allowance") { await harness.instance.balances() }
        try await check("DELETE", "/order") { await harness.instance.cancelOrder(VenueOrderRef(clientOrderId: c.client_order_id)) }
        try await check("DELETE", "/cancel-all") { await harness.instance.cancelAll() }
        await harness.shutdown()
    }
}
