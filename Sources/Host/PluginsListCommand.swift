import ArgumentParser
import Foundation
import PluginHost

/// `gateway plugins list`: every manifest in the plugins folder and what became of it.
struct PluginsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Show each plugin: name, version, venues, ABI, library, capabilities, status.")

    @OptionGroup var options: PluginOptions

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        options.bootstrapLogging()
        let catalog: PluginCatalog
        do {
            catalog = try PluginLoader.load(directory: options.directory)
        } catch {
            throw ValidationError(error.message)
        }
        let rows = catalog.entries.map(PluginRow.init)
        if json {
            print(JSONValue.array(rows.map(\.json)).serialized())
        } else {
            print(PluginRow.table(rows))
        }
    }
}

/// One line of `plugins list`.
struct PluginRow {
    var name: String
    var version: String
    var venues: String
    var abi: String
    var library: String
    var capabilities: String
    var status: String
    var reason: String?
    var manifest: String

    init(_ entry: PluginEntry) {
        manifest = entry.manifestFile.lastPathComponent
        name = entry.manifest?.name ?? "?"
        library = entry.libraryPath ?? entry.manifest?.library ?? "?"
        venues = entry.venues.joined(separator: ",")
        if let lib = entry.library {
            version = lib.descriptor.version
            abi = "\(lib.descriptor.abiMajor).\(lib.descriptor.abiMinor)"
            capabilities = lib.descriptor.capabilities.description
            status = "loaded"
        } else {
            version = "-"
            abi = "-"
            capabilities = "-"
            if let error = entry.error {
                status = "error"
                reason = error.message
            } else {
                status = "disabled"
            }
        }
    }

    var json: JSONValue {
        var object: [String: JSONValue] = [
            "manifest": .string(manifest), "name": .string(name), "version": .string(version),
            "venues": .array(venues.split(separator: ",").map { .string(String($0)) }), "abi": .string(abi),
            "library": .string(library),
            "capabilities": .array(capabilities == "-" ? [] : capabilities.split(separator: ",").map { .string(String($0)) }),
            "status": .string(status),
        ]
        if let reason { object["error"] = .string(reason) }
        return .object(object)
    }

    static func table(_ rows: [PluginRow]) -> String {
        guard !rows.isEmpty else { return "no plugin manifests found" }
        let header = ["NAME", "VERSION", "VENUES", "ABI", "STATUS", "LIBRARY", "CAPABILITIES"]
        let cells = rows.map { [$0.name, $0.version, $0.venues, $0.abi, $0.status, $0.library, $0.capabilities] }
        var widths = header.map(\.count)
        for row in cells { for (i, cell) in row.enumerated() where i < 5 { widths[i] = max(widths[i], cell.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, cell in i < 5 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) : cell }
                .joined(separator: "  ")
        }
        var out = [line(header)]
        for (row, cellRow) in zip(rows, cells) {
            out.append(line(cellRow))
            if let reason = row.reason { out.append("    error: \(reason)") }
        }
        return out.joined(separator: "\n")
    }
}
