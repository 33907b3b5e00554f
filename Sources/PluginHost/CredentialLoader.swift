import Foundation
import GatewayCrypto

/// Loads the credentials a manifest references into the key store.
///
/// Values come from the environment (which includes `.env` once the CLI has read it) or from files;
/// only handles leave this function. Error messages name the manifest, the credential and the
/// variable or file, never the value.
public enum CredentialLoader {
    public static func load(_ manifest: PluginManifest, into keys: KeyStore,
                            environment: [String: String]) throws(PluginError) -> [String: KeyHandle] {
        var handles: [String: KeyHandle] = [:]
        let label = manifest.file.lastPathComponent
        for (name, credential) in manifest.credentials.sorted(by: { $0.key < $1.key }) {
            var material: [UInt8]
            let origin: String
            switch credential.source {
            case .environment(let variable):
                origin = "environment variable \(variable)"
                guard let value = environment[variable], !value.isEmpty else {
                    if credential.optional { continue }
                    throw PluginError(.credential, "\(label): credentials.\(name): \(origin) is not set")
                }
                material = Array(value.utf8)
            case .file(let path), .fileFromEnvironment(let path):
                var filePath = path
                var via = ""
                if case .fileFromEnvironment(let variable) = credential.source {
                    guard let value = environment[variable], !value.isEmpty else {
                        if credential.optional { continue }
                        throw PluginError(.credential, "\(label): credentials.\(name): environment variable \(variable) (a key file path) is not set")
                    }
                    filePath = value
                    via = " (from \(variable))"
                }
                let expanded = (filePath as NSString).expandingTildeInPath
                // A path in the manifest is relative to the manifest; one from a variable, to the working folder (as .env).
                let base = via.isEmpty ? manifest.file.deletingLastPathComponent()
                    : URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
                let resolved = expanded.hasPrefix("/") ? expanded : base.appendingPathComponent(expanded).standardizedFileURL.path
                origin = "file \(resolved)\(via)"
                guard let data = FileManager.default.contents(atPath: resolved) else {
                    if credential.optional { continue }
                    throw PluginError(.credential, "\(label): credentials.\(name): \(origin) cannot be read")
                }
                material = Array(data)
            }
            // Files and variables often end with a newline that is not part of the secret.
            while let last = material.last, last == 0x0A || last == 0x0D || last == 0x20 { material.removeLast() }
            do {
                handles[name] = try keys.add(kind: KeyKind(credential.kind), material: material,
                                             label: "\(label) credentials.\(name) (\(origin))")
            } catch {
                throw PluginError(.credential, "\(label): \(error.message)")
            }
        }
        return handles
    }
}

extension KeyKind {
    init(_ kind: PluginManifest.CredentialKind) {
        switch kind {
        case .text: self = .text
        case .hmac: self = .hmac
        case .ed25519: self = .ed25519
        case .rsa: self = .rsa
        case .secp256k1: self = .secp256k1
        }
    }
}
