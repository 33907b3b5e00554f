/// Opens connections to the relay. The WebSocket implementation is ``WebSocketRelayTransport``; tests
/// and the in-process simulator use ``InMemoryRelayTransport``.
public protocol RelayTransport: Sendable {
    /// Opens one connection; `events` receives everything the peer sends until `.closed`, exactly once.
    ///
    /// - Parameter url: the full URL, including the API key: never log it (use `url.sanitized`).
    /// - Throws: ``RelayTransportError`` when the connection cannot be opened. Its message must not
    ///   contain the URL's query.
    func connect(to url: RelayURL, events: @escaping @Sendable (RelayTransportEvent) -> Void) async throws(RelayTransportError)
        -> any RelayConnection
}

/// One open connection to the relay.
public protocol RelayConnection: Sendable {
    /// Writes a text frame; throws when the connection is gone.
    func send(_ text: String) async throws(RelayTransportError)
    /// Sends a WebSocket ping; the pong comes back as ``RelayTransportEvent/pong``.
    func sendPing() async
    /// Closes the connection; `.closed` follows.
    func close() async
}

/// What a connection reports.
public enum RelayTransportEvent: Sendable, Equatable {
    case text(String)
    case pong
    case closed(reason: String)
}

/// A connection could not be opened or written to.
public struct RelayTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed, with the sanitised URL only.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
