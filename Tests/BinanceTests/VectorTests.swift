import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit
@testable import BinanceCore

/// What the plugin sends, byte for byte against Binance's official Python connectors
/// (binance-connector 3.13.0 for spot, binance-futures-connector 4.2.0 for USD-M; see
/// `Vectors/make_vectors.py`). The plugin runs from `libBinance.so` with the host clock fixed at the
/// vectors' timestamp; its bytes are read from the emulator's recorded requests.
@Suite struct VectorTests {
    let vectors: Vectors

    init() throws { vectors = try Vectors.load() }

    @Test func vectorsWereMadeByTheOfficialConnectors() {
        #expect(vectors.sdk["binance-connector"] == "3.13.0")
        #expect(vectors.sdk["binance-futures-connector"] == "4.2.0")
        #expect(vectors.timestamp == BinanceHarness.startMs)
    }

    /// The published example of Binance's documentation, and the connector's encoding of awkward values.
    @Test func docsExampleAndEncodingMatchTheConnector() throws {
        #expect(vectors.docs_example.signature == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
        let store = KeyStore()
        let key = try store.add(kind: .hmac, material: Array(vectors.api_secret.utf8), label: "docs")
        let mac = try store.hmacSHA256(key: key, message: Array(vectors.docs_example.signed_text.utf8))
        #expect(BinanceSigner.lowerHex(mac) == vectors.docs_example.signature)
        let query = BinanceQuery(vectors.docs_example.encoding.params.map { ($0[0], $0[1]) })
        #expect(query.encoded == vectors.docs_example.encoding.encoded)
    }

    /// Drives `harness` through the operations the vectors name and compares each request.
    func expectMatches(_ names: [String], _ harness: BinanceHarness) throws {
        var used: [String: Int] = [:]
        for name in names {
            let vector = try #require(vectors.request(name), "no vector \(name)")
            let sent = harness.requests(vector.method, vector.path)
            let index = used[vector.method + vector.path, default: 0]
            used[vector.method + vector.path] = index + 1
            try #require(sent.count > index, "\(name): the plugin sent no \(vector.method) \(vector.path) #\(index + 1)")
            let request = sent[index]
            #expect(request.query == vector.query, "\(name): query differs")
            #expect(request.body.isEmpty, "\(name): the connector sends no body")
            #expect(request.header("X-MBX-APIKEY") == vector.api_key_header, "\(name): X-MBX-APIKEY differs")
            #expect(queryValue(request.query, "signature") == vector.signature, "\(name): signature differs")
        }
    }

    @Test func spotHMACRequestsMatchTheConnectorByteForByte() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        #expect(await h.place("gw-vec-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "65000.1").failure == nil)
        #expect(await h.place("gw-vec-2", "BTCUSDT", GW_SIDE_SELL, GW_ORDER_MARKET, qty: "0.01").failure == nil)
        #expect(await h.place("gw:vec/3.x_y", "ETHUSDT", GW_SIDE_SELL, GW_ORDER_LIMIT, qty: "0.5", price: "3500",
                              flags: UInt32(GW_ORDER_FLAG_POST_ONLY)).failure == nil)
        #expect(await h.place("gw-vec-4", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.002", price: "64000", tif: GW_TIF_IOC).failure == nil)
        // Query before cancel in time, but the vectors compare per endpoint.
        #expect(await h.instance.queryOrder(VenueOrderRef(market: "BTCUSDT", clientOrderId: "gw-vec-1")).failure == nil)
        #expect(await h.instance.cancelOrder(VenueOrderRef(market: "BTCUSDT", clientOrderId: "gw-vec-1")).failure == nil)
        #expect(await h.instance.openOrders().failure == nil)
        #expect(await h.instance.balances().failure == nil)
        try expectMatches(["spot_limit_gtc_buy", "spot_market_sell", "spot_limit_maker_sell", "spot_limit_ioc_buy",
                           "spot_query_by_client_id", "spot_cancel_by_client_id", "spot_open_orders_all", "spot_account"], h)
        await h.stop()
    }

    @Test func spotEd25519RequestsMatchTheConnectorByteForByte() async throws {
        let h = try await BinanceHarness.start(market: .spot, keyType: .ed25519)
        #expect(await h.place("gw-vec-ed-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.001", price: "65000.10").failure == nil)
        #expect(await h.instance.cancelOrder(VenueOrderRef(market: "BTCUSDT", clientOrderId: "gw-vec-ed-1")).failure == nil)
        try expectMatches(["spot_ed25519_limit_gtc_buy", "spot_ed25519_cancel_by_client_id"], h)
        // The signature is base64, percent-encoded (the connector's and the plugin's contain %2B and %3D).
        #expect(vectors.request("spot_ed25519_limit_gtc_buy")!.signature.hasSuffix("%3D%3D"))
        await h.stop()
    }

    @Test func futuresHMACRequestsMatchTheConnectorByteForByte() async throws {
        let h = try await BinanceHarness.start(market: .futures)
        h.emulator.setPosition("BTCUSDT", amount: 0.01, entry: 60000)
        #expect(await h.place("gw-fvec-1", "BTCUSDT", GW_SIDE_BUY, GW_ORDER_LIMIT, qty: "0.01", price: "65000.1",
                              flags: UInt32(GW_ORDER_FLAG_POST_ONLY)).failure == nil)
        #expect(await h.place("gw-fvec-2", "BTCUSDT", GW_SIDE_SELL, GW_ORDER_MARKET, qty: "0.005",
                              flags: UInt32(GW_ORDER_FLAG_REDUCE_ONLY)).failure == nil)
        #expect(await h.place("gw-fvec-3", "ETHUSDT", GW_SIDE_SELL, GW_ORDER_LIMIT, qty: "1", price: "3500.01", tif: GW_TIF_FOK).failure == nil)
        #expect(await h.instance.queryOrder(VenueOrderRef(market: "BTCUSDT", clientOrderId: "gw-fvec-1")).failure == nil)
        #expect(await h.instance.cancelOrder(VenueOrderRef(market: "BTCUSDT", venueOrderId: "283194212")).failure == nil)
        #expect(await h.instance.openOrders().failure == nil)
        #expect(await h.instance.cancelAll(market: "BTCUSDT").failure == nil)
        #expect(await h.instance.positions().failure == nil)
        #expect(await h.instance.balances().failure == nil)
        try expectMatches(["futures_limit_gtx_buy", "futures_market_sell_reduce_only", "futures_limit_fok_sell",
                           "futures_query_by_client_id", "futures_cancel_by_order_id", "futures_open_orders_all",
                           "futures_cancel_all_symbol", "futures_position_risk", "futures_balance"], h)
        await h.stop()
    }
}
