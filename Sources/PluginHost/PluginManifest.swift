import Foundation

/// One file of `plugins.d`: which library to load and how to configure it.
///
/// ```json
/// {
///   "name": "binance",
///   "library": "libBinance.so",
///   "enabled": true,
///   "abi_major": 1,
///   "sha256": "…64 hex…",
///   "settings": { "base_url": "https://testnet.binance.vision", "market": "spot" },
///   "credentials": {
///     "api_key": { "kind": "text", "env": "BINANCE_API_KEY" },
///     "secret":  { "kind": "hmac", "env": "BINANCE_API_SECRET" }
///   }
/// }
/// ```
/// Credentials are references (an environment variable or a file), never the secrets themselves.
/// Unknown fields are errors, so a typo never silently disables a setting. Fields starting with `_`
/// are comments.
public struct PluginManifest: Sendable, Equatable {
    /// A reference to a secret the host loads into its key store.
    public struct Credential: Sendable, Equatable {
        public enum Source: Sendable, Equatable {
            /// The secret is the value of this environment variable.
            case environment(String)
            /// The secret is the content of this file.
            case file(String)
            /// The secret is the content of the file whose path is in this environment variable
            /// (the reference gateway's `KALSHI_PRIVATE_KEY_PATH`).
            case fileFromEnvironment(String)
        }
        public var kind: CredentialKind
        public var source: Source
        /// When true, a missing variable or file leaves the credential out instead of failing.
        public var optional: Bool
    }

    /// The kinds of credential, matching `GW_KEY_*`.
    public enum CredentialKind: String, Sendable, CaseIterable {
        case text, hmac, ed25519, rsa, secp256k1
    }

    /// The manifest file this was read from.
    public var file: URL
    public var name: String
    /// The library path as written in the manifest.
    public var library: String
    public var enabled: Bool
    public var abiMajor: Int?
    public var sha256: String?
    /// Venue ids this manifest serves; nil means all the plugin declares.
    public var venues: [String]?
    /// Non-secret settings passed to the plugin as JSON (with `venue` and `credentials` added by the host).
    public var settings: [String: JSONValue]
    public var credentials: [String: Credential]

    static let knownFields: Set<String> = ["name", "library", "enabled", "abi_major", "sha256", "venues", "settings",
                                          "credentials", "description"]

    /// Parses a manifest, naming the file and field in every error.
    public static func parse(_ data: Data, file: URL) throws(PluginError) -> PluginManifest {
        let where_ = file.lastPathComponent
        let root: [String: JSONValue]
        do {
            guard case .object(let object) = try JSONValue.parse(data) else {
                throw PluginError(.invalidManifest, "\(where_): the manifest must be a JSON object")
            }
            root = object
        } catch let error as PluginError {
            throw error
        } catch {
            throw PluginError(.invalidManifest, "\(where_): not valid JSON: \(error)")
        }
        for key in root.keys.sorted() where !knownFields.contains(key) && !key.hasPrefix("_") {
            let hint = closest(key, in: knownFields).map { " (did you mean '\($0)'?)" } ?? ""
            throw PluginError(.invalidManifest, "\(where_): unknown field '\(key)'\(hint)")
        }
        func string(_ key: String, required: Bool) throws(PluginError) -> String? {
            guard let value = root[key] else {
                if required { throw PluginError(.invalidManifest, "\(where_): field '\(key)' is missing") }
                return nil
            }
            guard case .string(let text) = value, !text.isEmpty else {
                throw PluginError(.invalidManifest, "\(where_): field '\(key)' must be a non-empty string")
            }
            return text
        }
        let name = try string("name", required: true)!
        guard name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw PluginError(.invalidManifest, "\(where_): field 'name' must use only a-z, 0-9, '-' and '_' (got '\(name)')")
        }
        let library = try string("library", required: true)!
        var enabled = true
        if let value = root["enabled"] {
            guard case .bool(let flag) = value else {
                throw PluginError(.invalidManifest, "\(where_): field 'enabled' must be true or false")
            }
            enabled = flag
        }
        var abiMajor: Int?
        if let value = root["abi_major"] {
            guard case .number(let n) = value, let major = Int(exactly: n), major > 0 else {
                throw PluginError(.invalidManifest, "\(where_): field 'abi_major' must be a positive integer")
            }
            abiMajor = major
        }
        let sha = try string("sha256", required: false)?.lowercased()
        if let sha, sha.count != 64 || !sha.allSatisfy(\.isHexDigit) {
            throw PluginError(.invalidManifest, "\(where_): field 'sha256' must be 64 hexadecimal characters")
        }
        var venues: [String]?
        if let value = root["venues"] {
            guard case .array(let items) = value, !items.isEmpty else {
                throw PluginError(.invalidManifest, "\(where_): field 'venues' must be a non-empty array of venue ids")
            }
            venues = try items.enumerated().map { (index, item) throws(PluginError) -> String in
                guard case .string(let id) = item, !id.isEmpty else {
                    throw PluginError(.invalidManifest, "\(where_): field 'venues[\(index)]' must be a venue id string")
                }
                return id
            }
        }
        var settings: [String: JSONValue] = [:]
        if let value = root["settings"] {
            guard case .object(let object) = value else {
                throw PluginError(.invalidManifest, "\(where_): field 'settings' must be an object")
            }
            for reserved in ["credentials", "venue"] where object[reserved] != nil {
                throw PluginError(.invalidManifest, "\(where_): field 'settings.\(reserved)' is reserved for the host")
            }
            if let base = object["base_url"] {
                guard case .string(let url) = base, let parsed = URL(string: url), let scheme = parsed.scheme,
                      ["http", "https", "ws", "wss"].contains(scheme), parsed.host != nil else {
                    throw PluginError(.invalidManifest, "\(where_): field 'settings.base_url' must be an absolute http(s) URL")
                }
            }
            settings = object
        }
        var credentials: [String: Credential] = [:]
        if let value = root["credentials"] {
            guard case .object(let object) = value else {
                throw PluginError(.invalidManifest, "\(where_): field 'credentials' must be an object")
            }
            for (key, entry) in object.sorted(by: { $0.key < $1.key }) {
                credentials[key] = try parseCredential(entry, path: "credentials.\(key)", file: where_)
            }
        }
        return PluginManifest(file: file, name: name, library: library, enabled: enabled, abiMajor: abiMajor,
                              sha256: sha, venues: venues, settings: settings, credentials: credentials)
    }

    private static func parseCredential(_ value: JSONValue, path: String, file: String) throws(PluginError) -> Credential {
        guard case .object(let object) = value else {
            throw PluginError(.invalidManifest,
                              "\(file): field '\(path)' must be an object like {\"kind\": \"hmac\", \"env\": \"VAR\"}; secrets are never written in a manifest")
        }
        for key in object.keys.sorted() where !["kind", "env", "file", "file_env", "optional"].contains(key) {
            throw PluginError(.invalidManifest, "\(file): unknown field '\(path).\(key)' (expected kind, env, file, file_env, optional)")
        }
        guard case .string(let kindText) = object["kind"], let kind = CredentialKind(rawValue: kindText) else {
            throw PluginError(.invalidManifest,
                              "\(file): field '\(path).kind' must be one of \(CredentialKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let source: Credential.Source
        switch (object["env"], object["file"], object["file_env"]) {
        case (.string(let variable)?, nil, nil) where !variable.isEmpty: source = .environment(variable)
        case (nil, .string(let path)?, nil) where !path.isEmpty: source = .file(path)
        case (nil, nil, .string(let variable)?) where !variable.isEmpty: source = .fileFromEnvironment(variable)
        default:
            throw PluginError(.invalidManifest,
                              "\(file): field '\(path)' needs exactly one of 'env' (a variable holding the secret), 'file' (a path) or 'file_env' (a variable holding a path)")
        }
        var optional = false
        if let flag = object["optional"] {
            guard case .bool(let value) = flag else {
                throw PluginError(.invalidManifest, "\(file): field '\(path).optional' must be true or false")
            }
            optional = value
        }
        return Credential(kind: kind, source: source, optional: optional)
    }

    /// The known name closest to a misspelt one (edit distance at most 2).
    static func closest(_ word: String, in candidates: Set<String>) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var previous = row[0]
                row[0] = i
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    let current = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                    previous = current
                }
            }
            return row[b.count]
        }
        let best = candidates.map { ($0, distance(Array(word), Array($0))) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }
}
