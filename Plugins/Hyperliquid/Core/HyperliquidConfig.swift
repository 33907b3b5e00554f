#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// Settings of a Hyperliquid instance: the manifest's `settings` plus the host's `venue` and `credentials`.
///
/// ```json
/// {"testnet": false, "account_address": "0x…", "vault_address": "0x…", "market_slippage": "0.05",
///  "base_url": "https://api.hyperliquid.xyz", "credentials": {"private_key": 3}}
/// ```
/// - `private_key` is a secp256k1 handle: the master wallet or an API (agent) wallet. It signs; the host keeps it.
/// - `account_address` is the master account whose state is queried when the key is an agent's.
/// - `vault_address` trades on behalf of a vault or sub-account: it enters every signed action, and
///   queries use it.
/// - `testnet` switches the default URL and the phantom agent's source ("b" instead of "a").
/// - `base_url` overrides the REST host (tests point it at a loopback emulator).
/// - `market_slippage` bounds market orders: they are sent as IOC limits at mid ± this fraction.
/// - `expires_after_ms`: when set, every action carries `expiresAfter = now + this` and the venue drops
///   it if it arrives later (0 = off, as the SDK).
/// - `timeout_ms`: HTTP timeout asked of the host (0 or absent: the host's default).
public struct HyperliquidConfig: Sendable {
    public static let mainnetURL = "https://api.hyperliquid.xyz"
    public static let testnetURL = "https://api.hyperliquid-testnet.xyz"

    public var venue: String
    public var testnet: Bool
    public var baseURL: String
    /// The signing key's handle, nil when none was configured (then only configuration checks work).
    public var privateKey: gw_key?
    /// Lower-case `0x…` address, or nil.
    public var accountAddress: String?
    /// Lower-case `0x…` address, or nil.
    public var vaultAddress: String?
    public var marketSlippage: Decimal
    public var expiresAfterMs: Int64
    /// HTTP timeout the plugin asks for (0: the host's default).
    public var timeoutMs: UInt32

    public init(venue: String = "hyperliquid", testnet: Bool = false, baseURL: String? = nil, privateKey: gw_key? = nil,
                accountAddress: String? = nil, vaultAddress: String? = nil, marketSlippage: Decimal = Decimal(string: "0.05")!,
                expiresAfterMs: Int64 = 0, timeoutMs: UInt32 = 0) {
        self.venue = venue
        self.testnet = testnet
        self.baseURL = baseURL ?? (testnet ? Self.testnetURL : Self.mainnetURL)
        self.privateKey = privateKey
        self.accountAddress = accountAddress
        self.vaultAddress = vaultAddress
        self.marketSlippage = marketSlippage
        self.expiresAfterMs = expiresAfterMs
        self.timeoutMs = timeoutMs
    }

    /// The "source" of the phantom agent: "a" on mainnet, "b" on testnet.
    public var phantomSource: String { testnet ? "b" : "a" }

    /// Parses the `create` configuration, naming the field at fault.
    public static func parse(json: String) throws(VenueFailure) -> HyperliquidConfig {
        let raw = try PluginConfig.decode(Raw.self, from: json)
        var config = HyperliquidConfig(venue: raw.venue ?? "hyperliquid", testnet: raw.testnet ?? false)
        if let url = raw.baseURL {
            let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
            guard trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://") else {
                throw VenueFailure(.invalidConfig, "config: field 'base_url' must start with http:// or https:// (got '\(url)')")
            }
            config.baseURL = trimmed
            // Signing for one network and sending to the other only ever yields "User or API Wallet … does not exist".
            if config.testnet && trimmed == mainnetURL || !config.testnet && trimmed == testnetURL {
                throw VenueFailure(.invalidConfig, "config: 'testnet' is \(config.testnet) but 'base_url' is \(trimmed); "
                                   + "set both for the same network (testnet: \(testnetURL))")
            }
        }
        if let handle = raw.credentials?["private_key"] {
            guard handle > 0 else { throw VenueFailure(.invalidConfig, "config: credentials.private_key is not a key handle") }
            config.privateKey = handle
        }
        config.accountAddress = try address(raw.accountAddress, field: "account_address")
        config.vaultAddress = try address(raw.vaultAddress, field: "vault_address")
        if let text = raw.marketSlippage {
            guard let value = DecimalText.parse(text), value > 0, value < 1 else {
                throw VenueFailure(.invalidConfig, "config: field 'market_slippage' must be a fraction between 0 and 1 exclusive (got '\(text)')")
            }
            config.marketSlippage = value
        }
        if let ms = raw.expiresAfterMs {
            guard ms >= 0, ms <= 86_400_000 else {
                throw VenueFailure(.invalidConfig, "config: field 'expires_after_ms' must be between 0 and 86400000 (got \(ms))")
            }
            config.expiresAfterMs = ms
        }
        if let timeout = raw.timeoutMs { config.timeoutMs = timeout }
        return config
    }

    /// A `0x` + 40 hex address, lower-cased; nil when absent or empty.
    static func address(_ text: String?, field: String) throws(VenueFailure) -> String? {
        guard let text, !text.isEmpty else { return nil }
        let lower = text.lowercased()
        guard lower.count == 42, lower.hasPrefix("0x"), lower.dropFirst(2).allSatisfy(\.isHexDigit) else {
            throw VenueFailure(.invalidConfig, "config: field '\(field)' must be a 0x-prefixed 20-byte hex address (got '\(text)')")
        }
        return lower
    }

    /// The manifest's shape. Numbers may also be written as strings (`"0.05"`), so money never passes through Double.
    struct Raw: Decodable {
        var venue: String?
        var testnet: Bool?
        var baseURL: String?
        var credentials: [String: UInt64]?
        var accountAddress: String?
        var vaultAddress: String?
        var marketSlippage: String?
        var expiresAfterMs: Int64?
        var timeoutMs: UInt32?

        enum CodingKeys: String, CodingKey {
            case venue, testnet, credentials
            case baseURL = "base_url", accountAddress = "account_address", vaultAddress = "vault_address"
            case marketSlippage = "market_slippage", expiresAfterMs = "expires_after_ms", timeoutMs = "timeout_ms"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            venue = try c.decodeIfPresent(String.self, forKey: .venue)
            testnet = try c.decodeIfPresent(Bool.self, forKey: .testnet)
            baseURL = try c.decodeIfPresent(String.self, forKey: .baseURL)
            credentials = try c.decodeIfPresent([String: UInt64].self, forKey: .credentials)
            accountAddress = try c.decodeIfPresent(String.self, forKey: .accountAddress)
            vaultAddress = try c.decodeIfPresent(String.self, forKey: .vaultAddress)
            if let text = try? c.decodeIfPresent(String.self, forKey: .marketSlippage) {
                marketSlippage = text
            } else if let number = try c.decodeIfPresent(Decimal.self, forKey: .marketSlippage) {
                marketSlippage = DecimalText.format(number)
            }
            expiresAfterMs = try c.decodeIfPresent(Int64.self, forKey: .expiresAfterMs)
            timeoutMs = try c.decodeIfPresent(UInt32.self, forKey: .timeoutMs)
        }
    }
}
