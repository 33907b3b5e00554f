/// The relay connection's logic as a value: every input returns the actions the driver must perform.
///
/// No I/O, no timers, no clock: time comes in as `now` (a monotonic offset), so tests drive it with
/// any instants they like (see STYLE.md §5). ``RelayClient`` owns one and performs its actions over a
/// ``RelayTransport``.
///
/// States: `idle` → `connecting` → (`awaitingPairing` | `connected`) → `waiting` (backoff) →
/// `connecting` …; `revoked` and `stopped` are final. Liveness: a ping goes out every
/// ``Configuration/pingInterval``; when nothing (frame or pong) has been heard for
/// ``Configuration/livenessTimeout`` the connection is declared dead and replaced, so a half-open
/// socket is noticed within that timeout.
public struct RelayClientStateMachine: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var heartbeatInterval: Duration
        public var pingInterval: Duration
        public var livenessTimeout: Duration
        /// A connection attempt that has not opened by then counts as failed.
        public var connectTimeout: Duration
        public var backoff: RelayBackoff
        /// Seed of the jitter generator.
        public var seed: UInt64

        public init(heartbeatInterval: Duration = .seconds(15), pingInterval: Duration = .seconds(10),
                    livenessTimeout: Duration = .seconds(25), connectTimeout: Duration = .seconds(15),
                    backoff: RelayBackoff = RelayBackoff(), seed: UInt64 = UInt64.random(in: 0...UInt64.max)) {
            self.connectTimeout = connectTimeout
            self.heartbeatInterval = heartbeatInterval
            self.pingInterval = pingInterval
            self.livenessTimeout = livenessTimeout
            self.backoff = backoff
            self.seed = seed
        }
    }

    public enum State: Sendable, Equatable {
        case idle
        case connecting(generation: Int)
        case awaitingPairing(generation: Int)
        case connected(generation: Int)
        /// Waiting for the reconnect time after a failure.
        case waiting(until: Duration)
        case revoked
        case stopped
    }

    public enum Action: Sendable, Equatable {
        /// Open connection number `generation` with this pairing.
        case connect(RelayURL.Pairing, generation: Int)
        /// Close connection `generation` (half-open, revoked or stopping).
        case close(generation: Int, reason: String)
        case sendHeartbeat
        case sendPing
        /// Deliver the outbox (the connection is now usable).
        case flushOutbox
        /// The relay is connected (again): send open orders, positions and venue health.
        case connected
        /// The connection is gone; `retryIn` is the backoff before the next attempt.
        case disconnected(reason: String, retryIn: Duration)
        case deliver(RelayInbound)
        /// Answer a refused frame with an `error` report.
        case reportInvalid(RelayDecodeError)
        /// Save the new pairing id.
        case pairingConfirmed(String)
        /// Stop trading from this relay, forget the pairing id, tell the user.
        case revoked(reason: String)
        /// A frame that cannot be acted on now (logged).
        case ignored(String)
    }

    public private(set) var state: State = .idle
    public private(set) var pairing: RelayURL.Pairing
    public let configuration: Configuration
    private var generation = 0
    private var failures = 0
    private var lastHeard: Duration = .zero
    private var lastPing: Duration = .zero
    private var nextHeartbeat: Duration = .zero
    private var connectStarted: Duration = .zero
    private var random: RelayRandom

    public init(pairing: RelayURL.Pairing, configuration: Configuration = Configuration()) {
        self.pairing = pairing
        self.configuration = configuration
        self.random = RelayRandom(seed: configuration.seed)
    }

    /// The current connection number (events from older connections are ignored).
    public var currentGeneration: Int { generation }

    public var isConnected: Bool {
        if case .connected = state { return true }
        return false
    }

    /// Consecutive failed attempts since the last successful connection.
    public var consecutiveFailures: Int { failures }

    // MARK: Inputs

    public mutating func start(now: Duration) -> [Action] {
        guard case .idle = state else { return [] }
        return connect(now: now)
    }

    /// Connection `generation` is open.
    public mutating func opened(generation g: Int, now: Duration) -> [Action] {
        guard case .connecting(let current) = state, current == g else { return [] }
        lastHeard = now
        lastPing = now
        switch pairing {
        case .pairingCode:
            state = .awaitingPairing(generation: g)
            return []
        case .pairingId:
            // The reference treats an open socket with a pairing id as connected (the relay closes it otherwise).
            return becomeConnected(generation: g, now: now)
        }
    }

    /// Connection `generation` could not be opened, or was closed by the peer.
    public mutating func closed(generation g: Int, now: Duration, reason: String) -> [Action] {
        switch state {
        case .connecting(let current), .awaitingPairing(let current), .connected(let current):
            guard current == g else { return [] }
            return scheduleReconnect(now: now, reason: reason)
        default:
            return []
        }
    }

    /// A text frame arrived on connection `generation`.
    public mutating func received(_ text: String, generation g: Int, now: Duration) -> [Action] {
        let live: Bool
        switch state {
        case .awaitingPairing(let current), .connected(let current): live = current == g
        default: live = false
        }
        guard live else { return [.ignored("frame on a connection that is no longer current")] }
        lastHeard = now
        let inbound: RelayInbound
        do { inbound = try RelayDecoder.decode(text) } catch {
            return isConnected ? [.reportInvalid(error)] : [.ignored("invalid frame before pairing: \(error)")]
        }
        switch inbound {
        case .pairingConfirmed(let id, _):
            pairing = .pairingId(id)
            var actions: [Action] = [.pairingConfirmed(id)]
            if case .awaitingPairing = state { actions += becomeConnected(generation: g, now: now) }
            return actions
        case .pairingRevoked(_, let reason):
            state = .revoked
            return [.close(generation: g, reason: "pairing revoked"), .revoked(reason: reason ?? "no reason given")]
        case .command(let command):
            guard isConnected else { return [.ignored("command \(command.id) before pairing was confirmed")] }
            return [.deliver(inbound)]
        }
    }

    /// A pong arrived on connection `generation`.
    public mutating func pong(generation g: Int, now: Duration) -> [Action] {
        switch state {
        case .awaitingPairing(let current), .connected(let current):
            if current == g { lastHeard = now }
        default: break
        }
        return []
    }

    /// Time passed: heartbeats, pings, liveness and reconnect deadlines.
    public mutating func tick(now: Duration) -> [Action] {
        switch state {
        case .waiting(let until):
            return now >= until ? connect(now: now) : []
        case .connecting(let g):
            guard now - connectStarted >= configuration.connectTimeout else { return [] }
            let reason = "connection attempt did not open within \(configuration.connectTimeout.milliseconds) ms"
            return [.close(generation: g, reason: reason)] + scheduleReconnect(now: now, reason: reason)
        case .awaitingPairing(let g), .connected(let g):
            if now - lastHeard >= configuration.livenessTimeout {
                let silent = now - lastHeard
                let reason = "no frame or pong from the relay for \(silent.milliseconds) ms (connection presumed dead)"
                return [.close(generation: g, reason: reason)] + scheduleReconnect(now: now, reason: reason)
            }
            var actions: [Action] = []
            if now - lastPing >= configuration.pingInterval {
                lastPing = now
                actions.append(.sendPing)
            }
            if isConnected, now >= nextHeartbeat {
                nextHeartbeat = now + configuration.heartbeatInterval
                actions.append(.sendHeartbeat)
            }
            return actions
        default:
            return []
        }
    }

    /// Stops for good (shutdown): closes the connection, no reconnect.
    public mutating func stop() -> [Action] {
        defer { state = .stopped }
        switch state {
        case .connecting(let g), .awaitingPairing(let g), .connected(let g):
            return [.close(generation: g, reason: "gateway shutting down")]
        default:
            return []
        }
    }

    // MARK: Transitions

    private mutating func connect(now: Duration) -> [Action] {
        generation += 1
        connectStarted = now
        state = .connecting(generation: generation)
        return [.connect(pairing, generation: generation)]
    }

    private mutating func becomeConnected(generation g: Int, now: Duration) -> [Action] {
        state = .connected(generation: g)
        failures = 0
        nextHeartbeat = now + configuration.heartbeatInterval
        return [.flushOutbox, .connected, .sendHeartbeat]
    }

    private mutating func scheduleReconnect(now: Duration, reason: String) -> [Action] {
        let delay = configuration.backoff.delay(attempt: failures, unit: random.nextUnit())
        failures += 1
        state = .waiting(until: now + delay)
        return [.disconnected(reason: reason, retryIn: delay)]
    }
}

extension Duration {
    /// Whole milliseconds, for messages.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
