import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Synchronization
import Testing
import VenueKit

/// A host clock the test sets: the plugin signs with it and the emulator judges timestamps with it.
final class FixedClock: HostClock, @unchecked Sendable {
    private let ms = Mutex<Int64>(1_767_225_600_123)
    init(ms start: Int64 = 1_767_225_600_123) { ms.withLock { $0 = start } }
    var nowMs: Int64 { ms.withLock { $0 } }
    func set(_ value: Int64) { ms.withLock { $0 = value } }
    func advance(_ delta: Int64) { ms.withLock { $0 += delta } }
    var nowUnixNs: Int64 { nowMs * 1_000_000 }
    var monotonicNs: UInt64 { UInt64(nowMs) * 1_000_000 }
}

/// An RSA test key generated with `openssl genpkey` (once per test process) in both PEM encodings.
struct TestKey: Sendable {
    var pkcs8Path: String
    var pkcs1Path: String
    var publicKeyDER: [UInt8]

    static let shared: Result<TestKey, any Error> = Result {
        let folder = try FixtureBuilder.temporaryDirectory("kalshi-key")
        let pkcs8 = folder.appendingPathComponent("kalshi-pkcs8.pem").path
        let pkcs1 = folder.appendingPathComponent("kalshi-pkcs1.pem").path
        let made = try FixtureBuilder.run("/usr/bin/openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pkcs8])
        guard made.status == 0 else { throw HarnessError("openssl genpkey failed: \(made.output)") }
        let converted = try FixtureBuilder.run("/usr/bin/openssl", ["rsa", "-in", pkcs8, "-out", pkcs1, "-traditional"])
        guard converted.status == 0 else { throw HarnessError("openssl rsa -traditional failed: \(converted.output)") }
        return TestKey(pkcs8Path: pkcs8, pkcs1Path: pkcs1, publicKeyDER: try publicKey(ofPEMFile: pkcs8))
    }

    static func publicKey(ofPEMFile path: String) throws -> [UInt8] {
        let store = KeyStore()
        let handle = try store.add(kind: .rsa, material: Array(try Data(contentsOf: URL(fileURLWithPath: path))), label: "test")
        return try store.publicKey(of: handle)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Collects the events an instance emits.
final class EventLog: @unchecked Sendable {
    private let events = Mutex<[VenueEvent]>([])
    func append(_ event: VenueEvent) { events.withLock { $0.append(event) } }
    var all: [VenueEvent] { events.withLock { $0 } }
    var fills: [VenueFill] { all.compactMap { if case .fill(let f) = $0 { f } else { nil } } }
    var updates: [VenueOrderReport] { all.compactMap { if case .orderUpdate(let o) = $0 { o } else { nil } } }

    /// Waits (bounded) until `condition` holds.
    func wait(_ condition: @escaping ([VenueEvent]) -> Bool) async -> Bool {
        for _ in 0..<400 {
            if condition(all) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(all)
    }
}

/// The Kalshi plugin loaded from the build folder through a manifest, `PluginLoader` and
/// `CredentialLoader`, pointed at a loopback Kalshi emulator that shares the test's clock.
final class KalshiHarness: @unchecked Sendable {
    static let apiKeyId = "a952bcbe-ec3b-4b5b-b8f9-11dae589608c"
    static let ticker = "KXBTCD-25DEC31-T100000"

    let clock: FixedClock
    let emulator: KalshiEmulator
    let server: LoopbackHTTPServer
    let instance: PluginInstance
    let events = EventLog()
    let folder: URL

    /// - Parameters:
    ///   - settings: extra manifest settings (JSON members, e.g. `"order_endpoint":"events_orders"`).
    ///   - keyPath: the private key file (default: a fresh PKCS#8 key); `publicKeyDER` its public part.
    init(settings: [String: Any] = [:], keyPath: String? = nil, publicKeyDER: [UInt8]? = nil, clock: FixedClock = FixedClock(),
         windowMs: Int64 = 30_000, baseURL: String? = nil) async throws {
        let key = try TestKey.shared.get()
        self.clock = clock
        let emulator = KalshiEmulator(apiKeyId: Self.apiKeyId, publicKeyDER: publicKeyDER ?? key.publicKeyDER, windowMs: windowMs,
                                      clock: { [clock] in clock.nowMs })
        self.emulator = emulator
        emulator.addMarket(.init(ticker: Self.ticker))
        server = try await LoopbackHTTPServer(handler: emulator.handler)
        folder = try FixtureBuilder.temporaryDirectory("kalshi-test")
        var all: [String: Any] = ["base_url": baseURL ?? "\(server.baseURL)/trade-api/v2", "poll_interval_ms": 0]
        for (name, value) in settings { all[name] = value }
        let manifest: [String: Any] = [
            "name": "kalshi", "library": "libKalshi.so", "settings": all,
            "credentials": ["api_key": ["kind": "text", "env": "KALSHI_API_KEY"],
                            "private_key": ["kind": "rsa", "file_env": "KALSHI_PRIVATE_KEY_PATH"]],
        ]
        try JSONSerialization.data(withJSONObject: manifest).write(to: folder.appendingPathComponent("kalshi.json"))
        let environment = ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path, "KALSHI_API_KEY": Self.apiKeyId,
                           "KALSHI_PRIVATE_KEY_PATH": keyPath ?? key.pkcs8Path]
        let catalog = try PluginLoader.load(directory: folder, environment: environment)
        let entry = try #require(catalog.entries.first)
        let library = try #require(entry.library, "\(entry.error?.message ?? "")")
        let keys = KeyStore()
        let handles = try CredentialLoader.load(try #require(entry.manifest), into: keys, environment: environment)
        instance = try PluginInstance(library: library, venue: "kalshi", settings: entry.manifest!.settings, credentials: handles,
                                      services: HostServices(keyStore: keys, clock: clock, operationTimeout: .seconds(20)))
        let events = self.events
        instance.onEvent { events.append($0) }
    }

    func shutdown() async {
        await instance.shutdown()
        await server.shutdown()
    }

    /// Requests the emulator received for `method path` (path below /trade-api/v2, query ignored).
    func requests(_ method: String, _ path: String) -> [LoopbackHTTPServer.Request] {
        server.requests.filter { $0.method == method && $0.path == KalshiEmulator.pathPrefix + path }
    }

    func order(_ id: String = "gw-test-0001", market: String = KalshiHarness.ticker, side: gw_side = GW_SIDE_BUY,
               outcome: gw_outcome = GW_OUTCOME_YES, type: gw_order_type = GW_ORDER_LIMIT, tif: gw_time_in_force = GW_TIF_GTC,
               quantity: String = "10", price: String = "0.56", flags: UInt32 = 0, expireAt: Int64 = 0) -> VenueOrder {
        VenueOrder(clientOrderId: id, market: market, side: side, outcome: outcome, type: type, timeInForce: tif, flags: flags,
                   quantity: quantity, limitPrice: price, expireAtUnixMs: expireAt)
    }

    static func json(_ body: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }
}
