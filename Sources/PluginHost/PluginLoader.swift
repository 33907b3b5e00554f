import Foundation

/// One manifest of `plugins.d` and what became of it.
public struct PluginEntry: Sendable {
    public enum Status: Sendable {
        case loaded(PluginLibrary)
        case disabled
        case failed(PluginError)
    }

    public var manifestFile: URL
    /// Nil when the manifest itself could not be read.
    public var manifest: PluginManifest?
    public var status: Status
    /// The library path the manifest resolved to (nil if the manifest was unreadable).
    public var libraryPath: String?

    /// The venue ids this entry serves once loaded.
    public var venues: [String] {
        guard case .loaded(let library) = status else { return manifest?.venues ?? [] }
        return manifest?.venues ?? library.descriptor.venues
    }

    public var library: PluginLibrary? {
        if case .loaded(let library) = status { return library }
        return nil
    }

    public var error: PluginError? {
        if case .failed(let error) = status { return error }
        return nil
    }
}

/// The result of reading a plugins folder: every manifest with its status, in file-name order.
public struct PluginCatalog: Sendable {
    public var directory: URL
    public var entries: [PluginEntry]

    public var loaded: [PluginEntry] { entries.filter { $0.library != nil } }

    /// The loaded entry serving `venue`.
    public func entry(forVenue venue: String) -> PluginEntry? {
        loaded.first { $0.venues.contains(venue) }
    }
}

/// Reads `plugins.d`, checks and loads every enabled plugin, and reports each failure without
/// stopping the others.
public enum PluginLoader {
    /// Loads every `*.json` manifest in `directory`.
    ///
    /// - Throws: only when the folder itself cannot be listed; a bad manifest or library becomes a
    ///   `.failed` entry with a message naming the file, the field or library, and the reason.
    public static func load(directory: URL, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(PluginError) -> PluginCatalog
    {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw PluginError(.invalidManifest, "plugins folder \(directory.path) cannot be read: \(error.localizedDescription)")
        }
        var entries: [PluginEntry] = []
        var claimed: [String: String] = [:]  // venue → manifest file
        var names: [String: String] = [:]
        for file in files.sorted() where file.hasSuffix(".json") {
            let url = directory.appendingPathComponent(file)
            entries.append(loadOne(url, environment: environment, claimed: &claimed, names: &names))
        }
        return PluginCatalog(directory: directory, entries: entries)
    }

    static func loadOne(_ url: URL, environment: [String: String], claimed: inout [String: String],
                        names: inout [String: String]) -> PluginEntry {
        let label = url.lastPathComponent
        let manifest: PluginManifest
        do {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw PluginError(.invalidManifest, "\(label): cannot be read")
            }
            manifest = try PluginManifest.parse(data, file: url)
        } catch {
            return PluginEntry(manifestFile: url, manifest: nil, status: .failed(error as! PluginError), libraryPath: nil)
        }
        let path = resolveLibrary(manifest.library, manifestDirectory: url.deletingLastPathComponent(), environment: environment)
        guard manifest.enabled else {
            return PluginEntry(manifestFile: url, manifest: manifest, status: .disabled, libraryPath: path)
        }
        do {
            if let other = names[manifest.name] {
                throw PluginError(.invalidManifest, "\(label): plugin name '\(manifest.name)' is already used by \(other)")
            }
            if let major = manifest.abiMajor, major != Int(PluginHostABI.major) {
                throw PluginError(.abiMismatch, "\(label): field 'abi_major' asks for ABI \(major), this host speaks ABI \(PluginHostABI.major).\(PluginHostABI.minor)")
            }
            let library = try PluginLibrary.open(path: path, pinnedSHA256: manifest.sha256, label: label)
            guard library.descriptor.name == manifest.name else {
                throw PluginError(.invalidDescriptor,
                                  "\(label): the manifest names plugin '\(manifest.name)' but \(path) is plugin '\(library.descriptor.name)'")
            }
            let venues = manifest.venues ?? library.descriptor.venues
            for venue in venues where !library.descriptor.venues.contains(venue) {
                throw PluginError(.invalidManifest,
                                  "\(label): field 'venues' lists '\(venue)', which plugin '\(manifest.name)' does not serve (it serves \(library.descriptor.venues.joined(separator: ", ")))")
            }
            for venue in venues {
                if let other = claimed[venue] {
                    throw PluginError(.duplicateVenue, "\(label): venue '\(venue)' is already served by \(other); refusing a second plugin for it")
                }
            }
            for venue in venues { claimed[venue] = label }
            names[manifest.name] = label
            return PluginEntry(manifestFile: url, manifest: manifest, status: .loaded(library), libraryPath: path)
        } catch {
            return PluginEntry(manifestFile: url, manifest: manifest, status: .failed(error as! PluginError), libraryPath: path)
        }
    }

    /// Where a manifest's `library` points.
    ///
    /// An absolute path is used as is; a path with a `/` is relative to the manifest's folder; a bare
    /// file name is looked for in `$GATEWAY_PLUGIN_PATH` (colon-separated), the manifest's folder, and
    /// the folder of the running executable (where `swift build` puts `lib<Name>.so` beside `gateway`).
    public static func resolveLibrary(_ library: String, manifestDirectory: URL,
                                      environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if library.hasPrefix("/") { return library }
        if library.contains("/") { return manifestDirectory.appendingPathComponent(library).standardizedFileURL.path }
        var candidates: [String] = []
        if let search = environment["GATEWAY_PLUGIN_PATH"] {
            candidates += search.split(separator: ":").map { "\($0)/\(library)" }
        }
        candidates.append(manifestDirectory.appendingPathComponent(library).path)
        candidates.append(executableDirectory() + "/" + library)
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates.last!
    }

    /// The folder of `/proc/self/exe` (the `gateway` binary, or the test runner: both sit beside the plugin libraries).
    public static func executableDirectory() -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (path as NSString).deletingLastPathComponent
    }
}
