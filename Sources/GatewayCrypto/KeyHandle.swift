/// An opaque reference to a key held by a ``KeyStore``; what plugins see instead of the secret.
///
/// Handles a store hands out are never 0 (the C ABI uses 0 for "no key") and are not reused.
public struct KeyHandle: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    /// Wraps a raw handle, e.g. one a plugin passed back through the C ABI. It need not be valid.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public var description: String { "key #\(rawValue)" }
}
