/// What a key in the ``KeyStore`` is for.
///
/// The raw values are fixed: they are the C ABI's `GW_KEY_*` constants.
public enum KeyKind: Int32, Sendable, CaseIterable, CustomStringConvertible {
    /// An identifier sent as is (API key id, passphrase), usable as an HTTP header value.
    case text = 1
    /// Raw secret bytes for HMAC-SHA256.
    case hmac = 2
    /// An Ed25519 private key.
    case ed25519 = 3
    /// An RSA private key (signs with RSASSA-PSS, SHA-256).
    case rsa = 4
    /// A secp256k1 private key (recoverable ECDSA, Ethereum style).
    case secp256k1 = 5

    public var description: String {
        switch self {
        case .text: "text"
        case .hmac: "hmac"
        case .ed25519: "ed25519"
        case .rsa: "rsa"
        case .secp256k1: "secp256k1"
        }
    }
}
