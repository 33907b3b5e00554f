import ArgumentParser
import Foundation
import Relay

/// `gateway pair <code>`: exchange a dashboard pairing code for a pairing id and save it to `.env`.
struct PairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pair", abstract: "Pair this gateway with your PumpAmp account using a 6-character code from the dashboard.")

    @Argument(help: "The pairing code, e.g. X7K9M2 (case-insensitive).")
    var code: String

    @Option(name: .long, help: "Seconds to wait for the relay to confirm.")
    var timeout: Int = 60

    func run() async throws {
        let upper = code.uppercased()
        guard upper.count == 6, upper.allSatisfy({ ($0.isASCII && $0.isLetter) || ($0.isASCII && $0.isNumber) }) else {
            printError("Error: Pairing code must be 6 alphanumeric characters (e.g., X7K9M2)")
            throw ExitCode.failure
        }
        let config: GatewayConfig
        do { config = try GatewayConfig.load() } catch {
            printError("Pairing failed: \(error.message)")
            throw ExitCode.failure
        }
        PluginOptions.bootstrap(config.logLevel.map(\.rawValue) ?? "warning")
        print("Pairing with code: \(upper)...")
        flushOut()
        let client = RelayClient(
            configuration: .init(host: config.host, apiKey: config.apiKey, pairing: .pairingCode(upper),
                                 machine: RelayTuning.machine(config.environment), tickInterval: RelayTuning.tick(config.environment)),
            transport: WebSocketRelayTransport()) {
                RelayHeartbeat(uptimeSecs: 0, version: GatewayVersion.current, strategyStatus: "disabled", connectedVenues: [],
                               openOrders: 0, openPositions: 0)
            }
        await client.start()
        let waiter = Task { () -> Result<String, PairingFailure> in
            var lastProblem: String?
            for await event in client.events {
                switch event {
                case .pairingConfirmed(let id): return .success(id)
                case .disconnected(let reason): lastProblem = RelayURL.sanitize(reason)
                case .revoked(let reason): return .failure(PairingFailure(message: "the relay refused the pairing: \(reason)"))
                default: continue
                }
            }
            return .failure(PairingFailure(message: "Pairing timed out (\(timeout)s)" + (lastProblem.map { "; last problem: \($0)" } ?? "")))
        }
        let timer = Task {
            try? await Task.sleep(for: .seconds(max(1, timeout)))
            await client.stop()
        }
        let result = await waiter.value
        timer.cancel()
        await client.stop()
        switch result {
        case .failure(let failure):
            printError("Pairing failed: \(failure.message)")
            throw ExitCode.failure
        case .success(let id):
            print("Pairing successful! Pairing ID: \(id)")
            let file = EnvFile()
            do {
                try file.set("PUMPAMP_PAIRING_ID", to: id)
                print("Saved pairing ID to \(file.url.path)")
            } catch {
                printError("Could not write to .env: \(error.message)")
                print("Add this to your .env file manually:")
                print("  PUMPAMP_PAIRING_ID=\(id)")
            }
        }
    }
}

struct PairingFailure: Error { var message: String }
