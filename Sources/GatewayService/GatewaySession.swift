import Foundation
import GatewayCore
import GatewayEngine
import Journal
import Logging
import Relay

/// `gateway start`: the relay client wired to the order router.
///
/// Every command from the relay is deduplicated by id, validated by the router (`prepare`, which also
/// applies the pause state), checked by the ``RiskGate``, and only then acknowledged `accepted` and
/// executed; otherwise it is acknowledged `rejected` with the reason code (and an `error` report, as the
/// reference relay expects). Acks and reports go out through one ordered queue into the relay client's
/// outbox, so an ack always precedes its order's updates and nothing is lost across a disconnect.
/// After each (re)connect the session queues a state sync: open orders, positions, venue health.
///
/// With a journal, each command is recorded on arrival and its answer after it is given, so a command
/// answered before a restart is a duplicate after it; a trade's order is journaled *before* the ack; the
/// outbox lives in the journal; and ``recover()`` restores and reconciles before ``run()`` takes commands.
public actor GatewaySession {
    public struct Options: Sendable {
        /// Cancel every open order at shutdown (`--cancel-on-shutdown`).
        public var cancelOnShutdown: Bool
        /// Time allowed for in-flight orders to finish at shutdown.
        public var drainTimeout: Duration
        /// Time allowed to deliver the outbox at shutdown.
        public var flushTimeout: Duration
        public var version: String

        public init(cancelOnShutdown: Bool = false, drainTimeout: Duration = .seconds(10),
                    flushTimeout: Duration = .seconds(5), version: String = "0.1.0") {
            self.cancelOnShutdown = cancelOnShutdown
            self.drainTimeout = drainTimeout
            self.flushTimeout = flushTimeout
            self.version = version
        }
    }

    /// How a session ended.
    public enum Ending: Sendable, Equatable {
        /// Shut down on request (signal): exit 0.
        case shutdown
        /// The pairing was revoked and nothing else runs: exit non-zero.
        case revoked(reason: String)
    }

    /// Hooks for the command line (printing, saving the pairing id); all optional.
    public struct Hooks: Sendable {
        public var report: @Sendable (GatewayReport) -> Void
        public var connected: @Sendable () -> Void
        public var disconnected: @Sendable (String) -> Void
        public var revoked: @Sendable (String) -> Void
        /// The strategy engine's state for the heartbeat (`strategy_status` when not paused, `strategy_metrics`); nil: no engine.
        public var strategy: @Sendable () async -> StrategyHeartbeat?

        public init(report: @escaping @Sendable (GatewayReport) -> Void = { _ in },
                    connected: @escaping @Sendable () -> Void = {},
                    disconnected: @escaping @Sendable (String) -> Void = { _ in },
                    revoked: @escaping @Sendable (String) -> Void = { _ in },
                    strategy: @escaping @Sendable () async -> StrategyHeartbeat? = { nil }) {
            self.report = report
            self.connected = connected
            self.disconnected = disconnected
            self.revoked = revoked
            self.strategy = strategy
        }
    }

    public let router: OrderRouter
    public let venues: VenueSet
    private let client: RelayClient
    private let riskGate: any RiskGate
    private let options: Options
    private let hooks: Hooks
    private let logger: Logger
    private let started = ContinuousClock.now
    private let outbound: AsyncStream<RelayOutbound>.Continuation
    private let pump: Task<Void, Never>
    private var dedup = CommandDeduplicator()
    private var inFlight: [UUID: Task<Void, Never>] = [:]
    private var accepting = true
    private var revokedReason: String?
    private var ending: Ending?
    private var finished = false
    private let journal: (any OrderJournal)?
    private var pollTask: Task<Void, Never>?

    /// - Parameters:
    ///   - relay: how to reach the relay (host, API key, pairing id, intervals).
    ///   - transport: the WebSocket transport, or an in-memory one in tests.
    ///   - outbox: where frames wait while disconnected.
    public init(venues: VenueSet, relay: RelayClient.Configuration, transport: any RelayTransport,
                outbox: (any RelayOutbox)? = nil, journal: (any OrderJournal)? = nil, riskGate: any RiskGate = AllowAllRiskGate(),
                options: Options = Options(), hooks: Hooks = Hooks(), logger: Logger = Logger(label: "gateway.session")) {
        let outbox = outbox ?? journal.map { JournalRelayOutbox(journal: $0) } ?? InMemoryRelayOutbox()
        self.journal = journal
        let (stream, continuation) = AsyncStream.makeStream(of: RelayOutbound.self)
        self.outbound = continuation
        self.venues = venues
        self.riskGate = riskGate
        self.options = options
        self.hooks = hooks
        self.logger = logger
        let report = hooks.report
        self.router = OrderRouter(venues: venues, logger: logger, journal: journal) { gatewayReport in
            report(gatewayReport)
            continuation.yield(.report(gatewayReport))
        }
        let router = self.router
        let version = options.version
        let start = ContinuousClock.now
        let strategy = hooks.strategy
        let client = RelayClient(configuration: relay, transport: transport, outbox: outbox, logger: logger) {
            let engine = await strategy()
            return RelayHeartbeat(uptimeSecs: Int((ContinuousClock.now - start).components.seconds), version: version,
                           strategyStatus: await router.isPaused ? "paused" : engine?.state ?? "disabled",
                           connectedVenues: venues.venues.filter { venues.problems[$0] == nil },
                           openOrders: await router.openOrderCount, openPositions: await router.openPositionCount,
                           strategyMetrics: engine)
        }
        self.client = client
        self.pump = Task {
            for await frame in stream {
                await client.send(frame)
                // The report is in the outbox now (journaled, with a journal): it no longer needs re-sending.
                if let journal, case .report(.orderUpdate(let update)) = frame {
                    try? journal.markReported(gatewayOrderId: update.orderId,
                                              marker: JournaledOrder.reportMarker(state: update.status, filled: update.filledSize))
                }
            }
        }
    }

    public var relay: RelayClient { client }

    /// Before ``run()``: restores orders, positions and the pause state from the journal, queues the
    /// reports a crash kept from the relay, and reconciles with every venue.
    /// - Throws: ``JournalError`` when the journal cannot be read: do not go on.
    public func recover() async throws(JournalError) -> ReconciliationReport {
        try await router.restoreFromJournal()
        for update in try await router.owedOrderUpdates() { outbound.yield(.report(.orderUpdate(update))) }
        return await router.reconcile()
    }

    /// Follows resting orders by polling the venues every `interval` until shutdown (venue events still
    /// arrive as they happen; this catches what a plugin does not push).
    public func startPolling(every interval: Duration) {
        pollTask?.cancel()
        pollTask = Task { [router] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                await router.refreshOpenOrders()
            }
        }
    }

    /// Connects and serves the relay until ``shutdown()`` or revocation.
    public func run() async -> Ending {
        await client.start()
        for await event in client.events {
            switch event {
            case .connected:
                await stateSync()
                hooks.connected()
            case .disconnected(let reason):
                hooks.disconnected(reason)
            case .command(let command):
                await handle(command)
            case .pairingConfirmed:
                break
            case .revoked(let reason):
                revokedReason = reason
                logger.critical("PAIRING REVOKED: trading from the relay is stopped", metadata: ["reason": "\(reason)"])
                hooks.revoked(reason)
                ending = .revoked(reason: reason)
                await shutdown()
            }
        }
        await shutdown()
        return ending ?? .shutdown
    }

    // MARK: Commands

    /// Acknowledges and runs one command (the relay's path; tests may call it directly).
    public func handle(_ command: GatewayCommand) async {
        guard dedup.firstSighting(of: command.id) else {
            ack(command.id, .duplicate)
            return
        }
        if let journal {
            // Recorded before anything is done with it. One answered before a restart is a duplicate; one
            // received but never answered is processed again (its order, if journaled, is a duplicate).
            let entry = JournaledCommand(id: command.id, kind: command.kind, payload: String(describing: command),
                                         receivedAt: Int64(Date().timeIntervalSince1970 * 1000))
            do {
                if let earlier = try journal.recordCommand(entry), earlier.status != .received {
                    return ack(command.id, .duplicate)
                }
            } catch {
                return reject(command.id, "JOURNAL_UNAVAILABLE", "command not executed: it could not be journaled (\(error))")
            }
        }
        if let revokedReason, case .trade = command {
            return reject(command.id, "PAIRING_REVOKED", "pairing revoked (\(revokedReason)); trades are refused")
        }
        guard accepting else {
            return reject(command.id, "GATEWAY_SHUTDOWN", "gateway is shutting down; command not executed")
        }
        switch command {
        case .trade(let trade):
            let prepared: OrderRouter.PreparedOrder
            do { prepared = try await router.prepare(trade) } catch {
                if error.code == "DUPLICATE_COMMAND" { return ack(trade.id, .duplicate) }
                return reject(trade.id, error.code, error.message, venue: error.venue)
            }
            if case .reject(let code, let reason) = await riskGate.evaluate(prepared) {
                return reject(trade.id, code, reason, venue: prepared.order.venue)
            }
            // Journaled before the ack: an accepted order is never forgotten, whatever happens next.
            do { try await router.admit(prepared) } catch {
                // Nothing was sent: give back what the risk gate reserved for it.
                var refused = OrderRecord(order: prepared.order, gatewayOrderId: prepared.gatewayOrderId)
                _ = refused.rejected(error.message)
                await riskGate.completed(prepared, record: refused, router: router)
                if error.code == "DUPLICATE_COMMAND" { return ack(trade.id, .duplicate) }
                return reject(trade.id, error.code, error.message, venue: error.venue)
            }
            ack(trade.id, .accepted, detail: prepared.gatewayOrderId)
            track { [router, riskGate] in
                let record = await router.send(prepared)
                await riskGate.completed(prepared, record: record, router: router)
            }
        case .cancel(let id, let orderId):
            guard let record = await router.order(gatewayOrderId: orderId) else {
                return reject(id, "ORDER_NOT_FOUND", "Order not found: \(orderId)")
            }
            guard !record.state.isTerminal else {
                return reject(id, "ORDER_NOT_OPEN", "Order \(orderId) is already \(record.state.rawValue)", venue: record.order.venue)
            }
            ack(id, .accepted)
            track { [router] in await router.handle(command) }
        case .cancelAll(let id):
            ack(id, .accepted)
            track { [router] in await router.handle(command) }
        case .pause(let id), .resume(let id):
            if case .rejected(let code, let message) = await router.handle(command) {
                return reject(id, code, message)
            }
            ack(id, .accepted)
            logger.notice(command == .pause(id: id) ? "trading paused by the relay" : "trading resumed by the relay")
        }
    }

    /// Queues a report from outside the relay path (the strategy runner's errors) for the relay.
    public func report(_ report: GatewayReport) {
        outbound.yield(.report(report))
    }

    private func ack(_ id: String, _ status: CommandAck.Status, detail: String? = nil) {
        if status == .accepted { try? journal?.completeCommand(id: id, status: .accepted, detail: detail) }
        outbound.yield(.commandAck(CommandAck(commandId: id, status: status)))
    }

    private func reject(_ id: String, _ code: String, _ reason: String, venue: String? = nil) {
        try? journal?.completeCommand(id: id, status: .rejected, detail: code)
        outbound.yield(.commandAck(CommandAck(commandId: id, status: .rejected, code: code, reason: reason)))
        let report = GatewayErrorReport(code: code, message: reason, venue: venue, commandId: id)
        hooks.report(.error(report))
        outbound.yield(.report(.error(report)))
    }

    private func track(_ work: @escaping @Sendable () async -> Void) {
        let key = UUID()
        inFlight[key] = Task {
            await work()
            self.finishedTask(key)
        }
    }

    private func finishedTask(_ key: UUID) { inFlight[key] = nil }

    /// Commands still executing.
    public var inFlightCount: Int { inFlight.count }

    // MARK: State sync

    private func stateSync() async {
        for update in await router.openOrderUpdates() { outbound.yield(.report(.orderUpdate(update))) }
        for position in await router.positionReports() { outbound.yield(.report(.position(position))) }
        for (venue, problem) in venues.problems.sorted(by: { $0.key < $1.key }) {
            outbound.yield(.report(.error(GatewayErrorReport(code: "VENUE_UNHEALTHY",
                                                             message: "\(venue) is not healthy at state sync time: \(problem)",
                                                             venue: venue, commandId: nil))))
        }
    }

    // MARK: Shutdown

    /// Graceful shutdown: stop taking commands, wait for in-flight orders, cancel if asked, flush the outbox.
    public func shutdown() async {
        guard !finished else { return }
        finished = true
        accepting = false
        pollTask?.cancel()
        let deadline = ContinuousClock.now + options.drainTimeout
        while !inFlight.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if !inFlight.isEmpty {
            logger.warning("shutdown: orders still in flight after the drain timeout", metadata: ["count": "\(inFlight.count)"])
        }
        if options.cancelOnShutdown {
            logger.notice("shutdown: cancelling every open order")
            await router.handle(.cancelAll(id: "gateway-shutdown-cancel-all"))
        }
        let reason = revokedReason.map { "Gateway stopping: pairing revoked (\($0))" } ?? "Gateway shutting down gracefully"
        outbound.yield(.report(.error(GatewayErrorReport(code: "GATEWAY_SHUTDOWN", message: reason, venue: nil, commandId: nil))))
        outbound.finish()
        await pump.value
        let left = await client.drain(timeout: options.flushTimeout)
        if left > 0 { logger.warning("shutdown: frames not delivered to the relay", metadata: ["count": "\(left)"]) }
        await client.stop()
        await venues.shutdown()
    }
}
