import COpenSSL

/// Signature checks with public keys only: for tests and the loopback venue emulators, which
/// check what a plugin sent the way the venue would.
public enum SignatureVerifier {
    /// The Ethereum address (20 bytes) that produced `signature65` (r || s || v, v in 0, 1, 27 or 28)
    /// over the 32-byte `digest`; nil if the signature is malformed.
    public static func recoverAddress(digest: [UInt8], signature65: [UInt8]) -> [UInt8]? {
        digest.withUnsafeBytes { d in
            signature65.withUnsafeBytes { s in Secp256k1.recoverAddress(digest: d, signature65: s) }
        }
    }

    /// Whether `signature` is a valid RSASSA-PSS signature of `message` (SHA-256, MGF1-SHA-256,
    /// salt length 32) under the RSA key in DER SubjectPublicKeyInfo `publicKeyDER`.
    public static func verifyRSAPSS(publicKeyDER: [UInt8], message: [UInt8], signature: [UInt8]) -> Bool {
        defer { ERR_clear_error() }
        guard let key = publicKey(der: publicKeyDER) else { return false }
        defer { EVP_PKEY_free(key) }
        let id = EVP_PKEY_get_base_id(key)
        guard id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS else { return false }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        var pkeyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(context, &pkeyContext, EVP_sha256(), nil, key) == 1, let pkeyContext,
              OpenSSLKey.configurePSS(pkeyContext) else { return false }
        return EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
    }

    /// Whether `signature` (64 bytes) is a valid Ed25519 signature of `message` under the 32-byte
    /// `publicKey`.
    public static func verifyEd25519(publicKey: [UInt8], message: [UInt8], signature: [UInt8]) -> Bool {
        defer { ERR_clear_error() }
        guard publicKey.count == 32, signature.count == 64,
              let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, publicKey, 32) else { return false }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else { return false }
        return EVP_DigestVerify(context, signature, 64, message, message.count) == 1
    }

    /// Parses DER SubjectPublicKeyInfo; the caller frees the result.
    private static func publicKey(der: [UInt8]) -> OpaquePointer? {
        der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            guard let key = d2i_PUBKEY(nil, &cursor, buffer.count) else { return nil }
            // Trailing bytes after the structure mean this is not one public key.
            guard cursor == buffer.baseAddress.map({ $0 + buffer.count }) else {
                EVP_PKEY_free(key)
                return nil
            }
            return key
        }
    }
}
