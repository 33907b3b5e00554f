/// Why a key could not be loaded or used, or an input was rejected.
///
/// A struct with an opaque code (new codes do not break `switch`es) and a message that says what
/// failed and for which key (by label and handle). Messages never contain secret material.
public struct CryptoError: Error, Sendable, CustomStringConvertible, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// No key with this handle (never added, or removed).
        public static let unknownKey = Code("unknown_key")
        /// The key exists but is of another kind than the operation needs.
        public static let wrongKind = Code("wrong_kind")
        /// Key material could not be parsed or is not a valid key of its kind.
        public static let malformedKey = Code("malformed_key")
        /// The crypto library failed to sign (should not happen with a valid key).
        public static let signingFailed = Code("signing_failed")
        /// A result does not fit the caller's buffer.
        public static let bufferTooSmall = Code("buffer_too_small")
        /// An argument is malformed: bad hex or base64, a digest of the wrong length.
        public static let invalidInput = Code("invalid_input")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
