import ArgumentParser
import Foundation
import PluginHost

/// `gateway plugins install <lib.so>`: check a library's handshake, copy it into the plugins folder
/// and write its manifest with a SHA-256 pin.
struct PluginsInstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install", abstract: "Install a plugin library into the plugins folder with a pinned manifest.")

    @Argument(help: "Path to the plugin's shared library.")
    var library: String

    @OptionGroup var options: PluginOptions

    @Flag(name: .long, help: "Replace an existing manifest or library of the same name.")
    var force = false

    func run() async throws {
        options.bootstrapLogging()
        let loaded: PluginLibrary
        do {
            loaded = try PluginLibrary.open(path: library, label: (library as NSString).lastPathComponent)
        } catch {
            throw ValidationError("not installed: \(error.message)")
        }
        let fm = FileManager.default
        let folder = options.directory
        try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let name = loaded.descriptor.name
        let destination = folder.appendingPathComponent("lib\(name).so")
        let manifestURL = folder.appendingPathComponent("\(name).json")
        if !force && (fm.fileExists(atPath: manifestURL.path) || fm.fileExists(atPath: destination.path)) {
            throw ValidationError("not installed: \(manifestURL.path) or \(destination.path) already exists (use --force to replace)")
        }
        if let catalog = try? PluginLoader.load(directory: folder) {
            for entry in catalog.loaded where entry.manifest?.name != name {
                if let clash = loaded.descriptor.venues.first(where: entry.venues.contains) {
                    throw ValidationError("not installed: venue '\(clash)' is already served by \(entry.manifestFile.lastPathComponent)")
                }
            }
        }
        let temporary = destination.appendingPathExtension("tmp")
        try? fm.removeItem(at: temporary)
        try fm.copyItem(atPath: library, toPath: temporary.path)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: temporary.path)
        if fm.fileExists(atPath: destination.path) { try fm.removeItem(at: destination) }
        try fm.moveItem(at: temporary, to: destination)
        let manifest: [String: JSONValue] = [
            "name": .string(name), "library": .string("./lib\(name).so"), "enabled": .bool(true),
            "abi_major": .number(Double(loaded.descriptor.abiMajor)), "sha256": .string(loaded.sha256),
            "settings": .object([:]),
        ]
        let text = pretty(.object(manifest))
        try Data(text.utf8).write(to: manifestURL, options: .atomic)
        try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: manifestURL.path)
        print("installed \(name) \(loaded.descriptor.version) (venues \(loaded.descriptor.venues.joined(separator: ","))) -> \(destination.path)")
        print("manifest \(manifestURL.path) pins sha256 \(loaded.sha256)")
    }

    private func pretty(_ value: JSONValue) -> String {
        let compact = value.serialized()
        guard let object = try? JSONSerialization.jsonObject(with: Data(compact.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return compact }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
