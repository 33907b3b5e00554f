import ArgumentParser
import Foundation
import PluginHost

/// `gateway status`: the configuration as the gateway would use it (no network), secrets masked.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the relay configuration and configured venues.")

    @Option(name: .long, help: "Folder of plugin manifests.")
    var plugins: String = "./plugins.d"

    func run() throws {
        let config: GatewayConfig
        do { config = try GatewayConfig.load() } catch {
            printError("Error: \(error.message)")
            throw ExitCode.failure
        }
        print("Gateway - Status")
        print("================")
        print("Host: \(config.host)")
        print("API Key: \(SecretMask.mask(config.apiKey))")
        print("Pairing ID: \(config.pairingId ?? "Not configured (run \"gateway pair <code>\" first)")")
        print("Cancel on shutdown: \(config.cancelOnShutdown)")
        print("Simulate orders: \(config.simulateOrders)")
        print("")
        print("Configured Venues:")
        let rows = VenueCredentials.rows(plugins: plugins, environment: config.environment)
        let configured = rows.filter(\.configured)
        if configured.isEmpty { print("  No venues configured. Add credentials to .env file.") }
        for row in configured { print("  - \(row.venue) (plugin \(row.plugin))") }
    }
}
