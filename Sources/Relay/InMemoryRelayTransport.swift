import Foundation
import Synchronization

/// A relay in memory: tests (and the in-process simulator) play the server side.
///
/// Each ``connect(to:events:)`` succeeds unless ``refuseConnections`` is set, records the URL, and
/// makes a ``Peer`` that can push frames, pongs and closes to the client and read what it sent.
public final class InMemoryRelayTransport: RelayTransport, Sendable {
    /// The server end of one in-memory connection.
    public final class Peer: RelayConnection, Sendable {
        public let url: RelayURL
        private let events: @Sendable (RelayTransportEvent) -> Void
        private let state = Mutex<(sent: [String], closed: Bool, pings: Int, answerPings: Bool)>(([], false, 0, true))

        init(url: RelayURL, events: @escaping @Sendable (RelayTransportEvent) -> Void) {
            self.url = url
            self.events = events
        }

        /// Frames the client wrote.
        public var sent: [String] { state.withLock { $0.sent } }
        public var isClosed: Bool { state.withLock { $0.closed } }
        public var pingCount: Int { state.withLock { $0.pings } }
        /// Stop answering pings and stay silent: a half-open socket.
        public func goSilent() { state.withLock { $0.answerPings = false } }

        /// The server sends a text frame.
        public func push(_ text: String) { if !isClosed { events(.text(text)) } }

        /// The server drops the connection.
        public func drop(reason: String = "dropped by test") {
            let wasOpen = state.withLock { s in
                defer { s.closed = true }
                return !s.closed
            }
            if wasOpen { events(.closed(reason: reason)) }
        }

        public func send(_ text: String) async throws(RelayTransportError) {
            let ok = state.withLock { s in
                if s.closed { return false }
                s.sent.append(text)
                return true
            }
            if !ok { throw RelayTransportError("in-memory relay connection is closed") }
        }

        public func sendPing() async {
            let answer = state.withLock { s in
                s.pings += 1
                return s.answerPings && !s.closed
            }
            if answer { events(.pong) }
        }

        public func close() async { drop(reason: "closed by client") }
    }

    private let state = Mutex<(peers: [Peer], refuse: Bool)>(([], false))

    public init() {}

    /// Every connection made so far, oldest first.
    public var peers: [Peer] { state.withLock { $0.peers } }
    public var refuseConnections: Bool {
        get { state.withLock { $0.refuse } }
        set { state.withLock { $0.refuse = newValue } }
    }

    public func connect(to url: RelayURL, events: @escaping @Sendable (RelayTransportEvent) -> Void) async throws(RelayTransportError)
        -> any RelayConnection
    {
        let peer = Peer(url: url, events: events)
        let refused = state.withLock { s in
            if s.refuse { return true }
            s.peers.append(peer)
            return false
        }
        if refused { throw RelayTransportError("connection to \(url.sanitized) refused") }
        return peer
    }
}
