#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// Settings of a Kalshi instance: the manifest's `settings` plus the host's `venue` and `credentials`.
///
/// Every field has a production default, so a manifest needs only credentials. Money is given as
/// decimal strings. Unknown or malformed values are refused with the field named, so a typo never
/// silently changes how orders are sent.
public struct KalshiConfig: Sendable {
    /// The venue id this instance serves (`kalshi`).
    public var venue: String
    public var environment: KalshiEnvironment
    /// The REST root actually used (`environment`'s default or the `base_url` override).
    public var baseURL: KalshiBaseURL
    /// Which order endpoint and body shape to use (see ``KalshiOrderEndpoint``).
    public var orderEndpoint: KalshiOrderEndpoint
    public var rateTier: KalshiRateTier
    /// Price bound of a market buy without a limit price (the worst price it may pay).
    public var marketWorstBuyPrice: Decimal
    /// Price bound of a market sell without a limit price (the worst price it may accept).
    public var marketWorstSellPrice: Decimal
    /// How a market buy is bounded: by its price alone, or also by `buy_max_cost` (which the venue runs as fill-or-kill).
    public var marketBuyBound: MarketBuyBound
    /// `self_trade_prevention_type` to send (`taker_at_cross` or `maker`); nil sends none (the events endpoint requires one).
    public var selfTradePrevention: String?
    /// `cancel_order_on_pause` to send; nil sends none.
    public var cancelOrderOnPause: Bool?
    /// How often open orders placed by this instance are polled for fills and venue cancels (0: never).
    public var pollIntervalMs: UInt64
    /// How long a market's price grid is reused before it is fetched again.
    public var marketCacheMs: Int64
    /// Timeout of each request (0: the host's default).
    public var requestTimeoutMs: UInt32
    /// Pages of 200 orders searched when an order is looked up by client order id.
    public var maxLookupPages: Int
    /// Key handle of the API key id (a TEXT key), 0 when not configured.
    public var apiKeyHandle: gw_key
    /// Key handle of the RSA private key, 0 when not configured.
    public var privateKeyHandle: gw_key

    /// How a market buy order's cost is bounded.
    public enum MarketBuyBound: String, Sendable {
        /// An immediate-or-cancel (or fill-or-kill) limit at the bound price.
        case price
        /// As `price`, plus `buy_max_cost` in cents = count × bound (rounded down): the venue then fills or kills.
        case buyMaxCost = "buy_max_cost"
    }

    /// Manifest credential names.
    public static let apiKeyCredential = "api_key"
    public static let privateKeyCredential = "private_key"

    public static let knownSettings: Set<String> = [
        "venue", "credentials", "environment", "base_url", "order_endpoint", "rate_limit_tier",
        "market_worst_buy_price", "market_worst_sell_price", "market_buy_bound", "self_trade_prevention_type",
        "cancel_order_on_pause", "poll_interval_ms", "market_cache_ms", "request_timeout_ms", "max_lookup_pages",
    ]

    public init(venue: String = "kalshi", environment: KalshiEnvironment = .production, baseURL: String? = nil,
                orderEndpoint: KalshiOrderEndpoint = .defaultEndpoint, rateTier: KalshiRateTier = .basic,
                marketWorstBuyPrice: Decimal = Decimal(string: "0.99")!, marketWorstSellPrice: Decimal = Decimal(string: "0.01")!,
                marketBuyBound: MarketBuyBound = .price, selfTradePrevention: String? = nil, cancelOrderOnPause: Bool? = nil,
                pollIntervalMs: UInt64 = 2000, marketCacheMs: Int64 = 300_000, requestTimeoutMs: UInt32 = 0,
                maxLookupPages: Int = 25, apiKeyHandle: gw_key = 0, privateKeyHandle: gw_key = 0) throws(VenueFailure) {
        self.venue = venue
        self.environment = environment
        let text = baseURL ?? environment.defaultBaseURL
        guard let parsed = KalshiBaseURL(text) else {
            throw VenueFailure(.invalidConfig, "config: field 'base_url' must be an absolute http(s) URL without query (got '\(text)')")
        }
        self.baseURL = parsed
        self.orderEndpoint = orderEndpoint
        self.rateTier = rateTier
        self.marketWorstBuyPrice = marketWorstBuyPrice
        self.marketWorstSellPrice = marketWorstSellPrice
        self.marketBuyBound = marketBuyBound
        self.selfTradePrevention = selfTradePrevention
        self.cancelOrderOnPause = cancelOrderOnPause
        self.pollIntervalMs = pollIntervalMs
        self.marketCacheMs = marketCacheMs
        self.requestTimeoutMs = requestTimeoutMs
        self.maxLookupPages = maxLookupPages
        self.apiKeyHandle = apiKeyHandle
        self.privateKeyHandle = privateKeyHandle
        try check()
    }

    private func check() throws(VenueFailure) {
        func bad(_ field: String, _ why: String) -> VenueFailure { VenueFailure(.invalidConfig, "config: field '\(field)' \(why)") }
        guard marketWorstBuyPrice > 0, marketWorstBuyPrice < 1 else { throw bad("market_worst_buy_price", "must be between 0 and 1 exclusive") }
        guard marketWorstSellPrice > 0, marketWorstSellPrice < 1 else { throw bad("market_worst_sell_price", "must be between 0 and 1 exclusive") }
        if let stp = selfTradePrevention, !["taker_at_cross", "maker"].contains(stp) {
            throw bad("self_trade_prevention_type", "must be 'taker_at_cross' or 'maker' (got '\(stp)')")
        }
        if marketBuyBound == .buyMaxCost && !orderEndpoint.supportsBuyMaxCost {
            throw bad("market_buy_bound", "'buy_max_cost' is not offered by order_endpoint '\(orderEndpoint.rawValue)'")
        }
        for other in KalshiEnvironment.allCases where other != environment && other.knownHosts.contains(baseURL.host) {
            throw bad("base_url", "points at Kalshi's \(other.rawValue) host \(baseURL.host) while 'environment' is '\(environment.rawValue)'; demo and production keys are separate, so set both together")
        }
        guard marketCacheMs >= 0 else { throw bad("market_cache_ms", "must not be negative") }
        guard (1...10_000).contains(maxLookupPages) else { throw bad("max_lookup_pages", "must be between 1 and 10000") }
    }

    /// Decodes the `create` configuration JSON.
    public static func decode(_ json: String) throws(VenueFailure) -> KalshiConfig {
        guard case .object(let root)? = KalshiJSONValue.parse(Array(json.utf8)) else {
            throw VenueFailure(.invalidConfig, "config: not a JSON object")
        }
        for key in root.keys.sorted() where !knownSettings.contains(key) && !key.hasPrefix("_") {
            throw VenueFailure(.invalidConfig, "config: unknown setting '\(key)' (known: \(knownSettings.sorted().joined(separator: ", ")))")
        }
        func string(_ key: String) throws(VenueFailure) -> String? {
            guard let value = root[key] else { return nil }
            guard case .string(let text) = value, !text.isEmpty else {
                throw VenueFailure(.invalidConfig, "config: field '\(key)' must be a non-empty string")
            }
            return text
        }
        func number(_ key: String) throws(VenueFailure) -> Int64? {
            guard let value = root[key] else { return nil }
            guard case .number(let n) = value, let exact = Int64(exactly: n), exact >= 0 else {
                throw VenueFailure(.invalidConfig, "config: field '\(key)' must be a non-negative integer")
            }
            return exact
        }
        func price(_ key: String, _ fallback: Decimal) throws(VenueFailure) -> Decimal {
            guard let text = try string(key) else { return fallback }
            guard let value = DecimalText.parse(text) else {
                throw VenueFailure(.invalidConfig, "config: field '\(key)' must be a decimal string such as \"0.99\" (got '\(text)')")
            }
            return value
        }
        func choice<T: RawRepresentable & CaseIterableNames>(_ key: String, _ fallback: T) throws(VenueFailure) -> T
            where T.RawValue == String
        {
            guard let text = try string(key) else { return fallback }
            guard let value = T(rawValue: text) else {
                throw VenueFailure(.invalidConfig, "config: field '\(key)' must be one of \(T.names.joined(separator: ", ")) (got '\(text)')")
            }
            return value
        }
        var apiKey: gw_key = 0
        var privateKey: gw_key = 0
        if let credentials = root["credentials"] {
            guard case .object(let object) = credentials else {
                throw VenueFailure(.invalidConfig, "config: field 'credentials' must be an object of key handles")
            }
            func handle(_ name: String) throws(VenueFailure) -> gw_key {
                guard let value = object[name] else { return 0 }
                guard case .number(let n) = value, let exact = UInt64(exactly: n), exact > 0 else {
                    throw VenueFailure(.invalidConfig, "config: field 'credentials.\(name)' must be a key handle number")
                }
                return exact
            }
            apiKey = try handle(apiKeyCredential)
            privateKey = try handle(privateKeyCredential)
        }
        var cancelOnPause: Bool?
        if let value = root["cancel_order_on_pause"] {
            guard case .bool(let flag) = value else {
                throw VenueFailure(.invalidConfig, "config: field 'cancel_order_on_pause' must be true or false")
            }
            cancelOnPause = flag
        }
        let defaults = try KalshiConfig()
        let endpoint: KalshiOrderEndpoint = try choice("order_endpoint", .defaultEndpoint)
        var stp = try string("self_trade_prevention_type")
        if stp == nil && endpoint.requiresSelfTradePrevention { stp = "taker_at_cross" }
        return try KalshiConfig(
            venue: try string("venue") ?? defaults.venue,
            environment: try choice("environment", KalshiEnvironment.production),
            baseURL: try string("base_url"),
            orderEndpoint: endpoint,
            rateTier: try choice("rate_limit_tier", KalshiRateTier.basic),
            marketWorstBuyPrice: try price("market_worst_buy_price", defaults.marketWorstBuyPrice),
            marketWorstSellPrice: try price("market_worst_sell_price", defaults.marketWorstSellPrice),
            marketBuyBound: try choice("market_buy_bound", MarketBuyBound.price),
            selfTradePrevention: stp,
            cancelOrderOnPause: cancelOnPause,
            pollIntervalMs: UInt64(try number("poll_interval_ms") ?? Int64(defaults.pollIntervalMs)),
            marketCacheMs: try number("market_cache_ms") ?? defaults.marketCacheMs,
            requestTimeoutMs: UInt32(clamping: try number("request_timeout_ms") ?? 0),
            maxLookupPages: Int(try number("max_lookup_pages") ?? Int64(defaults.maxLookupPages)),
            apiKeyHandle: apiKey, privateKeyHandle: privateKey)
    }
}

/// The accepted spellings of a setting whose value is one of a few words (for error messages).
public protocol CaseIterableNames {
    static var names: [String] { get }
}

extension KalshiEnvironment: CaseIterableNames {
    public static var names: [String] { allCases.map(\.rawValue) }
}

extension KalshiRateTier: CaseIterableNames {
    public static var names: [String] { allCases.map(\.rawValue) }
}

extension KalshiOrderEndpoint: CaseIterableNames {
    public static var names: [String] { allCases.map(\.rawValue) }
}

extension KalshiConfig.MarketBuyBound: CaseIterableNames {
    public static var names: [String] { ["price", "buy_max_cost"] }
}
