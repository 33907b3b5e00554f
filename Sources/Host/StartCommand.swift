import ArgumentParser
import Foundation
import GatewayEngine
import GatewayService
import Journal
import Logging
import PluginHost
import Relay
import Strategy

/// `gateway start`: connect to the relay with the saved pairing id and trade through the plugins.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Connect to the PumpAmp relay and execute its commands through the venue plugins.",
        discussion: """
        Reads PUMPAMP_API_KEY, PUMPAMP_HOST, PUMPAMP_PAIRING_ID, CANCEL_ON_SHUTDOWN, LOG_LEVEL, SIMULATE_ORDERS, \
        STRATEGY_CONFIG_PATH and AUTO_TRADE_ENABLED from the environment and ./.env. SIGINT/SIGTERM stop taking commands, wait for orders in flight, cancel \
        open orders if asked, deliver pending reports, and exit 0. A revoked pairing exits with status 3.
        """)

    @Option(name: .long, help: "Folder of plugin manifests.")
    var plugins: String = "./plugins.d"

    @Flag(name: .customLong("cancel-on-shutdown"), help: "Cancel every open order when stopping (or CANCEL_ON_SHUTDOWN=true).")
    var cancelOnShutdown = false

    @Flag(name: .customLong("simulate-orders"), help: "Serve every venue with the paper plugin: no real orders (or SIMULATE_ORDERS=true).")
    var simulateOrders = false

    @OptionGroup var journalOptions: JournalOptions

    @Option(name: .customLong("poll-interval"), help: "Seconds between polls of resting orders at the venues (0: only venue events).")
    var pollInterval: Double = 5
    static let revokedExitCode: Int32 = 3

    func run() async throws {
        let config: GatewayConfig
        do { config = try GatewayConfig.load() } catch {
            printError("Failed to start gateway: \(error.message)")
            throw ExitCode.failure
        }
        PluginOptions.bootstrap(config.logLevel.map(\.rawValue) ?? "notice")
        guard let pairingId = config.pairingId else {
            printError("Error: No pairing ID configured. Run \"gateway pair <code>\" first.")
            throw ExitCode.failure
        }
        let simulate = simulateOrders || config.simulateOrders
        let cancel = cancelOnShutdown || config.cancelOnShutdown
        let venues: VenueSet
        do { venues = try VenueSetup.make(plugins: plugins, simulate: simulate, environment: config.environment) } catch {
            printError("Failed to start gateway: \(error.message)")
            throw ExitCode.failure
        }
        // The journal is opened before anything trades; one that cannot be read stops the start.
        let journal: SQLiteOrderJournal
        do { journal = try journalOptions.openForWriting(environment: config.environment) } catch {
            printError("Failed to start gateway: \(error)")
            await venues.shutdown()
            throw ExitCode.failure
        }

        let strategy: StrategySetup?
        do { strategy = try StrategySetup.load(environment: config.environment) } catch {
            printError("Failed to start gateway: invalid strategy: \(error)")
            throw ExitCode.failure
        }
        let status = StrategyStatusBox()
        let relay = RelayClient.Configuration(host: config.host, apiKey: config.apiKey, pairing: .pairingId(pairingId),
                                              machine: RelayTuning.machine(config.environment),
                                              tickInterval: RelayTuning.tick(config.environment))
        let hooks = GatewaySession.Hooks(
            report: { report in if simulate { Self.printSimulated(report) } },
            connected: { print("Relay: connected"); flushOut() },
            disconnected: { reason in printError("Relay: disconnected (\(RelayURL.sanitize(reason))); reconnecting") },
            revoked: { reason in
                printError("""
                !!! PAIRING REVOKED by the relay: \(reason)
                !!! Trading from the relay has stopped and the saved pairing id was cleared.
                !!! Run "gateway pair <code>" with a new code from the dashboard to pair again.
                """)
                do { try EnvFile().set("PUMPAMP_PAIRING_ID", to: "") } catch {
                    printError("Could not clear PUMPAMP_PAIRING_ID in .env: \(error)")
                }
            },
            strategy: { await status.current() })
        let session = GatewaySession(venues: venues, relay: relay, transport: WebSocketRelayTransport(), journal: journal,
                                     riskGate: strategy?.gate ?? AllowAllRiskGate(),
                                     options: .init(cancelOnShutdown: cancel, version: GatewayVersion.current), hooks: hooks,
                                     logger: Logger(label: "gateway"))
        // Restore and reconcile before the relay can send a command.
        do {
            let report = try await session.recover()
            print("Journal: \(journal.path)")
            print(ReconciliationText.summary(report))
        } catch {
            printError("Failed to start gateway: \(error)")
            await venues.shutdown()
            throw ExitCode.failure
        }
        if pollInterval > 0 { await session.startPolling(every: .milliseconds(Int(pollInterval * 1000))) }
        // Today's circuit-breaker state (loss baseline, tripped breakers) survives a restart.
        if let strategy {
            let today = RiskBook.day(of: Date())
            do {
                if let state = RiskBook.DayState(day: today, counters: try journal.counters(day: String(today))) {
                    await strategy.gate.restore(state)
                    print("Risk: restored today's circuit-breaker state from the journal")
                }
            } catch {
                printError("Failed to start gateway: \(error)")
                await venues.shutdown()
                throw ExitCode.failure
            }
        }
        let autoTrading = await strategy?.start(router: session.router, host: config.host, apiKey: config.apiKey) { report in
            if simulate { Self.printSimulated(report) }
            Task { await session.report(report) }
        }
        let router = await session.router
        let riskRefresh = strategy.map { strategy in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(2))
                    await strategy.gate.refresh(from: router)
                    if let state = await strategy.gate.dayState {
                        for (name, value) in state.counters {
                            do { try journal.setCounter(day: String(state.day), name: name, value: value) } catch {
                                printError("Risk: could not journal counter \(name): \(error)")
                            }
                        }
                    }
                }
            }
        }
        if let strategy {
            let rules = strategy.config.enabledRules.count
            if let (_, runner) = autoTrading {
                await status.set(runner)
                print("Strategy: \(rules) enabled rules, dry_run=\(strategy.config.dryRun); subscribed to \(strategy.config.subscribedSignalTypes.map(\.rawValue).joined(separator: ", "))")
            } else {
                print("Strategy: risk limits active for relay commands; auto-trading off (set AUTO_TRADE_ENABLED=true)")
            }
        }
        if simulate {
            print("[SIMULATE] Order simulation mode active - no real orders will be sent")
            print("[SIMULATE] Simulated venues: \(venues.venues.joined(separator: ", "))")
        }
        print("Gateway started. Connected venues: \(venues.venues.isEmpty ? "none" : venues.venues.joined(separator: ", "))")
        print("Relay: connecting to \(RelayURL(host: config.host, apiKey: "", pairing: .pairingId("")).sanitized)...")
        print("Press Ctrl+C to stop.")
        flushOut()

        let signals = ShutdownSignals { Task { await session.shutdown() } }
        let ending = await session.run()
        await autoTrading?.0.stop()
        riskRefresh?.cancel()
        await session.shutdown()
        signals.cancel()
        switch ending {
        case .shutdown:
            print("Gateway stopped.")
        case .revoked:
            printError("Gateway stopped: pairing revoked.")
            throw ExitCode(Self.revokedExitCode)
        }
    }

    static func printSimulated(_ report: GatewayReport) {
        switch report {
        case .orderUpdate(let u):
            let side = [u.side, u.outcome].compactMap { $0 }.joined(separator: "/")
            switch u.status {
            case "filled":
                print("[SIMULATE] FILL  \(u.marketId)  \(side)  \(u.filledSize)  @ $\(u.fillPrice.map { "\($0)" } ?? "?")  order=\(u.orderId)")
            case "rejected": print("[SIMULATE] REJ   \(u.marketId)  \(side)  \(u.size)")
            default: print("[SIMULATE] \(u.status.uppercased())  \(u.marketId)  order=\(u.orderId)")
            }
        case .error(let e): print("[SIMULATE] ERR   \(e.code): \(e.message)")
        case .position: return
        }
        flushOut()
    }
}

/// Calls `handler` once on the first SIGINT or SIGTERM.
final class ShutdownSignals: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    init(_ handler: @escaping @Sendable () -> Void) {
        let once = OnceFlag()
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if once.claim() {
                    FileHandle.standardError.write(Data("Shutting down: finishing orders in flight, delivering reports...\n".utf8))
                    handler()
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() { for source in sources { source.cancel() } }
}

private final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false
    func claim() -> Bool { lock.withLock { defer { claimed = true }; return !claimed } }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func flushOut() { fflush(nil) }

/// The strategy state the heartbeat reports (none until auto-trading starts).
actor StrategyStatusBox {
    private var runner: StrategyRunner?
    func set(_ runner: StrategyRunner) { self.runner = runner }
    func current() async -> StrategyHeartbeat? { await runner?.heartbeat }
}
