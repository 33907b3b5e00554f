import Foundation
import GatewayCrypto
import Logging
import PluginHost

/// The plugin instances the gateway trades through, one per venue id.
///
/// Built either from the manifests as they are (`live`), loading each plugin's credentials, or for
/// simulation (`simulated`), where every venue is served by a plugin that fills locally: a venue's
/// own plugin if it declares `GW_CAP_SIMULATED` (like the C example), otherwise the paper plugin
/// standing in for it. Either way every order crosses the C ABI into a real plugin library.
public final class VenueSet: Sendable {
    public let instances: [String: PluginInstance]
    /// Venues that could not be started, with the reason (the others still run).
    public let problems: [String: String]

    public init(instances: [String: PluginInstance], problems: [String: String] = [:]) {
        self.instances = instances
        self.problems = problems
    }

    public var venues: [String] { instances.keys.sorted() }

    public subscript(venue: String) -> PluginInstance? { instances[venue] }

    /// Creates an instance for every venue of every loaded plugin, with its manifest's credentials.
    public static func live(catalog: PluginCatalog, services: HostServices,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> VenueSet {
        var instances: [String: PluginInstance] = [:]
        var problems: [String: String] = [:]
        for entry in catalog.loaded {
            guard let manifest = entry.manifest, let library = entry.library else { continue }
            let credentials: [String: KeyHandle]
            do {
                credentials = try CredentialLoader.load(manifest, into: services.keyStore, environment: environment)
            } catch {
                for venue in entry.venues { problems[venue] = error.message }
                continue
            }
            for venue in entry.venues {
                do {
                    instances[venue] = try PluginInstance(library: library, venue: venue, settings: manifest.settings,
                                                          credentials: credentials, services: services)
                } catch {
                    problems[venue] = error.message
                }
            }
        }
        return VenueSet(instances: instances, problems: problems)
    }

    /// Serves `venues` with plugins that fill locally.
    ///
    /// - Parameters:
    ///   - paperSettings: settings that override the paper manifest's (fill rate, latency, seed).
    ///   - paperSettingsByVenue: further overrides for one venue (e.g. a venue that refuses every order in a test).
    /// - Throws: when a venue has no local-fill plugin and no paper plugin is loaded.
    public static func simulated(venues: [String], catalog: PluginCatalog, services: HostServices,
                                 paperSettings: [String: JSONValue] = [:],
                                 paperSettingsByVenue: [String: [String: JSONValue]] = [:]) throws(PluginError) -> VenueSet {
        let paper = catalog.loaded.first { $0.library?.descriptor.name == "paper" }
        var instances: [String: PluginInstance] = [:]
        for venue in venues {
            var chosen = paper
            if let own = catalog.entry(forVenue: venue), own.library?.descriptor.capabilities.contains(.simulated) == true {
                chosen = own
            }
            guard let entry = chosen, let library = entry.library else {
                throw PluginError(.libraryNotFound,
                                  "no plugin can simulate venue '\(venue)': load the paper plugin (plugins.d/paper.json) or a plugin with the 'simulated' capability")
            }
            var settings = entry.manifest?.settings ?? [:]
            if library.descriptor.name == "paper" {
                for (key, value) in paperSettings { settings[key] = value }
                for (key, value) in paperSettingsByVenue[venue] ?? [:] { settings[key] = value }
            }
            instances[venue] = try PluginInstance(library: library, venue: venue, settings: settings, services: services)
        }
        return VenueSet(instances: instances, problems: [:])
    }

    /// Destroys every instance once its operations have completed.
    public func shutdown() async {
        for instance in instances.values { await instance.shutdown() }
    }
}
