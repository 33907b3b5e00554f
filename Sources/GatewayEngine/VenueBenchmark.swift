import Foundation
import Synchronization
import GatewayCrypto
import PluginABI
import PluginHost
import VenueKit

/// Measures the cost of building, signing and parsing one order in a real venue plugin, without a network.
///
/// A profile (`Benchmarks/venues/<venue>.json`) gives the plugin's settings, throwaway test credentials,
/// the order to place, and canned venue replies by path. Requests are answered in-process by
/// ``CannedHTTPClient``, so what is timed is the plugin's work plus the host's bridging and signing.
public struct VenueBenchmark: Sendable {
    public struct Profile: Decodable, Sendable {
        /// A throwaway test credential: its `value`, or the content of `file` (relative to the working folder).
        public struct Credential: Decodable, Sendable {
            public var kind: String
            public var value: String?
            public var file: String?
        }
        public struct Order: Decodable, Sendable {
            public var market: String
            public var side: String
            public var outcome: String?
            public var type: String
            public var tif: String?
            public var quantity: String
            public var price: String?
        }
        public struct Response: Decodable, Sendable {
            public var method: String
            public var path: String
            public var status: Int
            public var body: String
        }
        public var venue: String
        public var settings: [String: SettingValue]
        public var credentials: [String: Credential]
        public var order: Order
        public var responses: [Response]
    }

    /// A JSON setting value (strings, numbers, booleans).
    public enum SettingValue: Decodable, Sendable {
        case string(String), number(Double), bool(Bool)
        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let n = try? c.decode(Double.self) { self = .number(n) }
            else { self = .string(try c.decode(String.self)) }
        }
        var json: JSONValue {
            switch self {
            case .string(let s): .string(s)
            case .number(let n): .number(n)
            case .bool(let b): .bool(b)
            }
        }
    }

    public var profile: Profile

    public init(profileFile: URL) throws {
        profile = try JSONDecoder().decode(Profile.self, from: Data(contentsOf: profileFile))
    }

    /// What one run measured.
    public struct Result: Sendable {
        /// Latency of each order placed one after another (includes the host's thread hand-offs).
        public var latency: LatencyStats
        /// Process CPU time (user + system) per order while `concurrency` orders were in flight: the work
        /// one order costs, without the idle time of thread hand-offs.
        public var cpuMicrosPerOrder: Double
        public var concurrency: Int
    }

    /// Places `iterations` orders one after another (after a warm-up), then `iterations` more with
    /// `concurrency` in flight, and returns latencies and CPU cost per order.
    public func measure(library: PluginLibrary, iterations: Int, concurrency: Int = 16) async throws -> Result {
        let latency = try await run(library: library, iterations: iterations)
        let instance = try makeInstance(library)
        let before = processCPUMicros()
        let perTask = max(1, iterations / concurrency)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<concurrency {
                group.addTask {
                    for i in 0..<perTask {
                        let outcome = await instance.placeOrder(venueOrder(clientOrderId: "gwc\(t)x\(i)"))
                        if let failure = outcome.failure { throw BenchmarkError("\(profile.venue) refused: \(failure)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let cpu = processCPUMicros() - before
        await instance.shutdown()
        return Result(latency: latency, cpuMicrosPerOrder: cpu / Double(perTask * concurrency), concurrency: concurrency)
    }

    private func processCPUMicros() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    }

    private func makeInstance(_ library: PluginLibrary) throws -> PluginInstance {
        try makeInstance(library, http: CannedHTTPClient(profile.responses))
    }

    /// An instance of the plugin with the profile's settings and test keys, sending through `http`.
    public func makeInstance(_ library: PluginLibrary, http: any HostHTTPClient) throws -> PluginInstance {
        let keys = KeyStore()
        var handles: [String: KeyHandle] = [:]
        for (name, credential) in profile.credentials {
            guard let kind = KeyKind(named: credential.kind) else { throw BenchmarkError("credential \(name): unknown kind \(credential.kind)") }
            let material: [UInt8]
            if let file = credential.file {
                material = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            } else {
                material = Array((credential.value ?? "").utf8)
            }
            handles[name] = try keys.add(kind: kind, material: material, label: "benchmark \(name)")
        }
        var services = HostServices(keyStore: keys, http: http)
        services.enforceRateLimits = false  // no venue behind it: measure the work, not the token buckets
        return try PluginInstance(library: library, venue: profile.venue, settings: profile.settings.mapValues(\.json),
                                  credentials: handles, services: services)
    }

    /// Places `iterations` orders (after a warm-up) one after another and returns their latencies.
    public func run(library: PluginLibrary, iterations: Int) async throws -> LatencyStats {
        let instance = try makeInstance(library)
        defer { Task { await instance.shutdown() } }
        var stats = LatencyStats()
        let warmUp = min(200, max(10, iterations / 10))
        for i in 0..<(warmUp + iterations) {
            let order = venueOrder(clientOrderId: "gwbench\(i)")
            let t0 = ContinuousClock.now
            let outcome = await instance.placeOrder(order)
            let elapsed = ContinuousClock.now - t0
            if let failure = outcome.failure { throw BenchmarkError("\(profile.venue) refused the benchmark order: \(failure)") }
            if i >= warmUp {
                stats.record(nanoseconds: UInt64(elapsed.components.seconds) * 1_000_000_000
                    + UInt64(elapsed.components.attoseconds / 1_000_000_000))
            }
        }
        return stats
    }

    func venueOrder(clientOrderId: String) -> VenueOrder {
        let o = profile.order
        let tif: gw_time_in_force = switch o.tif ?? "gtc" {
        case "ioc": GW_TIF_IOC
        case "fok": GW_TIF_FOK
        default: GW_TIF_GTC
        }
        return VenueOrder(
            clientOrderId: clientOrderId, market: o.market, side: o.side == "sell" ? GW_SIDE_SELL : GW_SIDE_BUY,
            outcome: o.outcome == "yes" ? GW_OUTCOME_YES : o.outcome == "no" ? GW_OUTCOME_NO : GW_OUTCOME_NONE,
            type: o.type == "market" ? GW_ORDER_MARKET : GW_ORDER_LIMIT, timeInForce: tif, quantity: o.quantity,
            limitPrice: o.price ?? "")
    }
}

/// Answers plugin requests from canned replies, matched by method and path prefix; `{{now_ms}}` in a
/// body becomes the current time and `{{seq}}` a number that grows with each reply.
public struct CannedHTTPClient: HostHTTPClient {
    let responses: [VenueBenchmark.Profile.Response]
    private let sequence = SequenceCounter()

    public init(_ responses: [VenueBenchmark.Profile.Response]) {
        self.responses = responses
    }

    public func send(_ request: HostHTTPRequest) async -> HostHTTPResponse {
        let path = Self.path(of: request.url)
        guard let match = responses.first(where: { $0.method == request.method && path.hasPrefix($0.path) }) else {
            return HostHTTPResponse(statusCode: 404, headers: [], body: Array("no canned reply for \(request.method) \(path)".utf8),
                                    transportStatus: .ok, transportMessage: "", elapsedMicros: 0)
        }
        var body = match.body
        if body.contains("{{now_ms}}") {
            body = body.replacingOccurrences(of: "{{now_ms}}", with: String(Int64(Date().timeIntervalSince1970 * 1000)))
        }
        if body.contains("{{seq}}") {  // a fresh venue order id per reply
            body = body.replacingOccurrences(of: "{{seq}}", with: String(sequence.next()))
        }
        return HostHTTPResponse(statusCode: match.status, headers: [("content-type", "application/json")], body: Array(body.utf8),
                                transportStatus: .ok, transportMessage: "", elapsedMicros: 0)
    }

    /// The path of an absolute URL, without Foundation's URL parser (kept out of the measured work).
    public static func path(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        let path = rest[slash...]
        return String(path.prefix { $0 != "?" })
    }
}

/// A thread-safe counter for canned replies.
final class SequenceCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}

public struct BenchmarkError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension KeyKind {
    init?(named name: String) {
        switch name {
        case "text": self = .text
        case "hmac": self = .hmac
        case "ed25519": self = .ed25519
        case "rsa": self = .rsa
        case "secp256k1": self = .secp256k1
        default: return nil
        }
    }
}
