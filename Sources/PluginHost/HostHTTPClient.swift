import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import VenueKit

/// An HTTP request the host sends for a plugin, with header values already resolved from the key store.
public struct HostHTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    /// Names of headers whose value came from the key store (logged as `<redacted>`).
    public var secretHeaderNames: Set<String>
    public var body: [UInt8]
    public var timeout: Duration
    public var idempotent: Bool
}

/// The reply (or transport failure) handed back to the plugin.
public struct HostHTTPResponse: Sendable {
    public var statusCode: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// `.ok` when a status line arrived; otherwise `.venueUnavailable` (certainly not delivered) or
    /// `.outcomeUnknown` (may have been delivered).
    public var transportStatus: VenueStatus
    public var transportMessage: String
    public var elapsedMicros: UInt64

    public init(statusCode: Int, headers: [(name: String, value: String)], body: [UInt8], transportStatus: VenueStatus,
                transportMessage: String, elapsedMicros: UInt64) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.transportStatus = transportStatus
        self.transportMessage = transportMessage
        self.elapsedMicros = elapsedMicros
    }

    public static func failure(_ status: VenueStatus, _ message: String, elapsedMicros: UInt64 = 0) -> HostHTTPResponse {
        HostHTTPResponse(statusCode: 0, headers: [], body: [], transportStatus: status, transportMessage: message,
                         elapsedMicros: elapsedMicros)
    }
}

/// Performs plugin HTTP requests. The seam lets tests and simulations replace the network.
public protocol HostHTTPClient: Sendable {
    func send(_ request: HostHTTPRequest) async -> HostHTTPResponse
}

/// The production client: AsyncHTTPClient with connection pooling and per-request timeouts.
///
/// Transport failures are classified for exactly-once handling: a failure to connect means the
/// request certainly did not reach the venue; a timeout or a dropped connection after the request
/// was written means it may have.
public final class AsyncHTTPHostClient: HostHTTPClient {
    private let client: HTTPClient

    /// The process-wide client for plugin traffic: pooled connections, a 3 s connect timeout (a refused or
    /// unreachable venue is reported quickly, as certainly-not-sent), never shut down.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(3))
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public init(client: HTTPClient = AsyncHTTPHostClient.sharedClient) {
        self.client = client
    }

    public func send(_ request: HostHTTPRequest) async -> HostHTTPResponse {
        let started = ContinuousClock.now
        func elapsed() -> UInt64 {
            let d = ContinuousClock.now - started
            return UInt64(max(0, d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000))
        }
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let response = try await client.execute(outgoing, timeout: .nanoseconds(Int64(request.timeout.components.seconds * 1_000_000_000
                + request.timeout.components.attoseconds / 1_000_000_000)))
            let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
            return HostHTTPResponse(
                statusCode: Int(response.status.code),
                headers: response.headers.map { (name: $0.name.lowercased(), value: $0.value) },
                body: Array(buffer: body), transportStatus: .ok, transportMessage: "", elapsedMicros: elapsed())
        } catch {
            return .failure(Self.classify(error), "\(request.method) \(Self.redactedURL(request.url)): \(error)",
                            elapsedMicros: elapsed())
        }
    }

    /// Whether a failed request may have reached the venue.
    static func classify(_ error: any Error) -> VenueStatus {
        if let error = error as? HTTPClientError {
            let neverSent: [HTTPClientError] = [.connectTimeout, .tlsHandshakeTimeout, .alreadyShutdown,
                                                .getConnectionFromPoolTimeout, .invalidURL, .emptyHost]
            return neverSent.contains(error) ? .venueUnavailable : .outcomeUnknown
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return .venueUnavailable }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("NIOConnectionError") {
            return .venueUnavailable
        }
        return .outcomeUnknown
    }

    /// The URL without its query string (which may carry signatures or API keys).
    static func redactedURL(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }
}
