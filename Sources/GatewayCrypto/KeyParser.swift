import COpenSSL

/// Turns key material, as configured or imported, into a ``StoredKey/Material`` of the given kind.
///
/// Error messages name the key by its label and say what was expected and what was found in terms
/// of lengths and formats only, never content.
enum KeyParser {
    /// Larger material is refused before parsing (an RSA-16384 PEM is about 13 KB).
    static let maximumMaterialSize = 64 * 1024

    static func parse(kind: KeyKind, material: [UInt8], label: String) throws(CryptoError) -> StoredKey.Material {
        func fail(_ what: String) -> CryptoError {
            CryptoError(.malformedKey, "credential '\(label)': \(what)")
        }
        guard material.count <= maximumMaterialSize else {
            throw fail("key material is \(material.count) bytes; at most \(maximumMaterialSize) are accepted")
        }
        switch kind {
        case .text:
            guard !material.isEmpty else { throw fail("text key is empty") }
            guard String(validating: material, as: UTF8.self) != nil else { throw fail("text key is not valid UTF-8") }
            guard !material.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else {
                throw fail("text key contains a line break or NUL, which cannot go into an HTTP header")
            }
            return .text(material.withUnsafeBytes { SecretBytes($0) })

        case .hmac:
            guard !material.isEmpty else { throw fail("HMAC key is empty") }
            return .hmac(material.withUnsafeBytes { HMACKey($0) })

        case .ed25519:
            let key: OpenSSLKey
            if KeyMaterial.isPEM(material) {
                key = try pemKey(material, expected: "Ed25519", fail: fail)
                guard key.baseID == EVP_PKEY_ED25519 else { throw fail("PEM key is not an Ed25519 key") }
            } else {
                var seed = try fixedLengthSecret(material, name: "Ed25519", accepted: "PEM PKCS#8, 32 raw bytes or 64 hex characters",
                                                  fail: fail)
                defer { wipe(&seed) }
                guard let parsed = seed.withUnsafeBytes({ OpenSSLKey.ed25519(seed: $0) }) else {
                    throw fail("not a valid Ed25519 private key")
                }
                key = parsed
            }
            guard let publicKey = key.rawPublicKey(), publicKey.count == 32 else {
                throw fail("cannot derive the Ed25519 public key")
            }
            return .ed25519(key, publicKey: publicKey)

        case .rsa:
            guard KeyMaterial.isPEM(material) else {
                throw fail("not a PEM RSA private key (expected '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN PRIVATE KEY-----')")
            }
            let key = try pemKey(material, expected: "RSA", fail: fail)
            guard key.baseID == EVP_PKEY_RSA || key.baseID == EVP_PKEY_RSA_PSS else {
                throw fail("PEM key is not an RSA key")
            }
            guard let der = key.subjectPublicKeyInfo() else { throw fail("cannot derive the RSA public key") }
            return .rsa(key, publicKeyDER: der)

        case .secp256k1:
            var secret = try fixedLengthSecret(material, name: "secp256k1", accepted: "32 raw bytes or 64 hex characters with or without 0x",
                                                fail: fail)
            defer { wipe(&secret) }
            let parsed = secret.withUnsafeBytes { bytes -> Result<StoredKey.Material, CryptoError> in
                guard Secp256k1.isValidSecretKey(bytes) else {
                    return .failure(fail("not a valid secp256k1 private key (zero, or not below the curve order)"))
                }
                guard let address = Secp256k1.address(secretKey: bytes) else {
                    return .failure(fail("cannot derive the secp256k1 public key"))
                }
                return .success(.secp256k1(SecretBytes(bytes), address: address))
            }
            return try parsed.get()
        }
    }

    /// 32 secret bytes given raw, or as 64 hex digits with or without `0x`.
    private static func fixedLengthSecret(_ material: [UInt8], name: String, accepted: String,
                                          fail: (String) -> CryptoError) throws(CryptoError) -> [UInt8] {
        if material.count == 32 { return material }
        if material.count == 64 || material.count == 66, let bytes = Hex.decodeIfHex(material), bytes.count == 32 {
            return bytes
        }
        let hint = (material.count == 64 || material.count == 66) ? " that are not all hex digits" : ""
        throw fail("\(name) private key must be \(accepted); got \(material.count) bytes\(hint)")
    }

    /// The private key in PEM `material`; literal `\n` sequences are accepted as newlines.
    private static func pemKey(_ material: [UInt8], expected: String,
                               fail: (String) -> CryptoError) throws(CryptoError) -> OpenSSLKey {
        var pem = KeyMaterial.normalizedPEM(material)
        defer { wipe(&pem) }
        switch OpenSSLKey.fromPEM(pem) {
        case .success(let key):
            return key
        case .failure(.encrypted):
            throw fail("PEM \(expected) private key is encrypted; give it unencrypted (the host does not prompt for passphrases)")
        case .failure(.publicKey):
            throw fail("PEM holds a public key; a \(expected) private key is needed")
        case .failure(.unreadable(let reason)):
            throw fail("not a PEM \(expected) private key (OpenSSL: \(reason))")
        }
    }
}
