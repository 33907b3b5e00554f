import COpenSSL

/// An OpenSSL private key (`EVP_PKEY`), parsed once when added and freed with the last reference.
/// OpenSSL wipes the private key when it frees it.
///
/// `@unchecked Sendable`: the `EVP_PKEY` is never modified after `init`; OpenSSL allows one key to
/// be used by several threads at once as long as each has its own `EVP_MD_CTX`, which every
/// operation here creates.
final class OpenSSLKey: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The `EVP_PKEY *`.
    let pkey: OpaquePointer

    /// Takes ownership of `pkey`.
    init(taking pkey: OpaquePointer) {
        self.pkey = pkey
    }

    deinit {
        EVP_PKEY_free(pkey)
    }

    /// `EVP_PKEY_get_base_id`: `EVP_PKEY_RSA`, `EVP_PKEY_ED25519`, …
    var baseID: Int32 { EVP_PKEY_get_base_id(pkey) }

    /// The private key from PEM text (PKCS#1, PKCS#8, or OpenSSL's traditional formats).
    /// Encrypted PEM is refused rather than prompting for a passphrase. The error is a reason
    /// without secret content; the caller adds which key it was.
    static func fromPEM(_ pem: [UInt8]) -> Result<OpenSSLKey, PEMFailure> {
        if KeyMaterial.contains(pem, "ENCRYPTED") { return .failure(.encrypted) }
        if KeyMaterial.contains(pem, "PUBLIC KEY-----") && !KeyMaterial.contains(pem, "PRIVATE KEY-----") {
            return .failure(.publicKey)
        }
        let pkey: OpaquePointer? = pem.withUnsafeBytes { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
            defer { BIO_free(bio) }
            // A callback that supplies no passphrase: OpenSSL's default would prompt on the terminal.
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let pkey else { return .failure(.unreadable(OpenSSLError.drain())) }
        ERR_clear_error()
        return .success(OpenSSLKey(taking: pkey))
    }

    /// Why PEM text did not give a private key.
    enum PEMFailure: Error {
        case encrypted
        case publicKey
        case unreadable(String)
    }

    /// An Ed25519 private key from its 32-byte seed.
    static func ed25519(seed: UnsafeRawBufferPointer) -> OpenSSLKey? {
        guard seed.count == 32,
              let pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil,
                                                      seed.baseAddress?.assumingMemoryBound(to: UInt8.self), 32)
        else {
            ERR_clear_error()
            return nil
        }
        return OpenSSLKey(taking: pkey)
    }

    /// The raw public key (Ed25519: 32 bytes).
    func rawPublicKey() -> [UInt8]? {
        var length = 0
        guard EVP_PKEY_get_raw_public_key(pkey, nil, &length) == 1 else { ERR_clear_error(); return nil }
        var out = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_get_raw_public_key(pkey, &out, &length) == 1 else { ERR_clear_error(); return nil }
        return Array(out.prefix(length))
    }

    /// The public key as DER SubjectPublicKeyInfo.
    func subjectPublicKeyInfo() -> [UInt8]? {
        let length = i2d_PUBKEY(pkey, nil)
        guard length > 0 else { ERR_clear_error(); return nil }
        var out = [UInt8](repeating: 0, count: Int(length))
        let written = out.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(pkey, &cursor)
        }
        guard written == length else { ERR_clear_error(); return nil }
        return out
    }

    /// An Ed25519 signature (64 bytes) of `message`.
    func ed25519Sign(_ message: UnsafeRawBufferPointer) -> Result<[UInt8], OpenSSLFailure> {
        guard let context = EVP_MD_CTX_new() else { return .failure(OpenSSLFailure("EVP_MD_CTX_new")) }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, nil, nil, pkey) == 1 else {
            return .failure(OpenSSLFailure("EVP_DigestSignInit"))
        }
        return digestSign(context, message)
    }

    /// An RSASSA-PSS signature of `message`: SHA-256, MGF1 with SHA-256, salt as long as the digest
    /// (32 bytes). PSS is randomized: two signatures of one message differ.
    func rsaPSSSHA256Sign(_ message: UnsafeRawBufferPointer) -> Result<[UInt8], OpenSSLFailure> {
        guard let context = EVP_MD_CTX_new() else { return .failure(OpenSSLFailure("EVP_MD_CTX_new")) }
        defer { EVP_MD_CTX_free(context) }
        var pkeyContext: OpaquePointer?
        guard EVP_DigestSignInit(context, &pkeyContext, EVP_sha256(), nil, pkey) == 1, let pkeyContext else {
            return .failure(OpenSSLFailure("EVP_DigestSignInit"))
        }
        guard Self.configurePSS(pkeyContext) else { return .failure(OpenSSLFailure("PSS parameters")) }
        return digestSign(context, message)
    }

    /// Sets PSS padding, salt = digest length and MGF1-SHA256 on a signing or verifying context.
    static func configurePSS(_ pkeyContext: OpaquePointer) -> Bool {
        EVP_PKEY_CTX_set_rsa_padding(pkeyContext, RSA_PKCS1_PSS_PADDING) > 0
            && EVP_PKEY_CTX_set_rsa_pss_saltlen(pkeyContext, RSA_PSS_SALTLEN_DIGEST) > 0
            && EVP_PKEY_CTX_set_rsa_mgf1_md(pkeyContext, EVP_sha256()) > 0
    }

    /// `EVP_DigestSign` twice: once for the length, once for the signature.
    private func digestSign(_ context: OpaquePointer, _ message: UnsafeRawBufferPointer) -> Result<[UInt8], OpenSSLFailure> {
        let data = message.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var length = 0
        guard EVP_DigestSign(context, nil, &length, data, message.count) == 1 else {
            return .failure(OpenSSLFailure("EVP_DigestSign (length)"))
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, data, message.count) == 1 else {
            return .failure(OpenSSLFailure("EVP_DigestSign"))
        }
        if length < signature.count { signature.removeLast(signature.count - length) }
        return .success(signature)
    }

    var description: String { "<openssl private key>" }
    var debugDescription: String { description }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// An OpenSSL call that failed, with the queued reason (the queue is cleared).
struct OpenSSLFailure: Error, CustomStringConvertible {
    let description: String

    init(_ call: String) {
        description = "\(call) failed: \(OpenSSLError.drain())"
    }
}
