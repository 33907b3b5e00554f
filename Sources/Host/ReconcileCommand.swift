import ArgumentParser
import Foundation
import GatewayEngine
import Journal
import Logging

/// `gateway reconcile`: settle the journal with the venues now, without connecting to the relay.
///
/// Takes the journal's lock, so it refuses to run beside a `gateway start` on the same journal (which
/// reconciles by itself at start). Order changes it makes are journaled and owed to the relay, which gets
/// them at the next `gateway start`. Exits 0 when journal and venues agreed, 1 on an error, and 2 when
/// there were differences (now settled).
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Match the journal's orders and positions with every venue's, close out and adopt, and report the differences.")

    @Option(name: .long, help: "Folder of plugin manifests.")
    var plugins: String = "./plugins.d"

    @Flag(name: .customLong("simulate-orders"), help: "Use the paper plugin for every venue (or SIMULATE_ORDERS=true).")
    var simulateOrders = false

    @OptionGroup var journalOptions: JournalOptions

    @Flag(help: "Print the report as JSON.") var json = false

    static let differencesExitCode: Int32 = 2

    func run() async throws {
        let config: GatewayConfig
        do { config = try GatewayConfig.load(requireAPIKey: false) } catch {
            printError("Error: \(error.message)")
            throw ExitCode.failure
        }
        PluginOptions.bootstrap(config.logLevel.map(\.rawValue) ?? "warning")
        let journal: SQLiteOrderJournal
        do { journal = try journalOptions.openForWriting(environment: config.environment) } catch {
            printError("Error: \(error)")
            throw ExitCode.failure
        }
        let venues: VenueSet
        do { venues = try VenueSetup.make(plugins: plugins, simulate: simulateOrders || config.simulateOrders, environment: config.environment) } catch {
            printError("Error: \(error.message)")
            throw ExitCode.failure
        }
        let router = OrderRouter(venues: venues, logger: Logger(label: "gateway.reconcile"), journal: journal) { _ in }
        do { try await router.restoreFromJournal() } catch {
            printError("Error: \(error)")
            await venues.shutdown()
            throw ExitCode.failure
        }
        let report = await router.reconcile()
        await venues.shutdown()
        print(json ? ReconciliationText.json(report) : ReconciliationText.summary(report))
        if !report.isClean { throw ExitCode(Self.differencesExitCode) }
    }
}
