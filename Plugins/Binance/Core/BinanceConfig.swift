import PluginABI
import VenueKit

/// Settings of the Binance plugin, read from the manifest's `settings` (plus the host's `venue` and
/// `credentials`).
///
/// ```json
/// "settings": { "market": "spot", "testnet": false, "recv_window_ms": 5000 }
/// ```
/// - `market`: `"spot"` (default) or `"futures"` (USD-M). Chooses the host, the paths and the rules.
/// - `testnet`: use Binance's testnet host for that market.
/// - `base_url`: overrides the host entirely (a proxy, or the loopback emulator in tests).
/// - `recv_window_ms`: Binance's `recvWindow`, 1…60000 (default 5000).
/// - `key_type`: `"hmac"` or `"ed25519"`; by default chosen from the credentials. `"rsa"` is refused:
///   Binance's RSA keys sign with RSASSA-PKCS1-v1_5, which the host's key store does not offer.
/// - `time_sync_interval_s`: how old the server-clock offset may get before the next signed request
///   measures it again (default 300; it is also measured again after every -1021).
/// - `rules_ttl_s`: how long a symbol's `exchangeInfo` filters are trusted (default 3600).
/// - `request_timeout_ms`: HTTP timeout for the host (0: the host's default).
///
/// Credentials: `api_key` (text, sent as `X-MBX-APIKEY`) and either `secret` (hmac) or
/// `private_key` (ed25519). Unknown settings are refused, so a typo never silently changes nothing.
public struct BinanceConfig: Decodable, Sendable {
    public enum KeyType: String, Sendable, Decodable {
        case hmac, ed25519, rsa
    }

    public var venue: String
    public var market: BinanceMarket
    public var testnet: Bool
    public var baseURLOverride: String?
    public var recvWindowMs: Int
    public var keyType: KeyType?
    public var timeSyncIntervalMs: Int64
    public var rulesTTLMs: Int64
    public var requestTimeoutMs: UInt32
    public var credentials: [String: UInt64]

    /// The REST host this instance talks to (no trailing slash).
    public var baseURL: String {
        var url = baseURLOverride ?? (testnet ? market.testnetBaseURL : market.productionBaseURL)
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    static let knownKeys: Set<String> = ["venue", "credentials", "market", "testnet", "base_url", "recv_window_ms",
                                         "key_type", "time_sync_interval_s", "rules_ttl_s", "request_timeout_ms"]

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(venue: String = "binance", market: BinanceMarket = .spot, testnet: Bool = false,
                baseURLOverride: String? = nil, recvWindowMs: Int = 5000, keyType: KeyType? = nil,
                timeSyncIntervalMs: Int64 = 300_000, rulesTTLMs: Int64 = 3_600_000, requestTimeoutMs: UInt32 = 0,
                credentials: [String: UInt64] = [:]) {
        self.venue = venue
        self.market = market
        self.testnet = testnet
        self.baseURLOverride = baseURLOverride
        self.recvWindowMs = recvWindowMs
        self.keyType = keyType
        self.timeSyncIntervalMs = timeSyncIntervalMs
        self.rulesTTLMs = rulesTTLMs
        self.requestTimeoutMs = requestTimeoutMs
        self.credentials = credentials
    }

    public init(from decoder: any Decoder) throws {
        let any = try decoder.container(keyedBy: AnyKey.self)
        for key in any.allKeys where !Self.knownKeys.contains(key.stringValue) && !key.stringValue.hasPrefix("_") {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: any,
                debugDescription: "unknown setting '\(key.stringValue)' (known: \(Self.knownKeys.subtracting(["venue", "credentials"]).sorted().joined(separator: ", ")))")
        }
        func key(_ name: String) -> AnyKey { AnyKey(stringValue: name) }
        venue = try any.decodeIfPresent(String.self, forKey: key("venue")) ?? "binance"
        let marketText = try any.decodeIfPresent(String.self, forKey: key("market")) ?? "spot"
        guard let market = BinanceMarket(rawValue: marketText) else {
            throw DecodingError.dataCorruptedError(forKey: key("market"), in: any,
                                                   debugDescription: "market must be \"spot\" or \"futures\", got \"\(marketText)\"")
        }
        self.market = market
        testnet = try any.decodeIfPresent(Bool.self, forKey: key("testnet")) ?? false
        baseURLOverride = try any.decodeIfPresent(String.self, forKey: key("base_url"))
        if let url = baseURLOverride, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw DecodingError.dataCorruptedError(forKey: key("base_url"), in: any,
                                                   debugDescription: "base_url must be an absolute http(s) URL, got \"\(url)\"")
        }
        recvWindowMs = try any.decodeIfPresent(Int.self, forKey: key("recv_window_ms")) ?? 5000
        guard (1...60_000).contains(recvWindowMs) else {
            throw DecodingError.dataCorruptedError(forKey: key("recv_window_ms"), in: any,
                                                   debugDescription: "recv_window_ms must be between 1 and 60000 (Binance refuses more with -1131), got \(recvWindowMs)")
        }
        if let text = try any.decodeIfPresent(String.self, forKey: key("key_type")) {
            guard let type = KeyType(rawValue: text) else {
                throw DecodingError.dataCorruptedError(forKey: key("key_type"), in: any,
                                                       debugDescription: "key_type must be \"hmac\" or \"ed25519\", got \"\(text)\"")
            }
            keyType = type
        } else {
            keyType = nil
        }
        let sync = try any.decodeIfPresent(Int64.self, forKey: key("time_sync_interval_s")) ?? 300
        guard sync >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: key("time_sync_interval_s"), in: any,
                                                   debugDescription: "time_sync_interval_s must be at least 1")
        }
        timeSyncIntervalMs = sync * 1000
        let ttl = try any.decodeIfPresent(Int64.self, forKey: key("rules_ttl_s")) ?? 3600
        guard ttl >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: key("rules_ttl_s"), in: any, debugDescription: "rules_ttl_s must be at least 1")
        }
        rulesTTLMs = ttl * 1000
        requestTimeoutMs = try any.decodeIfPresent(UInt32.self, forKey: key("request_timeout_ms")) ?? 0
        credentials = try any.decodeIfPresent([String: UInt64].self, forKey: key("credentials")) ?? [:]
    }

    /// Decodes the `create` configuration JSON.
    public static func decode(_ json: String) throws(VenueFailure) -> BinanceConfig {
        try PluginConfig.decode(BinanceConfig.self, from: json)
    }
}
