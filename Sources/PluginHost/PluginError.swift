/// Why a plugin could not be loaded, configured or called.
///
/// A struct with an opaque code (new codes do not break `switch`es) and a message that names the
/// manifest, field or library and says what to do. Messages never contain secret values.
public struct PluginError: Error, Sendable, CustomStringConvertible, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The manifest is not valid JSON or a field is missing, unknown or of the wrong type.
        public static let invalidManifest = Code("invalid_manifest")
        /// The library file does not exist.
        public static let libraryNotFound = Code("library_not_found")
        /// The library (or its folder) can be written by group or others.
        public static let insecurePermissions = Code("insecure_permissions")
        /// The library's SHA-256 differs from the manifest's pin.
        public static let hashMismatch = Code("hash_mismatch")
        /// `dlopen` failed (not a shared object, missing dependency, wrong architecture).
        public static let notLoadable = Code("not_loadable")
        /// The library has no `gw_plugin_entry` symbol.
        public static let missingEntry = Code("missing_entry")
        /// The plugin was built for another ABI major, or its descriptor is malformed.
        public static let abiMismatch = Code("abi_mismatch")
        /// The descriptor is inconsistent (missing required function, bad name or venue id).
        public static let invalidDescriptor = Code("invalid_descriptor")
        /// Another plugin already serves one of this plugin's venue ids.
        public static let duplicateVenue = Code("duplicate_venue")
        /// A credential named by the manifest could not be loaded.
        public static let credential = Code("credential")
        /// The plugin's `create` refused its configuration.
        public static let createFailed = Code("create_failed")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
