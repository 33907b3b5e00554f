import Foundation
import GatewayEngine
import PluginHost
import Relay
import Synchronization

/// Measures the time from a `trade` frame arriving from the relay to the venue request leaving the host.
///
/// The relay is in memory (``InMemoryRelayTransport``): each frame is pushed as the WebSocket would
/// deliver it, then decoded, deduplicated, validated, risk-checked, acknowledged and routed to the venue
/// plugin exactly as in `gateway start`. The clock stops when the plugin hands its signed request to the
/// host's HTTP client (``StampingHTTPClient``), which answers from canned replies: no network.
public struct RelayBenchmark: Sendable {
    public struct Result: Sendable {
        public var latency: LatencyStats
        public var commandsPerSecond: Double
    }

    public let venues: VenueSet
    public let venue: String
    public let market: String
    public let stamps: StampingHTTPClient

    public init(venues: VenueSet, venue: String, market: String, stamps: StampingHTTPClient) {
        self.venues = venues
        self.venue = venue
        self.market = market
        self.stamps = stamps
    }

    /// Sends `count` trades one at a time (latency), then `count` more back to back (throughput).
    public func run(count: Int, side: String = "buy", size: String = "0.001", limit: String = "60000") async throws -> Result {
        let transport = InMemoryRelayTransport()
        let relay = RelayClient.Configuration(host: "127.0.0.1:9", apiKey: "pa_bench_key", pairing: .pairingId("bench"))
        let session = GatewaySession(venues: venues, relay: relay, transport: transport)
        let running = Task { await session.run() }
        defer { running.cancel() }
        while transport.peers.isEmpty { try await Task.sleep(for: .milliseconds(1)) }
        let peer = transport.peers[0]
        func frame(_ i: Int, _ prefix: String) -> String {
            #"{"type":"trade","id":"\#(prefix)-\#(i)","market_id":"\#(venue):\#(market)","venue":"\#(venue)","side":"\#(side)","action":"\#(side)","size":\#(size),"order_type":"limit","limit_price":\#(limit)}"#
        }
        var latency = LatencyStats()
        let warmUp = min(500, max(20, count / 10))
        for i in 0..<(warmUp + count) {
            let before = stamps.count
            let t0 = ContinuousClock.now
            peer.push(frame(i, "lat"))
            var spins = 0
            while stamps.count == before {
                spins += 1
                if spins > 2_000_000 { throw BenchmarkError("no venue request for frame \(i) (was it rejected? see the relay's error reports)") }
                await Task.yield()
            }
            if i >= warmUp, let stamp = stamps.lastStamp {
                let elapsed = stamp - t0
                latency.record(nanoseconds: UInt64(elapsed.components.seconds) * 1_000_000_000
                    + UInt64(elapsed.components.attoseconds / 1_000_000_000))
            }
        }
        let before = stamps.count
        let t0 = ContinuousClock.now
        for i in 0..<count { peer.push(frame(i, "tput")) }
        while stamps.count < before + count {
            if ContinuousClock.now - t0 > .seconds(120) { throw BenchmarkError("throughput run did not finish in 120 s") }
            try await Task.sleep(for: .microseconds(200))
        }
        let elapsed = ContinuousClock.now - t0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        await session.shutdown()
        return Result(latency: latency, commandsPerSecond: Double(count) / seconds)
    }
}

/// Answers from canned replies (see ``CannedHTTPClient``) and stamps the moment each request left the host.
public final class StampingHTTPClient: HostHTTPClient, Sendable {
    private let canned: CannedHTTPClient
    private let state = Mutex<(count: Int, last: ContinuousClock.Instant?)>((0, nil))
    /// Only requests whose path starts with this are stamped (the order endpoint).
    private let stampedPath: String

    public init(_ canned: CannedHTTPClient, stampedPath: String) {
        self.canned = canned
        self.stampedPath = stampedPath
    }

    public var count: Int { state.withLock { $0.count } }
    public var lastStamp: ContinuousClock.Instant? { state.withLock { $0.last } }

    public func send(_ request: HostHTTPRequest) async -> HostHTTPResponse {
        if CannedHTTPClient.path(of: request.url).hasPrefix(stampedPath) {
            let now = ContinuousClock.now
            state.withLock { $0 = ($0.count + 1, now) }
        }
        return await canned.send(request)
    }
}
