/// Settings of the Polymarket plugin, read from the manifest's `settings` plus the host's `venue` and `credentials`.
///
/// Only the wallet's private key is a credential (`credentials.private_key`, kind secp256k1). API key, secret
/// and passphrase are created or derived from it at run time. Hosts default to production so tests can point
/// the plugin at a loopback emulator.
public struct PolymarketConfig: Decodable, Sendable {
    public var venue: String
    /// Key handle of the wallet's secp256k1 private key (0 when not configured).
    public var privateKeyHandle: UInt64
    /// CLOB REST host.
    public var baseURL: String
    /// Data API host (positions).
    public var dataAPIURL: String
    public var chainId: UInt64
    /// 0 EOA, 1 Polymarket proxy, 2 Gnosis Safe, 3 POLY_1271 deposit wallet.
    public var signatureType: SignatureType
    /// The wallet holding the funds for signature types 1–3 (the reference's POLYMARKET_PROXY_ADDRESS).
    public var funder: String?
    /// Nonce of the API key to create or derive (selects which key of the wallet).
    public var apiKeyNonce: UInt64
    /// V2 exchange contracts (EIP-712 verifying contracts), regular and neg-risk.
    public var exchange: String
    public var negRiskExchange: String
    /// How long a market's tick size, neg-risk flag and minimum size are trusted, in seconds.
    public var marketCacheSeconds: Int64
    /// Poll `/data/trades` this often while orders are open, to report fills as events (0: never).
    public var fillPollMs: UInt64
    /// HTTP timeout of each request, in milliseconds (0: the host's default).
    public var requestTimeoutMs: UInt32

    public static let productionCLOB = "https://clob.polymarket.com"
    public static let productionDataAPI = "https://data-api.polymarket.com"
    public static let exchangeV2 = "0xE111180000d2663C0091e4f400237545B87B996B"
    public static let negRiskExchangeV2 = "0xe2222d279d744050d28e00520010520000310F59"

    enum CodingKeys: String, CodingKey {
        case venue, credentials, funder, exchange
        case baseURL = "base_url", dataAPIURL = "data_api_url", chainId = "chain_id", signatureType = "signature_type"
        case apiKeyNonce = "api_key_nonce", negRiskExchange = "neg_risk_exchange", marketCacheSeconds = "market_cache_seconds"
        case fillPollMs = "fill_poll_ms", requestTimeoutMs = "request_timeout_ms"
    }

    public init(venue: String = "polymarket", privateKeyHandle: UInt64 = 0, baseURL: String = productionCLOB,
                dataAPIURL: String = productionDataAPI, chainId: UInt64 = 137, signatureType: SignatureType = .eoa,
                funder: String? = nil, apiKeyNonce: UInt64 = 0, exchange: String = exchangeV2,
                negRiskExchange: String = negRiskExchangeV2, marketCacheSeconds: Int64 = 300, fillPollMs: UInt64 = 2000,
                requestTimeoutMs: UInt32 = 10_000) {
        self.venue = venue
        self.privateKeyHandle = privateKeyHandle
        self.baseURL = baseURL
        self.dataAPIURL = dataAPIURL
        self.chainId = chainId
        self.signatureType = signatureType
        self.funder = funder
        self.apiKeyNonce = apiKeyNonce
        self.exchange = exchange
        self.negRiskExchange = negRiskExchange
        self.marketCacheSeconds = marketCacheSeconds
        self.fillPollMs = fillPollMs
        self.requestTimeoutMs = requestTimeoutMs
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PolymarketConfig()
        venue = try c.decodeIfPresent(String.self, forKey: .venue) ?? d.venue
        let credentials = try c.decodeIfPresent([String: Double].self, forKey: .credentials) ?? [:]
        privateKeyHandle = credentials["private_key"].map { UInt64($0) } ?? 0
        baseURL = Self.trimmed(try c.decodeIfPresent(String.self, forKey: .baseURL) ?? d.baseURL)
        dataAPIURL = Self.trimmed(try c.decodeIfPresent(String.self, forKey: .dataAPIURL) ?? d.dataAPIURL)
        chainId = try Self.integer(c, .chainId) ?? d.chainId
        let funderText = try c.decodeIfPresent(String.self, forKey: .funder)
        funder = funderText.flatMap { $0.isEmpty ? nil : $0 }
        if let raw: UInt64 = try Self.integer(c, .signatureType) {
            guard let type = SignatureType(rawValue: raw) else {
                throw DecodingError.dataCorruptedError(forKey: .signatureType, in: c,
                    debugDescription: "signature_type must be 0 (EOA), 1 (Polymarket proxy), 2 (Gnosis Safe) or 3 (POLY_1271 deposit wallet)")
            }
            signatureType = type
        } else {
            // As the reference gateway: a configured proxy address means a Polymarket proxy wallet.
            signatureType = funder == nil ? .eoa : .polyProxy
        }
        if signatureType != .eoa && funder == nil {
            throw DecodingError.dataCorruptedError(forKey: .funder, in: c,
                debugDescription: "signature_type \(signatureType.rawValue) needs 'funder', the address of the wallet holding the funds")
        }
        apiKeyNonce = try Self.integer(c, .apiKeyNonce) ?? d.apiKeyNonce
        exchange = try c.decodeIfPresent(String.self, forKey: .exchange) ?? d.exchange
        negRiskExchange = try c.decodeIfPresent(String.self, forKey: .negRiskExchange) ?? d.negRiskExchange
        marketCacheSeconds = try Self.integer(c, .marketCacheSeconds) ?? d.marketCacheSeconds
        fillPollMs = try Self.integer(c, .fillPollMs) ?? d.fillPollMs
        requestTimeoutMs = try Self.integer(c, .requestTimeoutMs) ?? d.requestTimeoutMs
        for (key, url) in [(CodingKeys.baseURL, baseURL), (.dataAPIURL, dataAPIURL)]
        where !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(url)' is not an absolute http(s) URL")
        }
    }

    /// A non-negative whole number, whether the host wrote it as `7` or `7.0`.
    static func integer<T: FixedWidthInteger>(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> T? {
        guard let value = try c.decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard value >= 0, value.rounded() == value, let integer = T(exactly: value) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue) must be a non-negative whole number")
        }
        return integer
    }

    static func trimmed(_ url: String) -> String {
        var text = url
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
