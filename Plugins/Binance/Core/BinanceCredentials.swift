import PluginABI
import VenueKit

/// The key handles an instance signs with, and how it signs.
///
/// Binance API keys come in three kinds: HMAC (a secret; signature = lower-case hex), Ed25519 and RSA
/// (both base64 signatures, percent-encoded in the query). The host's key store offers HMAC-SHA256 and
/// Ed25519; for RSA it offers only RSA-PSS, while Binance verifies RSASSA-PKCS1-v1_5, so RSA keys are
/// refused at `create` with a message saying so.
public struct BinanceCredentials: Sendable {
    public enum Signer: Sendable, Equatable {
        case hmac(gw_key)
        case ed25519(gw_key)
    }

    /// TEXT key whose value the host puts in `X-MBX-APIKEY`.
    public var apiKey: gw_key
    public var signer: Signer

    public init(apiKey: gw_key, signer: Signer) {
        self.apiKey = apiKey
        self.signer = signer
    }

    static let rsaRefusal = "Binance RSA API keys sign with RSASSA-PKCS1-v1_5 (SHA-256), which the host's key store does not offer (it signs RSA only with RSA-PSS, which Binance refuses as -1022); create an HMAC or Ed25519 API key instead"

    /// Picks the signing key from the configured credentials.
    ///
    /// `credentials.api_key` is required; then `credentials.secret` (HMAC) or `credentials.private_key`
    /// (Ed25519). Without `key_type`, a `private_key` is told apart by its public part (32 bytes for
    /// Ed25519; an RSA key's DER is longer and is refused). With no credentials at all (and no
    /// `key_type`) the answer is nil: the instance serves Binance's public endpoints only (health,
    /// exchangeInfo) and refuses signed operations with an auth error, which is what
    /// `gateway plugins verify` exercises.
    public static func resolve(_ config: BinanceConfig, host: HostHandle) throws(VenueFailure) -> BinanceCredentials? {
        if config.credentials.isEmpty && config.keyType == nil { return nil }
        if config.keyType == .rsa {
            throw VenueFailure(.invalidConfig, "config: key_type \"rsa\" is not supported: \(rsaRefusal)")
        }
        guard let apiKey = config.credentials["api_key"] else {
            throw VenueFailure(.invalidConfig, "config: credentials.api_key (a text credential holding the Binance API key, e.g. env BINANCE_API_KEY) is missing")
        }
        let secret = config.credentials["secret"]
        let privateKey = config.credentials["private_key"] ?? config.credentials["rsa_key"]
        switch config.keyType {
        case .rsa?:
            throw VenueFailure(.invalidConfig, "config: key_type \"rsa\" is not supported: \(rsaRefusal)")
        case .hmac?:
            guard let secret else {
                throw VenueFailure(.invalidConfig, "config: key_type \"hmac\" needs credentials.secret (an hmac credential, e.g. env BINANCE_API_SECRET)")
            }
            return BinanceCredentials(apiKey: apiKey, signer: .hmac(secret))
        case .ed25519?:
            guard let privateKey else {
                throw VenueFailure(.invalidConfig, "config: key_type \"ed25519\" needs credentials.private_key (an ed25519 credential)")
            }
            try requireEd25519(privateKey, host: host)
            return BinanceCredentials(apiKey: apiKey, signer: .ed25519(privateKey))
        case nil:
            if let secret, privateKey == nil { return BinanceCredentials(apiKey: apiKey, signer: .hmac(secret)) }
            if let privateKey, secret == nil {
                try requireEd25519(privateKey, host: host)
                return BinanceCredentials(apiKey: apiKey, signer: .ed25519(privateKey))
            }
            if secret != nil {
                throw VenueFailure(.invalidConfig, "config: both credentials.secret and credentials.private_key are set; choose one with settings.key_type (\"hmac\" or \"ed25519\")")
            }
            throw VenueFailure(.invalidConfig, "config: no signing credential: set credentials.secret (hmac, env BINANCE_API_SECRET) or credentials.private_key (ed25519)")
        }
    }

    /// Refuses a private key whose public part is not a 32-byte Ed25519 key (an RSA key, most likely).
    static func requireEd25519(_ key: gw_key, host: HostHandle) throws(VenueFailure) {
        let publicKey: [UInt8]
        do {
            publicKey = try host.publicKey(key)
        } catch {
            throw VenueFailure(.invalidConfig, "config: credentials.private_key is not an Ed25519 key the host can sign with (\(error.message))")
        }
        guard publicKey.count == 32 else {
            throw VenueFailure(.invalidConfig, "config: credentials.private_key is not an Ed25519 key (its public part is \(publicKey.count) bytes; an RSA key?): \(rsaRefusal)")
        }
    }
}
