import Foundation
import GatewayEngine
import Logging

/// The relay connection: performs ``RelayClientStateMachine``'s actions over a ``RelayTransport``.
///
/// Outbound acknowledgements and reports go through ``send(_:)`` into the ``RelayOutbox`` and are
/// delivered in order whenever the relay is connected, so nothing produced while disconnected is lost.
/// Heartbeats are built by the `heartbeat` closure at send time (honest counts) and never queued.
/// Everything the gateway must act on comes out of ``events`` in arrival order.
///
/// - Important: the API key is only in the URL handed to the transport; logs use the sanitised URL.
public actor RelayClient {
    public struct Configuration: Sendable {
        /// `PUMPAMP_HOST`.
        public var host: String
        /// `PUMPAMP_API_KEY` (kept out of every log line).
        public var apiKey: String
        public var pairing: RelayURL.Pairing
        public var machine: RelayClientStateMachine.Configuration
        /// How often deadlines are checked (tests use a few milliseconds).
        public var tickInterval: Duration

        public init(host: String, apiKey: String, pairing: RelayURL.Pairing,
                    machine: RelayClientStateMachine.Configuration = .init(), tickInterval: Duration = .milliseconds(250)) {
            self.host = host
            self.apiKey = apiKey
            self.pairing = pairing
            self.machine = machine
            self.tickInterval = tickInterval
        }
    }

    public typealias HeartbeatProvider = @Sendable () async -> RelayHeartbeat

    public nonisolated let events: AsyncStream<RelayEvent>
    private let eventSink: AsyncStream<RelayEvent>.Continuation
    private let transportEvents: AsyncStream<(Int, RelayTransportEvent)>
    private let transportSink: AsyncStream<(Int, RelayTransportEvent)>.Continuation

    private let configuration: Configuration
    private let transport: any RelayTransport
    private let outbox: any RelayOutbox
    private let heartbeat: HeartbeatProvider
    private let logger: Logger
    private let origin = ContinuousClock.now
    private var machine: RelayClientStateMachine
    private var connection: (generation: Int, link: any RelayConnection)?
    private var flushing = false
    private var flushAgain = false
    private var tasks: [Task<Void, Never>] = []
    private var framesSent = 0
    /// Events of the connection being opened that arrived before `connect` returned (a relay may send
    /// `pairing_confirmed` or a command at once); replayed in order right after it opens.
    private var early: [(Int, RelayTransportEvent)] = []

    public init(configuration: Configuration, transport: any RelayTransport, outbox: any RelayOutbox = InMemoryRelayOutbox(),
                logger: Logger = Logger(label: "gateway.relay"), heartbeat: @escaping HeartbeatProvider) {
        self.configuration = configuration
        self.transport = transport
        self.outbox = outbox
        self.logger = logger
        self.heartbeat = heartbeat
        self.machine = RelayClientStateMachine(pairing: configuration.pairing, configuration: configuration.machine)
        (events, eventSink) = AsyncStream.makeStream(of: RelayEvent.self)
        (transportEvents, transportSink) = AsyncStream.makeStream(of: (Int, RelayTransportEvent).self)
    }

    private var now: Duration { ContinuousClock.now - origin }

    /// Connects, and keeps connecting until ``stop()`` or revocation.
    public func start() {
        guard tasks.isEmpty else { return }
        let events = transportEvents
        tasks.append(Task { [weak self] in
            for await (generation, event) in events {
                await self?.transportEvent(generation: generation, event)
            }
        })
        let interval = configuration.tickInterval
        tasks.append(Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await self?.tick()
            }
        })
        perform(machine.start(now: now))
    }

    public var state: RelayClientStateMachine.State { machine.state }
    public var isConnected: Bool { machine.isConnected }
    /// The pairing in use (a pairing id once confirmed).
    public var pairing: RelayURL.Pairing { machine.pairing }
    /// Frames written to the relay so far.
    public var sentFrameCount: Int { framesSent }

    /// Queues an acknowledgement or report; it is delivered in order once the relay is connected.
    /// A heartbeat is sent only if connected right now.
    public func send(_ frame: RelayOutbound) async {
        let text = RelayEncoder.encode(frame)
        guard frame.isQueued else {
            if let connection, machine.isConnected { await write(text, on: connection) }
            return
        }
        await outbox.append(text)
        if machine.isConnected { await flush() }
    }

    /// Frames waiting in the outbox.
    public func pendingCount() async -> Int { await outbox.count() }

    /// Delivers what the outbox holds (if connected), waiting at most `timeout`; returns what is left.
    @discardableResult
    public func drain(timeout: Duration) async -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            switch machine.state {
            case .revoked, .stopped: return await outbox.count()
            default: break
            }
            if machine.isConnected { await flush() }
            let left = await outbox.count()
            if left == 0 { return 0 }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return await outbox.count()
    }

    /// Closes the connection for good.
    public func stop() async {
        let actions = machine.stop()
        perform(actions)
        if let connection { await connection.link.close() }
        connection = nil
        for task in tasks { task.cancel() }
        tasks.removeAll()
        transportSink.finish()
        eventSink.finish()
    }

    // MARK: Driving the machine

    private func tick() {
        perform(machine.tick(now: now))
    }

    private func transportEvent(generation: Int, _ event: RelayTransportEvent) {
        if case .connecting(let opening) = machine.state, opening == generation, connection?.generation != generation {
            early.append((generation, event))
            return
        }
        switch event {
        case .text(let text): perform(machine.received(text, generation: generation, now: now))
        case .pong: perform(machine.pong(generation: generation, now: now))
        case .closed(let reason):
            if connection?.generation == generation { connection = nil }
            perform(machine.closed(generation: generation, now: now, reason: reason))
        }
    }

    private func perform(_ actions: [RelayClientStateMachine.Action]) {
        for action in actions {
            switch action {
            case .connect(let pairing, let generation):
                let url = RelayURL(host: configuration.host, apiKey: configuration.apiKey, pairing: pairing)
                logger.info("connecting to relay", metadata: ["url": "\(url.sanitized)", "attempt": "\(generation)"])
                Task { await self.open(url, generation: generation) }
            case .close(let generation, let reason):
                logger.info("closing relay connection", metadata: ["reason": "\(reason)"])
                if let connection, connection.generation == generation {
                    self.connection = nil
                    Task { await connection.link.close() }
                }
            case .sendHeartbeat:
                Task { await self.sendHeartbeat() }
            case .sendPing:
                if let connection { Task { await connection.link.sendPing() } }
            case .flushOutbox:
                Task { await self.flush() }
            case .connected:
                logger.notice("relay connected")
                eventSink.yield(.connected)
            case .disconnected(let reason, let retryIn):
                logger.warning("relay disconnected", metadata: ["reason": "\(RelayURL.sanitize(reason))",
                                                               "retry_in_ms": "\(retryIn.milliseconds)"])
                eventSink.yield(.disconnected(reason: reason))
            case .deliver(.command(let command)):
                eventSink.yield(.command(command))
            case .deliver:
                break
            case .reportInvalid(let error):
                logger.warning("refused relay frame", metadata: ["code": "\(error.code)", "problem": "\(error.message)"])
                let report = GatewayErrorReport(code: error.code, message: error.message, venue: nil, commandId: error.commandId)
                Task { await self.send(.report(.error(report))) }
            case .pairingConfirmed(let id):
                logger.notice("pairing confirmed")
                eventSink.yield(.pairingConfirmed(id))
            case .revoked(let reason):
                logger.critical("relay pairing revoked", metadata: ["reason": "\(reason)"])
                eventSink.yield(.revoked(reason: reason))
            case .ignored(let why):
                logger.warning("ignored relay frame", metadata: ["why": "\(why)"])
            }
        }
    }

    private func open(_ url: RelayURL, generation: Int) async {
        let sink = transportSink
        do {
            let link = try await transport.connect(to: url) { event in sink.yield((generation, event)) }
            guard machine.currentGeneration == generation, case .connecting = machine.state else {
                await link.close()
                return
            }
            connection = (generation, link)
            perform(machine.opened(generation: generation, now: now))
            let replay = early.filter { $0.0 == generation }
            early.removeAll()
            for (g, event) in replay { transportEvent(generation: g, event) }
        } catch {
            early.removeAll { $0.0 == generation }
            perform(machine.closed(generation: generation, now: now, reason: RelayURL.sanitize(error.message)))
        }
    }

    private func sendHeartbeat() async {
        guard let connection, machine.isConnected else { return }
        let beat = await heartbeat()
        await write(RelayEncoder.encode(.heartbeat(beat)), on: connection)
    }

    private func flush() async {
        flushAgain = true
        guard !flushing else { return }
        flushing = true
        defer { flushing = false }
        while let connection, machine.isConnected {
            flushAgain = false
            let batch = await outbox.peek(limit: 64)
            if batch.isEmpty {
                if flushAgain { continue }
                return
            }
            for text in batch {
                guard await write(text, on: connection) else { return }
                await outbox.removeFirst(1)
            }
        }
    }

    @discardableResult
    private func write(_ text: String, on connection: (generation: Int, link: any RelayConnection)) async -> Bool {
        do {
            try await connection.link.send(text)
            framesSent += 1
            return true
        } catch {
            logger.warning("relay write failed", metadata: ["reason": "\(RelayURL.sanitize(error.message))"])
            return false
        }
    }
}
