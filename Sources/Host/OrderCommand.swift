import ArgumentParser
import Foundation
import GatewayCrypto
import GatewayEngine
import PluginHost
import VenueKit

/// `gateway order`: hands-on trading and debugging through any loaded plugin.
struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Place, cancel and inspect orders on one venue through its plugin.",
        subcommands: [OrderPlaceCommand.self, OrderCancelCommand.self, OrderCancelAllCommand.self, OrderOpenCommand.self,
                      OrderPositionsCommand.self, OrderBalanceCommand.self])
}

/// Options every `gateway order` subcommand shares.
struct VenueOptions: ParsableArguments {
    @Option(help: "Venue id (as served by a plugin in the plugins folder).")
    var venue: String

    @Flag(help: "Print JSON instead of readable lines.")
    var json = false

    @Flag(name: .customLong("paper"), help: "Trade against the paper plugin standing in for the venue.")
    var paper = false

    @OptionGroup var plugins: PluginOptions

    /// Loads the plugins folder and starts the one instance serving `venue` (with its credentials).
    func instance() throws -> PluginInstance {
        plugins.bootstrapLogging()
        let catalog: PluginCatalog
        do { catalog = try PluginLoader.load(directory: plugins.directory) } catch { throw ValidationError(error.message) }
        let environment = DotEnv.merged(with: ProcessInfo.processInfo.environment)
        let services = HostServices()
        if paper {
            do {
                guard let instance = try VenueSet.simulated(venues: [venue], catalog: catalog, services: services)[venue] else {
                    throw ValidationError("no paper plugin is loaded from \(plugins.plugins)")
                }
                return instance
            } catch let error as PluginError { throw ValidationError(error.message) }
        }
        guard let entry = catalog.entries.first(where: { $0.venues.contains(venue) }) else {
            throw ValidationError("no plugin in \(plugins.plugins) serves venue '\(venue)' (see `gateway plugins list`)")
        }
        guard let library = entry.library, let manifest = entry.manifest else {
            throw ValidationError("the plugin for venue '\(venue)' is not loaded: \(entry.error?.message ?? "disabled in \(entry.manifestFile.lastPathComponent)")")
        }
        do {
            let keys = try CredentialLoader.load(manifest, into: services.keyStore, environment: environment)
            return try PluginInstance(library: library, venue: venue, settings: manifest.settings, credentials: keys, services: services)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// Prints an outcome and fails the command if the venue refused.
    func finish(_ outcome: OperationOutcome, _ readable: () -> [String]) throws {
        if json {
            print(OutcomeJSON.render(outcome).serialized())
        } else if let failure = outcome.failure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
        } else {
            for line in readable() { print(line) }
        }
        if outcome.failure != nil { throw ExitCode.failure }
    }
}
