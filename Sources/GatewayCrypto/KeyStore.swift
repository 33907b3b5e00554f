import Synchronization

/// The host's key store: secrets go in, opaque ``KeyHandle``s come out, and signing happens here.
///
/// Keys are parsed once when added (OpenSSL keys stay parsed until removed). All methods are
/// thread-safe: the table is behind a `Mutex`, and the crypto runs outside the lock on the key
/// object, which stays alive until the operation ends even if the key is removed meanwhile.
/// Secrets are wiped from memory when a removed key's last use ends. Nothing here prints secrets:
/// `description` and reflection show counts only.
public final class KeyStore: Sendable, CustomStringConvertible, CustomReflectable {
    private struct Table {
        var keys: [UInt64: StoredKey] = [:]
        var lastHandle: UInt64 = 0
    }

    private let table = Mutex(Table())

    public init() {}

    // MARK: Managing keys

    /// Parses `material` as a key of `kind` and returns its handle (never 0).
    ///
    /// - text: UTF-8 bytes kept as is (no line breaks or NUL: they go into HTTP headers).
    /// - hmac: the raw bytes as given (decode first with ``KeyMaterial`` if the venue keys on decoded bytes).
    /// - ed25519: PEM PKCS#8, 32 raw bytes, or 64 hex characters.
    /// - rsa: PEM, PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`), also with
    ///   newlines written as literal `\n`.
    /// - secp256k1: 32 raw bytes or 64 hex characters with or without `0x`, a valid scalar.
    ///
    /// - Parameter label: says which credential this is, in error messages only.
    /// - Throws: `.malformedKey`, with a message naming `label` and never quoting `material`.
    public func add(kind: KeyKind, material: [UInt8], label: String) throws(CryptoError) -> KeyHandle {
        let parsed = StoredKey(label: label, material: try KeyParser.parse(kind: kind, material: material, label: label))
        return table.withLock { table in
            table.lastHandle += 1
            table.keys[table.lastHandle] = parsed
            return KeyHandle(rawValue: table.lastHandle)
        }
    }

    /// Forgets a key. Its secret is wiped once no operation is using it. Returns whether it existed.
    @discardableResult
    public func remove(_ handle: KeyHandle) -> Bool {
        // The key is released outside the lock (freeing and wiping takes a moment).
        let removed = table.withLock { $0.keys.removeValue(forKey: handle.rawValue) }
        return removed != nil
    }

    /// The kind of a key, or nil if there is no such key.
    public func kind(of handle: KeyHandle) -> KeyKind? {
        table.withLock { $0.keys[handle.rawValue]?.kind }
    }

    /// The label a key was added with, or nil if there is no such key.
    public func label(of handle: KeyHandle) -> String? {
        table.withLock { $0.keys[handle.rawValue]?.label }
    }

    /// How many keys the store holds.
    public var count: Int {
        table.withLock { $0.keys.count }
    }

    // MARK: Using keys

    /// HMAC-SHA256 of `message` with an `.hmac` key: 32 bytes.
    public func hmacSHA256(key handle: KeyHandle, message: [UInt8]) throws(CryptoError) -> [UInt8] {
        try message.withUnsafeBytes { bytes in Result { () throws(CryptoError) in try hmacSHA256(key: handle, message: bytes) } }.get()
    }

    /// HMAC-SHA256 of bytes in place.
    public func hmacSHA256(key handle: KeyHandle, message: UnsafeRawBufferPointer) throws(CryptoError) -> [UInt8] {
        let stored = try lookUp(handle)
        guard case .hmac(let key) = stored.material else { throw wrongKind(stored, handle, .hmac, "HMAC-SHA256") }
        return key.mac(message)
    }

    /// Ed25519 signature of `message` with an `.ed25519` key: 64 bytes.
    public func ed25519Sign(key handle: KeyHandle, message: [UInt8]) throws(CryptoError) -> [UInt8] {
        try message.withUnsafeBytes { bytes in Result { () throws(CryptoError) in try ed25519Sign(key: handle, message: bytes) } }.get()
    }

    /// Ed25519 signature of bytes in place.
    public func ed25519Sign(key handle: KeyHandle, message: UnsafeRawBufferPointer) throws(CryptoError) -> [UInt8] {
        let stored = try lookUp(handle)
        guard case .ed25519(let key, _) = stored.material else { throw wrongKind(stored, handle, .ed25519, "Ed25519 signing") }
        switch key.ed25519Sign(message) {
        case .success(let signature) where signature.count == 64: return signature
        case .success(let signature): throw signingFailed(stored, handle, "Ed25519", "signature of \(signature.count) bytes")
        case .failure(let failure): throw signingFailed(stored, handle, "Ed25519", failure.description)
        }
    }

    /// RSASSA-PSS signature of `message` with an `.rsa` key: SHA-256, MGF1-SHA-256, 32-byte salt.
    /// As long as the modulus (256 bytes for RSA-2048). Randomized: verify, do not compare.
    public func rsaPSSSHA256Sign(key handle: KeyHandle, message: [UInt8]) throws(CryptoError) -> [UInt8] {
        try message.withUnsafeBytes { bytes in Result { () throws(CryptoError) in try rsaPSSSHA256Sign(key: handle, message: bytes) } }.get()
    }

    /// RSASSA-PSS signature of bytes in place.
    public func rsaPSSSHA256Sign(key handle: KeyHandle, message: UnsafeRawBufferPointer) throws(CryptoError) -> [UInt8] {
        let stored = try lookUp(handle)
        guard case .rsa(let key, _) = stored.material else { throw wrongKind(stored, handle, .rsa, "RSA-PSS signing") }
        switch key.rsaPSSSHA256Sign(message) {
        case .success(let signature): return signature
        case .failure(let failure): throw signingFailed(stored, handle, "RSA-PSS", failure.description)
        }
    }

    /// Recoverable ECDSA of a 32-byte digest with a `.secp256k1` key: r(32) || s(32) || v, with v
    /// the recovery id 0 or 1 (add 27 for Ethereum's convention). RFC 6979 nonce, low s.
    public func secp256k1SignRecoverable(key handle: KeyHandle, digest: [UInt8]) throws(CryptoError) -> [UInt8] {
        try digest.withUnsafeBytes { bytes in Result { () throws(CryptoError) in try secp256k1SignRecoverable(key: handle, digest: bytes) } }.get()
    }

    /// Recoverable ECDSA of a digest in place.
    public func secp256k1SignRecoverable(key handle: KeyHandle, digest: UnsafeRawBufferPointer) throws(CryptoError) -> [UInt8] {
        let stored = try lookUp(handle)
        guard case .secp256k1(let secret, _) = stored.material else {
            throw wrongKind(stored, handle, .secp256k1, "secp256k1 signing")
        }
        guard digest.count == 32 else {
            throw CryptoError(.invalidInput, "secp256k1 signing with '\(stored.label)' (\(handle)): the digest must be 32 bytes, got \(digest.count)")
        }
        guard let signature = secret.withBytes({ Secp256k1.signRecoverable(digest: digest, secretKey: $0) }) else {
            throw signingFailed(stored, handle, "secp256k1", "libsecp256k1 refused to sign")
        }
        return signature
    }

    /// The public part of a key: the 20-byte Ethereum address for secp256k1, the 32-byte public
    /// key for Ed25519, DER SubjectPublicKeyInfo for RSA. Text and HMAC keys have none (`.wrongKind`).
    public func publicKey(of handle: KeyHandle) throws(CryptoError) -> [UInt8] {
        let stored = try lookUp(handle)
        switch stored.material {
        case .secp256k1(_, let address): return address
        case .ed25519(_, let publicKey): return publicKey
        case .rsa(_, let der): return der
        case .text, .hmac:
            throw CryptoError(.wrongKind, "key '\(stored.label)' (\(handle)) is of kind \(stored.kind), which has no public part")
        }
    }

    /// The value of a `.text` key, for the host to put into an HTTP header.
    public func textValue(of handle: KeyHandle) throws(CryptoError) -> String {
        let stored = try lookUp(handle)
        guard case .text(let secret) = stored.material else { throw wrongKind(stored, handle, .text, "use as text") }
        return secret.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: Descriptions

    public var description: String { "KeyStore(\(count) keys)" }
    public var customMirror: Mirror { Mirror(self, children: ["count": count]) }

    // MARK: Private

    private func lookUp(_ handle: KeyHandle) throws(CryptoError) -> StoredKey {
        guard let stored = table.withLock({ $0.keys[handle.rawValue] }) else {
            throw CryptoError(.unknownKey, "no \(handle) in the key store (never added, or removed)")
        }
        return stored
    }

    private func wrongKind(_ stored: StoredKey, _ handle: KeyHandle, _ needed: KeyKind, _ operation: String) -> CryptoError {
        CryptoError(.wrongKind, "key '\(stored.label)' (\(handle)) is of kind \(stored.kind); \(operation) needs kind \(needed)")
    }

    private func signingFailed(_ stored: StoredKey, _ handle: KeyHandle, _ algorithm: String, _ detail: String) -> CryptoError {
        CryptoError(.signingFailed, "\(algorithm) signing with key '\(stored.label)' (\(handle)) failed: \(detail)")
    }
}
