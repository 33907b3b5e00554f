import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Synchronization
import Testing
import VenueKit

/// A host clock the test sets: the plugin's wall clock and (plus a skew) the emulator's server clock.
final class FixedClock: HostClock, Sendable {
    private let ms: Mutex<Int64>
    /// The emulator's clock minus this one.
    let skew = Mutex<Int64>(0)
    init(ms: Int64) { self.ms = Mutex(ms) }
    var serverMs: Int64 { nowMs + skew.withLock { $0 } }
    var nowMs: Int64 { ms.withLock { $0 } }
    func set(_ value: Int64) { ms.withLock { $0 = value } }
    func advance(_ delta: Int64) { ms.withLock { $0 += delta } }
    var nowUnixNs: Int64 { nowMs * 1_000_000 }
    var monotonicNs: UInt64 { UInt64(nowMs) * 1_000_000 }
}

/// Forwards to the real HTTP client, but loses the reply of requests `lose` picks: the request reaches
/// the venue, and the plugin sees a transport failure that may have delivered it (outcome unknown).
struct LosingReplyClient: HostHTTPClient {
    let inner = AsyncHTTPHostClient()
    let lose: @Sendable (HostHTTPRequest) -> Bool

    func send(_ request: HostHTTPRequest) async -> HostHTTPResponse {
        let response = await inner.send(request)
        guard lose(request) else { return response }
        return .failure(.outcomeUnknown, "\(request.method) \(request.url.split(separator: "?").first ?? ""): read timed out after the request was written")
    }
}

/// Forwards to the real HTTP client, except requests `refuse` picks, which fail as if the connection
/// had been refused: certainly not delivered (`venue_unavailable`).
struct RefusingConnectClient: HostHTTPClient {
    let inner = AsyncHTTPHostClient()
    let refuse: @Sendable (HostHTTPRequest) -> Bool

    func send(_ request: HostHTTPRequest) async -> HostHTTPResponse {
        guard refuse(request) else { return await inner.send(request) }
        return .failure(.venueUnavailable, "\(request.method) \(request.url.split(separator: "?").first ?? ""): connect: Connection refused (errno: 111)")
    }
}

/// The vectors made by the official connectors (`Vectors/make_vectors.py`).
struct Vectors: Decodable {
    struct Request: Decodable {
        var name: String
        var method: String
        var path: String
        var query: String
        var signed_text: String
        var signature: String
        var api_key_header: String
    }
    struct Docs: Decodable {
        struct Encoding: Decodable { var params: [[String]]; var encoded: String }
        var signed_text: String
        var signature: String
        var encoding: Encoding
    }
    var sdk: [String: String]
    var api_key: String
    var api_secret: String
    var ed25519_seed_hex: String
    var ed25519_pem: String
    var timestamp: Int64
    var recv_window: Int
    var docs_example: Docs
    var spot: [Request]
    var futures: [Request]

    static func load() throws -> Vectors {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/vectors.json")
        return try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }

    func request(_ name: String) -> Request? { (spot + futures).first { $0.name == name } }
}

/// One plugin instance loaded from `libBinance.so` through a manifest, talking to a loopback emulator.
final class BinanceHarness: @unchecked Sendable {
    static let apiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    static let secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
    static let startMs: Int64 = 1_499_827_319_559

    enum KeyType { case hmac, ed25519 }

    let clock: FixedClock
    let emulator: BinanceEmulator
    let server: LoopbackHTTPServer
    let instance: PluginInstance
    let folder: URL

    /// Starts an emulator and loads the plugin against it.
    ///
    /// - Parameters:
    ///   - serverSkewMs: the emulator's clock minus the host's.
    ///   - settings: extra manifest settings (JSON members, without braces).
    ///   - http: the host's HTTP client (a reply-losing one for outcome-unknown tests).
    static func start(market: BinanceEmulator.Market, keyType: KeyType = .hmac, serverSkewMs: Int64 = 0,
                      symbols: [BinanceEmulator.Symbol]? = nil, balances: [String: Decimal]? = nil,
                      settings: String = "", http: (any HostHTTPClient)? = nil) async throws -> BinanceHarness {
        let clock = FixedClock(ms: startMs)
        clock.skew.withLock { $0 = serverSkewMs }
        let edKey = try Vectors.load().ed25519_pem
        var publicKey: [UInt8]?
        if keyType == .ed25519 {
            let store = KeyStore()
            let handle = try store.add(kind: .ed25519, material: Array(edKey.utf8), label: "test ed25519")
            publicKey = try store.publicKey(of: handle)
        }
        let account = BinanceEmulatorModel.Account(apiKey: apiKey, hmacSecret: keyType == .hmac ? secret : nil,
                                                   ed25519PublicKey: publicKey)
        let defaultSymbols: [BinanceEmulator.Symbol] = market == .spot
            ? [.spotBTCUSDT(lastPrice: 70000), .spotETHUSDT(lastPrice: 3400)]
            : [.futuresBTCUSDT(lastPrice: 70000), .futuresETHUSDT(lastPrice: 3400)]
        let defaultBalances: [String: Decimal] = market == .spot ? ["USDT": 100_000, "BTC": 1, "ETH": 10] : ["USDT": 10_000]
        let emulator = try BinanceEmulator(market: market, accounts: [account], symbols: symbols ?? defaultSymbols,
                                           balances: balances ?? defaultBalances,
                                           now: { clock.serverMs })
        let server = try await LoopbackHTTPServer { request in emulator.handle(request) }
        let folder = try FixtureBuilder.temporaryDirectory("gw-binance")
        let credentials: String
        var environment = ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path, "T_BINANCE_API_KEY": apiKey]
        switch keyType {
        case .hmac:
            credentials = #""api_key":{"kind":"text","env":"T_BINANCE_API_KEY"},"secret":{"kind":"hmac","env":"T_BINANCE_API_SECRET"}"#
            environment["T_BINANCE_API_SECRET"] = secret
        case .ed25519:
            let keyFile = folder.appendingPathComponent("binance-ed25519.pem")
            try Data(edKey.utf8).write(to: keyFile)
            credentials = #""api_key":{"kind":"text","env":"T_BINANCE_API_KEY"},"private_key":{"kind":"ed25519","file":"\#(keyFile.path)"}"#
        }
        let extra = settings.isEmpty ? "" : ", " + settings
        let manifest = #"{"name":"binance","library":"libBinance.so","settings":{"market":"\#(market.rawValue)","base_url":"\#(server.baseURL)"\#(extra)},"credentials":{\#(credentials)}}"#
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("binance.json"))
        do {
            let instance = try load(folder: folder, environment: environment, clock: clock, http: http)
            return BinanceHarness(clock: clock, emulator: emulator, server: server, instance: instance, folder: folder)
        } catch {
            await server.shutdown()
            throw error
        }
    }

    /// Loads `binance.json` from `folder` and creates the instance (throws the loader's or plugin's error).
    static func load(folder: URL, environment: [String: String], clock: FixedClock = FixedClock(ms: startMs),
                     http: (any HostHTTPClient)? = nil) throws -> PluginInstance {
        let catalog = try PluginLoader.load(directory: folder, environment: environment)
        let entry = try #require(catalog.entries.first { $0.manifest?.name == "binance" })
        guard let library = entry.library else { throw entry.error ?? PluginError(.invalidManifest, "not loaded") }
        let keys = KeyStore()
        let handles = try CredentialLoader.load(try #require(entry.manifest), into: keys, environment: environment)
        var services = HostServices(keyStore: keys, clock: clock, operationTimeout: .seconds(20))
        if let http { services.http = http }
        return try PluginInstance(library: library, venue: "binance", settings: entry.manifest!.settings,
                                  credentials: handles, services: services)
    }

    private init(clock: FixedClock, emulator: BinanceEmulator, server: LoopbackHTTPServer,
                 instance: PluginInstance, folder: URL) {
        self.clock = clock
        self.emulator = emulator
        self.server = server
        self.instance = instance
        self.folder = folder
    }

    func setSkew(_ ms: Int64) { clock.skew.withLock { $0 = ms } }

    func stop() async {
        await instance.shutdown()
        await server.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Recorded requests to `path` (and `method`).
    func requests(_ method: String? = nil, _ path: String) -> [LoopbackHTTPServer.Request] {
        server.requests.filter { $0.path == path && (method == nil || $0.method == method) }
    }

    func place(_ id: String, _ market: String, _ side: gw_side, _ type: gw_order_type, qty: String, price: String = "",
               tif: gw_time_in_force = GW_TIF_GTC, flags: UInt32 = 0, expireAt: Int64 = 0) async -> OperationOutcome {
        await instance.placeOrder(VenueOrder(clientOrderId: id, market: market, side: side, outcome: GW_OUTCOME_NONE, type: type,
                                             timeInForce: tif, flags: flags, quantity: qty, limitPrice: price,
                                             expireAtUnixMs: expireAt))
    }
}

/// The value of a query parameter as sent (still encoded).
func queryValue(_ query: String, _ name: String) -> String? {
    query.split(separator: "&").first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
}
