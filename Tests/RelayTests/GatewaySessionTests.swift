import Foundation
import GatewayEngine
import GatewayService
import GatewayTesting
import Logging
import PluginHost
import Relay
import Synchronization
import Testing

/// `gateway start`'s session against a loopback WebSocket relay that speaks the wire protocol, with the
/// paper plugin behind the real router. Intervals are shortened; nothing waits for real 15/30 s timers.
@Suite(.serialized) struct GatewaySessionTests {
    static let apiKey = "pa_live_SENTINEL_API_KEY_0123456789"

    struct Harness {
        let server: LoopbackRelayServer
        let session: GatewaySession
        let run: Task<GatewaySession.Ending, Never>
        let logs: LogCapture

        func stop() async {
            await session.shutdown()
            _ = await run.value
            await server.shutdown()
        }
    }

    static func venues(latencyMs: Int = 0) throws -> VenueSet {
        let folder = try FixtureBuilder.temporaryDirectory()
        try Data(#"{"name":"paper","library":"libPaper.so"}"#.utf8).write(to: folder.appendingPathComponent("paper.json"))
        let catalog = try PluginLoader.load(directory: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path])
        return try VenueSet.simulated(venues: ["kalshi", "binance"], catalog: catalog, services: HostServices(),
                                      paperSettings: ["fill_rate": .number(1), "latency_ms": .number(Double(latencyMs)),
                                                      "partial_fill_rate": .number(0), "seed": .number(3)])
    }

    static func machine(ping: Int = 1000, liveness: Int = 3000, heartbeat: Int = 200) -> RelayClientStateMachine.Configuration {
        .init(heartbeatInterval: .milliseconds(heartbeat), pingInterval: .milliseconds(ping), livenessTimeout: .milliseconds(liveness),
              connectTimeout: .seconds(1), backoff: RelayBackoff(initial: .milliseconds(50), maximum: .milliseconds(200)), seed: 1)
    }

    static func start(venues: VenueSet? = nil, machine: RelayClientStateMachine.Configuration = machine(),
                      options: GatewaySession.Options = .init(drainTimeout: .seconds(5), flushTimeout: .seconds(2)),
                      hooks: GatewaySession.Hooks = .init()) async throws -> Harness {
        let server = try await LoopbackRelayServer()
        let logs = LogCapture()
        let relay = RelayClient.Configuration(host: server.host, apiKey: apiKey, pairing: .pairingId("pair_001"), machine: machine,
                                              tickInterval: .milliseconds(10))
        let session = GatewaySession(venues: try venues ?? Self.venues(), relay: relay, transport: WebSocketRelayTransport(),
                                     options: options, hooks: hooks, logger: logs.logger)
        let run = Task { await session.run() }
        #expect(await server.wait { !$0.connections.isEmpty })
        return Harness(server: server, session: session, run: run, logs: logs)
    }

    /// A marketable order (fills at once on paper) or, with `limit`, a resting limit order.
    static func trade(_ id: String, market: String = "kalshi:KXTEST", size: Int = 2, limit: Double? = nil) -> [String: Any] {
        var frame: [String: Any] = ["type": "trade", "id": id, "market_id": market, "venue": String(market.split(separator: ":")[0]),
                                    "side": "yes", "action": "buy", "size": size, "order_type": limit == nil ? "market" : "limit"]
        if let limit { frame["limit_price"] = limit }
        return frame
    }

    static func ack(_ server: LoopbackRelayServer, _ id: String) -> [String: Any]? {
        server.messages(ofType: "command_ack").first { $0["command_id"] as? String == id }
    }

    @Test func connectsWithPairingIdAndSendsHeartbeats() async throws {
        let h = try await Self.start()
        let query = try #require(h.server.connections.first?.query)
        #expect(query["pairing_id"] == "pair_001" && query["pairing_code"] == nil)
        #expect(await h.server.wait { $0.messages(ofType: "heartbeat").count >= 2 })
        let beat = try #require(h.server.messages(ofType: "heartbeat").first)
        #expect(beat["version"] as? String == "0.1.0")
        #expect(beat["connected_venues"] as? [String] == ["binance", "kalshi"])
        #expect(beat["open_orders"] as? Int == 0)
        #expect(beat["strategy_status"] as? String == "disabled")
        await h.stop()
    }

    @Test func tradeIsAcceptedOnlyAfterValidationThenFilled() async throws {
        let h = try await Self.start()
        h.server.send(json: Self.trade("cmd-1"))
        #expect(await h.server.wait { $0.messages(ofType: "order_update").contains { $0["status"] as? String == "filled" } })
        let ack = try #require(Self.ack(h.server, "cmd-1"))
        #expect(ack["status"] as? String == "accepted")
        let frames = h.server.frames
        let ackIndex = try #require(frames.firstIndex { $0.contains("command_ack") && $0.contains("cmd-1") })
        let updateIndex = try #require(frames.firstIndex { $0.contains("order_update") })
        #expect(ackIndex < updateIndex)
        let update = try #require(h.server.messages(ofType: "order_update").first { $0["command_id"] as? String == "cmd-1" })
        #expect(update["market_id"] as? String == "kalshi:KXTEST")
        #expect(await h.server.wait { $0.messages(ofType: "heartbeat").last?["open_positions"] as? Int == 1 })
        await h.stop()
    }

    @Test func rejectedDuplicateAndInvalidCommands() async throws {
        let h = try await Self.start()
        let s = h.server
        s.send(json: ["type": "pause", "id": "p1"])
        s.send(json: Self.trade("t-paused"))
        s.send(json: ["type": "resume", "id": "r1"])
        s.send(json: Self.trade("t-ok"))
        s.send(json: Self.trade("t-ok"))
        s.send(json: Self.trade("t-nowhere", market: "deribit:BTC"))
        s.send(json: ["type": "cancel", "id": "c-missing", "order_id": "kalshi-nope"])
        s.send(json: ["type": "cancel_all", "id": "ca1"])
        s.send("{not json")
        s.send(json: ["type": "teleport", "id": "x1"])
        s.send(json: ["type": "trade", "id": "t-bad", "market_id": "kalshi:X"])
        #expect(await s.wait { $0.messages(ofType: "command_ack").count >= 8 && $0.messages(ofType: "error").count >= 6 })
        #expect(Self.ack(s, "p1")?["status"] as? String == "accepted")
        let paused = try #require(Self.ack(s, "t-paused"))
        #expect(paused["status"] as? String == "rejected" && paused["code"] as? String == "GATEWAY_PAUSED")
        #expect((paused["reason"] as? String)?.isEmpty == false)
        let okAcks = s.messages(ofType: "command_ack").filter { $0["command_id"] as? String == "t-ok" }
        #expect(okAcks.map { $0["status"] as? String } == ["accepted", "duplicate"])
        #expect(Self.ack(s, "t-nowhere")?["code"] as? String == "VENUE_NOT_FOUND")
        #expect(Self.ack(s, "c-missing")?["code"] as? String == "ORDER_NOT_FOUND")
        #expect(Self.ack(s, "ca1")?["status"] as? String == "accepted")
        let errors = s.messages(ofType: "error")
        #expect(errors.contains { $0["code"] as? String == "MALFORMED_MESSAGE" })
        #expect(errors.contains { $0["code"] as? String == "UNKNOWN_MESSAGE_TYPE" && ($0["message"] as? String)?.contains("teleport") == true })
        #expect(errors.contains { $0["code"] as? String == "INVALID_COMMAND" && $0["command_id"] as? String == "t-bad" })
        // Exactly one order went to the venue.
        #expect(await h.session.router.statistics.orders == 1)
        await h.stop()
    }

    @Test func reportsProducedWhileDisconnectedAreDeliveredInOrderAfterReconnect() async throws {
        let h = try await Self.start(venues: try Self.venues(latencyMs: 300))
        let s = h.server
        s.send(json: Self.trade("slow-1"))
        #expect(await s.wait { Self.ack($0, "slow-1") != nil })
        s.setRefuseConnections(true)
        s.dropAll()
        // The fill lands while no relay is connected.
        try await Task.sleep(for: .milliseconds(500))
        #expect(await h.session.router.statistics.fills >= 1)
        #expect(s.frames(connection: 1).contains { $0.contains("order_update") } == false)
        s.setRefuseConnections(false)
        // Wait for the queued reports (a position and the fill) and the state sync's position after them.
        #expect(await s.wait { server in
            let frames = server.frames(connection: server.connections.count)
            guard let filled = frames.firstIndex(where: { $0.contains("\"status\":\"filled\"") }) else { return false }
            return frames[(filled + 1)...].contains { $0.contains("\"type\":\"position\"") }
        })
        let second = s.frames(connection: s.connections.count)
        let filled = try #require(second.firstIndex { $0.contains("\"status\":\"filled\"") })
        let sync = try #require(second.lastIndex { $0.contains("\"type\":\"position\"") })
        #expect(filled < sync)  // the queued reports first (in the router's order), then the state sync
        #expect(s.connections.count >= 2 && s.connections.last?.query["pairing_id"] == "pair_001")
        await h.stop()
    }

    @Test func stateSyncSendsOpenOrdersAndPositions() async throws {
        let h = try await Self.start(venues: try Self.venues(latencyMs: 0))
        h.server.send(json: Self.trade("filled-1"))
        h.server.send(json: Self.trade("resting-1", limit: 0.01))
        #expect(await h.server.wait { $0.messages(ofType: "position").count >= 1 && Self.ack($0, "resting-1") != nil })
        #expect(await h.server.wait { $0.messages(ofType: "heartbeat").last?["open_orders"] as? Int == 1 })
        h.server.dropAll()
        #expect(await h.server.wait { $0.connections.count >= 2 && $0.frames(connection: 2).contains { $0.contains("\"type\":\"position\"") } })
        let sync = h.server.frames(connection: 2)
        // The resting order is re-sent, naming the command that placed it.
        #expect(sync.contains { $0.contains("\"type\":\"order_update\"") && $0.contains("\"command_id\":\"resting-1\"") && $0.contains("\"status\":\"submitted\"") },
                "\(sync)")
        await h.stop()
    }

    @Test func halfOpenSocketIsReplaced() async throws {
        let h = try await Self.start(machine: Self.machine(ping: 50, liveness: 250, heartbeat: 1000))
        #expect(await h.server.wait { $0.pingsSeen >= 2 })
        #expect(h.server.connections.count == 1)
        h.server.setAnswerPings(false)
        let start = ContinuousClock.now
        #expect(await h.server.wait(timeout: .seconds(3)) { $0.connections.count >= 2 })
        #expect(ContinuousClock.now - start < .seconds(2))
        await h.stop()
    }

    @Test func revocationStopsTradingAndEndsTheSession() async throws {
        let revoked = Mutex<String?>(nil)
        let h = try await Self.start(hooks: .init(revoked: { reason in revoked.withLock { $0 = reason } }))
        h.server.send(json: ["type": "pairing_revoked", "pairing_id": "pair_001", "reason": "revoked in dashboard"])
        let ending = await h.run.value
        #expect(ending == .revoked(reason: "revoked in dashboard"))
        #expect(revoked.withLock { $0 } == "revoked in dashboard")
        try await Task.sleep(for: .milliseconds(300))
        #expect(h.server.connections.count == 1)  // never reconnects
        await h.session.handle(.trade(TradeCommand(id: "late", marketId: "kalshi:KXTEST", side: "yes", action: "buy", size: 1,
                                                   orderType: "market")))
        #expect(await h.session.router.statistics.orders == 0)
        await h.server.shutdown()
    }

    @Test func gracefulShutdownWaitsForInFlightOrdersAndFlushes() async throws {
        let h = try await Self.start(venues: try Self.venues(latencyMs: 400),
                                     options: .init(cancelOnShutdown: true, drainTimeout: .seconds(5), flushTimeout: .seconds(2)))
        h.server.send(json: Self.trade("inflight-1"))
        #expect(await h.server.wait { Self.ack($0, "inflight-1") != nil })
        #expect(await h.session.inFlightCount == 1)
        await h.session.shutdown()
        #expect(await h.run.value == .shutdown)
        // Written before shutdown returned; under load the loopback server may read it a moment later.
        #expect(await h.server.wait { $0.frames.contains { $0.contains("GATEWAY_SHUTDOWN") } })
        let frames = h.server.frames
        let filled = try #require(frames.firstIndex { $0.contains("order_update") && $0.contains("inflight-1") && $0.contains("\"status\":\"filled\"") })
        let bye = try #require(frames.firstIndex { $0.contains("GATEWAY_SHUTDOWN") })
        #expect(filled < bye)
        await h.server.shutdown()
    }

    @Test func noCredentialInAnyFrameLogOrError() async throws {
        let venueSecret = "VENUE_SECRET_SENTINEL_abcdef0123456789"
        let venueKey = "VENUE_KEY_SENTINEL_9876543210"
        let folder = try FixtureBuilder.temporaryDirectory()
        try Data(#"{"name":"paper","library":"libPaper.so","settings":{"fill_rate":1,"latency_ms":0},"credentials":{"api_key":{"kind":"text","env":"PAPER_API_KEY"},"secret":{"kind":"hmac","env":"PAPER_SECRET"}}}"#.utf8)
            .write(to: folder.appendingPathComponent("paper.json"))
        let env = ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path, "PAPER_API_KEY": venueKey, "PAPER_SECRET": venueSecret]
        let catalog = try PluginLoader.load(directory: folder, environment: env)
        let venues = VenueSet.live(catalog: catalog, services: HostServices(), environment: env)
        #expect(venues.problems.isEmpty, "\(venues.problems)")
        let h = try await Self.start(venues: venues, machine: Self.machine(ping: 50, liveness: 2000, heartbeat: 100))
        let s = h.server
        s.send(json: Self.trade("cred-1", market: "paper:BTCUSDT"))
        s.send(json: Self.trade("cred-2", market: "nowhere:X"))
        s.send("{broken")
        #expect(await s.wait { $0.messages(ofType: "command_ack").count >= 2 })
        s.dropAll()
        #expect(await s.wait { $0.connections.count >= 2 })
        await h.stop()
        let secrets = [Self.apiKey, venueSecret, venueKey, "SENTINEL"]
        for frame in s.frames { for secret in secrets { #expect(!frame.contains(secret), "frame leaks: \(frame)") } }
        for line in h.logs.lines { for secret in secrets { #expect(!line.contains(secret), "log leaks: \(line)") } }
        #expect(!h.logs.lines.isEmpty)
        #expect(h.logs.lines.contains { $0.contains("ws://127.0.0.1") })
        // The transport's own errors carry the sanitised URL only.
        s.setRefuseConnections(true)
        let url = RelayURL(host: "127.0.0.1:1", apiKey: Self.apiKey, pairing: .pairingId("p"))
        do { _ = try await WebSocketRelayTransport().connect(to: url) { _ in } } catch {
            #expect(!error.message.contains(Self.apiKey) && error.message.contains("ws://127.0.0.1:1/api/v1/relay"), "\(error.message)")
        }
    }
}

/// Collects every log line a session writes (message and metadata), for leak checks.
final class LogCapture: Sendable {
    private let store = Mutex<[String]>([])
    var lines: [String] { store.withLock { $0 } }
    func append(_ line: String) { store.withLock { $0.append(line) } }

    var logger: Logger {
        Logger(label: "test.session") { label in CapturingHandler(capture: self, label: label) }
    }

    struct CapturingHandler: LogHandler {
        let capture: LogCapture
        let label: String
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(all.map { "\($0)=\($1)" }.sorted().joined(separator: " "))")
        }
    }
}
