import Foundation
import GatewayEngine
import PluginHost

/// The venues `gateway start` and `gateway reconcile` trade with: the live plugins from plugins.d, or, when
/// simulating, the paper plugin standing in for every venue.
enum VenueSetup {
    static let simulatedVenues = ["kalshi", "polymarket", "hyperliquid", "binance"]

    /// Loads plugins.d and builds the venue set; prints warnings for plugins or venues that did not load.
    /// - Throws: a message for the operator when plugins.d cannot be read or the paper plugin is missing.
    static func make(plugins: String, simulate: Bool, environment: [String: String]) throws(ConfigError) -> VenueSet {
        let catalog: PluginCatalog
        do { catalog = try PluginLoader.load(directory: URL(fileURLWithPath: plugins, isDirectory: true), environment: environment) } catch {
            throw ConfigError(error.message)
        }
        for entry in catalog.entries { if let error = entry.error { printError("warning: \(error.message)") } }
        let services = HostServices()
        if simulate {
            let names = Array(Set(simulatedVenues + catalog.loaded.flatMap(\.venues)).subtracting(["paper"])).sorted()
            do {
                return try VenueSet.simulated(venues: names, catalog: catalog, services: services,
                                              paperSettings: ["fill_rate": .number(1), "latency_ms": .number(100)])
            } catch {
                throw ConfigError(error.message)
            }
        }
        let venues = VenueSet.live(catalog: catalog, services: services, environment: environment)
        for (venue, problem) in venues.problems.sorted(by: { $0.key < $1.key }) {
            printError("warning: venue \(venue) not started: \(problem)")
        }
        return venues
    }
}
