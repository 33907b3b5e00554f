import Foundation
import GatewayCrypto
import Logging
import VenueKit

/// Everything the host lends its plugin instances: the key store, the network, clocks and logging.
public struct HostServices: Sendable {
    public var keyStore: KeyStore
    public var http: any HostHTTPClient
    public var clock: any HostClock
    public var logger: Logger
    /// How long the host waits for an operation's completion before resolving it as outcome-unknown.
    public var operationTimeout: Duration
    /// Default timeout of plugin HTTP requests that give none.
    public var httpTimeout: Duration
    /// Whether the plugins' declared rate limits are enforced (off only for benchmarks without a venue).
    public var enforceRateLimits = true

    public init(keyStore: KeyStore = KeyStore(), http: any HostHTTPClient = AsyncHTTPHostClient(),
                clock: any HostClock = SystemHostClock(), logger: Logger = Logger(label: "gateway.plugins"),
                operationTimeout: Duration = .seconds(30), httpTimeout: Duration = .seconds(10)) {
        self.keyStore = keyStore
        self.http = http
        self.clock = clock
        self.logger = logger
        self.operationTimeout = operationTimeout
        self.httpTimeout = httpTimeout
    }
}

/// The clocks plugins read through the host (so tests and replays can control time).
public protocol HostClock: Sendable {
    var nowUnixNs: Int64 { get }
    var monotonicNs: UInt64 { get }
}

/// The real clocks.
public struct SystemHostClock: HostClock {
    public init() {}

    public var nowUnixNs: Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    public var monotonicNs: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// Something a plugin instance reported later, outside any operation.
public enum VenueEvent: Sendable, Equatable {
    case orderUpdate(VenueOrderReport)
    case fill(VenueFill)
    case status(String)
}
