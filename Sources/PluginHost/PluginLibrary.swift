import Foundation
import GatewayCrypto
import PluginABI

#if canImport(Glibc)
import Glibc
#endif

/// A plugin library mapped into the process, with its checked descriptor.
///
/// Loaded with `dlopen(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE)` and never closed: Swift images cannot be
/// unloaded safely, and mature hosts (PostgreSQL, GStreamer) keep modules resident too.
public final class PluginLibrary: @unchecked Sendable {
    public let path: String
    public let descriptor: PluginDescriptor
    /// SHA-256 of the library file, hex.
    public let sha256: String
    let table: UnsafePointer<gw_plugin>

    init(path: String, descriptor: PluginDescriptor, sha256: String, table: UnsafePointer<gw_plugin>) {
        self.path = path
        self.descriptor = descriptor
        self.sha256 = sha256
        self.table = table
    }

    /// Checks and loads a library file.
    ///
    /// - Parameters:
    ///   - path: the resolved library path.
    ///   - pinnedSHA256: the manifest's pin, if any.
    ///   - label: how messages name the source (usually the manifest file name).
    /// - Throws: ``PluginError`` naming the library and the reason.
    public static func open(path: String, pinnedSHA256: String? = nil, label: String) throws(PluginError) -> PluginLibrary {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw PluginError(.libraryNotFound, "\(label): library \(path) not found")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw PluginError(.notLoadable, "\(label): library \(path) is not a regular file")
        }
        try checkNotWritableByOthers(path: path, mode: info.st_mode, label: label, what: "library")
        let folder = (path as NSString).deletingLastPathComponent
        var folderInfo = stat()
        if stat(folder.isEmpty ? "." : folder, &folderInfo) == 0, (folderInfo.st_mode & S_ISVTX) == 0 {
            try checkNotWritableByOthers(path: folder, mode: folderInfo.st_mode, label: label, what: "folder")
        }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw PluginError(.notLoadable, "\(label): library \(path) cannot be read")
        }
        let digest = Hex.encode(Digest.sha256(Array(bytes)))
        if let pinnedSHA256, pinnedSHA256.lowercased() != digest {
            throw PluginError(.hashMismatch, "\(label): library \(path) has SHA-256 \(digest), the manifest pins \(pinnedSHA256.lowercased())")
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw PluginError(.notLoadable, "\(label): dlopen \(path) failed: \(reason)")
        }
        guard let symbol = dlsym(handle, GW_PLUGIN_ENTRY_SYMBOL) else {
            throw PluginError(.missingEntry, "\(label): library \(path) has no symbol \(GW_PLUGIN_ENTRY_SYMBOL) (is it a Gateway plugin?)")
        }
        let entry = unsafeBitCast(symbol, to: gw_plugin_entry_fn.self)
        guard let table = entry(UInt32(GW_ABI_MAJOR), UInt32(GW_ABI_MINOR)) else {
            throw PluginError(.abiMismatch, "\(label): \(GW_PLUGIN_ENTRY_SYMBOL) in \(path) returned NULL for host ABI \(GW_ABI_MAJOR).\(GW_ABI_MINOR) (the plugin refuses this host)")
        }
        let descriptor = try PluginDescriptor.read(table, library: path)
        return PluginLibrary(path: path, descriptor: descriptor, sha256: digest, table: table)
    }

    private static func checkNotWritableByOthers(path: String, mode: mode_t, label: String, what: String) throws(PluginError) {
        if mode & (S_IWGRP | S_IWOTH) != 0 {
            let octal = String(mode & 0o777, radix: 8)
            throw PluginError(.insecurePermissions,
                              "\(label): \(what) \(path) is writable by group or others (mode \(octal)); run chmod go-w on it")
        }
    }
}
