/// A key as the store keeps it: parsed once, with its public part computed up front.
struct StoredKey: Sendable {
    /// Describes the key in messages (e.g. "acme.json credentials.api_secret (environment variable X)").
    let label: String
    let material: Material

    enum Material: Sendable {
        /// UTF-8 text without line breaks or NUL (it goes into HTTP headers).
        case text(SecretBytes)
        case hmac(HMACKey)
        case ed25519(OpenSSLKey, publicKey: [UInt8])
        case rsa(OpenSSLKey, publicKeyDER: [UInt8])
        case secp256k1(SecretBytes, address: [UInt8])
    }

    var kind: KeyKind {
        switch material {
        case .text: .text
        case .hmac: .hmac
        case .ed25519: .ed25519
        case .rsa: .rsa
        case .secp256k1: .secp256k1
        }
    }
}
