import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Synchronization
import Testing
import VenueKit

/// A host clock the test sets: wall time fixed (so nonces are known), monotonic time advancing.
final class TestClock: HostClock {
    private let wallMs: Mutex<Int64>
    private let ticks = Mutex<UInt64>(1_000_000_000)

    init(ms: Int64) { wallMs = Mutex(ms) }

    var ms: Int64 {
        get { wallMs.withLock { $0 } }
        set { wallMs.withLock { $0 = newValue } }
    }

    var nowUnixNs: Int64 { wallMs.withLock { $0 } * 1_000_000 }
    var monotonicNs: UInt64 { ticks.withLock { $0 += 1_000; return $0 } }
}

/// The SDK-generated known answers in `Vectors/vectors.json` (see `Vectors/make_vectors.py`).
struct Vectors: Decodable {
    struct Signature: Decodable, Equatable {
        let r: String
        let s: String
        let v: Int
    }

    struct Order: Decodable {
        let client_order_id: String
        let market: String
        let side: String
        let type: String
        let tif: String
        let quantity: String
        let limit_price: String
        let reduce_only: Bool
        let post_only: Bool

        var venueOrder: VenueOrder {
            var flags: UInt32 = 0
            if reduce_only { flags |= UInt32(GW_ORDER_FLAG_REDUCE_ONLY) }
            if post_only { flags |= UInt32(GW_ORDER_FLAG_POST_ONLY) }
            return VenueOrder(clientOrderId: client_order_id, market: market, side: side == "buy" ? GW_SIDE_BUY : GW_SIDE_SELL,
                              outcome: GW_OUTCOME_NONE, type: type == "market" ? GW_ORDER_MARKET : GW_ORDER_LIMIT,
                              timeInForce: tif == "ioc" ? GW_TIF_IOC : GW_TIF_GTC, flags: flags, quantity: quantity,
                              limitPrice: limit_price)
        }
    }

    struct Cancel: Decodable {
        let market: String
        let venue_order_id: String
        let client_order_id: String
    }

    struct OpenOrder: Decodable {
        let coin: String
        let oid: UInt64
    }

    struct Vector: Decodable {
        let name: String
        let signer: String
        let private_key: String
        let nonce: Int64
        let testnet: Bool
        let vault_address: String?
        let account_address: String?
        let expires_after: Int64?
        let action_json: String
        let action_msgpack: String
        let connection_id: String
        let digest: String
        let signature: Signature
        let path: String
        let body: String
        let order: Order?
        let cancel: Cancel?
        let open_orders: [OpenOrder]?
    }

    struct SDKSigningTest: Decodable {
        let name: String
        let action_msgpack: String
        let nonce: UInt64
        let testnet: Bool
        let vault_address: String?
        let expires_after: UInt64?
        let connection_id: String
        let signature: Signature
    }

    struct Meta: Decodable {
        struct Asset: Decodable {
            let name: String
            let szDecimals: Int
        }
        let universe: [Asset]
    }

    struct SpotMeta: Decodable {
        struct Token: Decodable {
            let name: String
            let szDecimals: Int
            let index: Int
        }
        struct Pair: Decodable {
            let name: String
            let tokens: [Int]
            let index: Int
        }
        let tokens: [Token]
        let universe: [Pair]
    }

    let sdk: [String: String]
    let master_address: String
    let agent_address: String
    let meta: Meta
    let spot_meta: SpotMeta
    let mids: [String: String]
    let float_to_wire: [String: String]
    let domain_separator: String
    let agent_type_hash: String
    let vectors: [Vector]
    let sdk_signing_tests: [SDKSigningTest]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")

    static let shared: Vectors = {
        let url = directory.appendingPathComponent("vectors.json")
        do {
            return try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot load \(url.path): \(error)")
        }
    }()

    static let masterKey = "0x0123456789012345678901234567890123456789012345678901234567890123"
    static let agentKey = "0x4f3edf983ac636a65a842ce7c78d9aa706d3b113bce9c46f30d7d21715b23b1d"

    /// Configures an emulator with the vectors' metadata and mids.
    func configure(_ emulator: HyperliquidEmulator) {
        emulator.setPerps(meta.universe.map { .init($0.name, szDecimals: $0.szDecimals) })
        emulator.setSpot(tokens: spot_meta.tokens.map { .init($0.name, szDecimals: $0.szDecimals, index: $0.index) },
                         pairs: spot_meta.universe.map { .init($0.name, base: $0.tokens[0], quote: $0.tokens[1], index: $0.index) })
        for (coin, mid) in mids { emulator.setMid(coin, mid) }
    }
}

/// A wallet for a test: a private key and its address.
struct Wallet {
    let privateKey: String
    let address: String

    /// A fresh random wallet (so tests never share a nonce sequence).
    static func random() throws -> Wallet {
        try Wallet(privateKey: "0x" + Hex.encode((0..<32).map { _ in UInt8.random(in: 1...255) }))
    }

    init(privateKey: String) throws {
        self.privateKey = privateKey
        let keys = KeyStore()
        let handle = try keys.add(kind: .secp256k1, material: Array(privateKey.utf8), label: "test wallet")
        address = "0x" + Hex.encode(try keys.publicKey(of: handle))
    }
}

/// The plugin library loaded through a manifest, an emulator behind a loopback server, and an instance.
final class Harness: Sendable {
    let emulator: HyperliquidEmulator
    let server: LoopbackHTTPServer
    let instance: PluginInstance
    let clock: TestClock
    let keys: KeyStore

    /// - Parameters:
    ///   - key: the signing key (nil: no credential configured).
    ///   - settings: extra manifest settings (JSON members, already encoded), `base_url` is added.
    ///   - mainnet: the emulator's network.
    ///   - venueSkewMs: how far the venue's block time is ahead of the host clock.
    ///   - intercept: answers a request in place of the network when it returns a response (transport failures).
    init(key: String?, settings: [String: String] = [:], mainnet: Bool = true, clockMs: Int64 = 1_700_000_000_000,
         venueSkewMs: Int64 = 0, operationTimeout: Duration = .seconds(10),
         intercept: Intercept = Intercept { _ in nil },
         setUp: (HyperliquidEmulator) -> Void = { _ in }) async throws {
        let clock = TestClock(ms: clockMs)
        self.clock = clock
        let emulator = HyperliquidEmulator(mainnet: mainnet) { clock.ms + venueSkewMs }
        setUp(emulator)
        self.emulator = emulator
        server = try await LoopbackHTTPServer { emulator.handle($0) }
        let folder = try FixtureBuilder.temporaryDirectory("gw-hl")
        var members = settings
        members["base_url"] = "\"\(server.baseURL)\""
        let settingsJSON = "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        let manifest = """
        {"name":"hyperliquid","library":"libHyperliquid.so","enabled":true,"abi_major":1,
         "settings":\(settingsJSON),
         "credentials":{"private_key":{"kind":"secp256k1","env":"HYPERLIQUID_PRIVATE_KEY","optional":true}}}
        """
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("hyperliquid.json"))
        var environment = ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path]
        if let key { environment["HYPERLIQUID_PRIVATE_KEY"] = key }
        let catalog = try PluginLoader.load(directory: folder, environment: environment)
        let entry = try #require(catalog.entries.first)
        let library = try #require(entry.library, "\(entry.error?.message ?? "")")
        let keys = KeyStore()
        self.keys = keys
        let handles = try CredentialLoader.load(try #require(entry.manifest), into: keys, environment: environment)
        let services = HostServices(keyStore: keys, http: InterceptingHTTPClient(intercept: intercept), clock: clock,
                                    operationTimeout: operationTimeout)
        instance = try PluginInstance(library: library, venue: "hyperliquid", settings: entry.manifest!.settings, credentials: handles,
                                      services: services)
        makeInstance = { try PluginInstance(library: library, venue: "hyperliquid", settings: entry.manifest!.settings,
                                            credentials: handles, services: services) }
    }

    private let makeInstance: @Sendable () throws -> PluginInstance

    /// Another instance of the plugin with the same settings and key (a restarted gateway: nothing remembered).
    func freshInstance() throws -> PluginInstance { try makeInstance() }

    func shutdown() async {
        await instance.shutdown()
        await server.shutdown()
    }

    /// The `/exchange` bodies the emulator received.
    var exchangeBodies: [String] { emulator.exchangeRecords.map(\.body) }
}

extension VenueOrder {
    static func limit(_ id: String, _ market: String, buy: Bool = true, quantity: String, price: String,
                      tif: gw_time_in_force = GW_TIF_GTC, flags: UInt32 = 0) -> VenueOrder {
        VenueOrder(clientOrderId: id, market: market, side: buy ? GW_SIDE_BUY : GW_SIDE_SELL, outcome: GW_OUTCOME_NONE,
                   type: GW_ORDER_LIMIT, timeInForce: tif, flags: flags, quantity: quantity, limitPrice: price)
    }

    static func market(_ id: String, _ market: String, buy: Bool = true, quantity: String, bound: String = "",
                       flags: UInt32 = 0) -> VenueOrder {
        VenueOrder(clientOrderId: id, market: market, side: buy ? GW_SIDE_BUY : GW_SIDE_SELL, outcome: GW_OUTCOME_NONE,
                   type: GW_ORDER_MARKET, timeInForce: GW_TIF_IOC, flags: flags, quantity: quantity, limitPrice: bound)
    }
}

/// Answers some requests in place of the network (nil: let the request through).
struct Intercept: Sendable {
    let answer: @Sendable (HostHTTPRequest) -> HostHTTPResponse?
    init(_ answer: @escaping @Sendable (HostHTTPRequest) -> HostHTTPResponse?) { self.answer = answer }
}

/// The host's real HTTP client, except for requests `intercept` answers itself.
struct InterceptingHTTPClient: HostHTTPClient {
    let intercept: Intercept
    let network = AsyncHTTPHostClient()

    func send(_ request: HostHTTPRequest) async -> HostHTTPResponse {
        if let response = intercept.answer(request) { return response }
        return await network.send(request)
    }
}
