import ArgumentParser
import Foundation
import PluginHost

/// `gateway venues`: every venue the plugins in plugins.d serve, and whether its credentials are present.
struct VenuesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "venues", abstract: "List venues and whether their credentials are configured.")

    @Option(name: .long, help: "Folder of plugin manifests.")
    var plugins: String = "./plugins.d"

    func run() throws {
        let config: GatewayConfig
        do { config = try GatewayConfig.load(requireAPIKey: false) } catch {
            printError("Error: \(error.message)")
            throw ExitCode.failure
        }
        print("Supported Venues:")
        print("=================")
        for row in VenueCredentials.rows(plugins: plugins, environment: config.environment) {
            print("")
            print("  \(row.venue) [\(row.configured ? "CONFIGURED" : "NOT CONFIGURED")]")
            if !row.configured, !row.missing.isEmpty { print("    Required env vars: \(row.missing.joined(separator: ", "))") }
            if let problem = row.problem { print("    Problem: \(problem)") }
        }
    }
}

/// Which venues have their manifest's required credentials available (values never read into output).
enum VenueCredentials {
    struct Row {
        var venue: String
        var plugin: String
        var configured: Bool
        var missing: [String]
        var problem: String?
    }

    static func rows(plugins: String, environment: [String: String]) -> [Row] {
        guard let catalog = try? PluginLoader.load(directory: URL(fileURLWithPath: plugins, isDirectory: true), environment: environment) else {
            return []
        }
        var rows: [Row] = []
        for entry in catalog.entries {
            guard let manifest = entry.manifest else { continue }
            var missing: [String] = []
            for (_, credential) in manifest.credentials.sorted(by: { $0.key < $1.key }) where !credential.optional {
                switch credential.source {
                case .environment(let name), .fileFromEnvironment(let name):
                    if (environment[name] ?? "").isEmpty { missing.append(name) }
                case .file(let path):
                    if !FileManager.default.isReadableFile(atPath: path) { missing.append("file \(path)") }
                }
            }
            let venues = entry.venues.isEmpty ? [manifest.name] : entry.venues
            for venue in venues {
                rows.append(Row(venue: venue, plugin: manifest.name, configured: missing.isEmpty && entry.error == nil,
                                missing: missing, problem: entry.error?.message))
            }
        }
        return rows.sorted { $0.venue < $1.venue }
    }
}
