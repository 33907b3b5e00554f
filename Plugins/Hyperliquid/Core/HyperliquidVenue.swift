#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// The Hyperliquid venue: perps and spot through `POST /info` (reads) and `POST /exchange` (signed L1
/// actions), signed exactly as the official Python SDK signs them, with the key kept by the host.
///
/// Sans-I/O: every request goes through ``HostHandle/send(_:completion:)``; every signature through the
/// host's secp256k1 service over a digest computed here (msgpack + Keccak-256 + EIP-712 phantom agent).
///
/// - Important: The host serialises every call into one instance (operations and HTTP callbacks), so the
///   state below needs no lock. Only ``NonceSource`` is shared between instances, and it locks.
public final class HyperliquidVenue: VenuePluginInstance {
    public static let info = PluginInfo(
        name: "hyperliquid", version: "1.0.0",
        description: "Hyperliquid perps and spot: L1 actions signed as the official SDK (msgpack, phantom agent EIP-712)",
        venues: ["hyperliquid"],
        capabilities: UInt64(GW_CAP_MARKET_ORDERS | GW_CAP_LIMIT_ORDERS | GW_CAP_IOC | GW_CAP_POST_ONLY | GW_CAP_REDUCE_ONLY
            | GW_CAP_CLIENT_ORDER_ID | GW_CAP_CANCEL_ALL | GW_CAP_OPEN_ORDERS | GW_CAP_POSITIONS | GW_CAP_BALANCES
            | GW_CAP_QUERY_ORDER | GW_CAP_HEX_CLIENT_ID),
        clientOrderIdMaxLength: 34, clientOrderIdCharacters: "-_",
        // The venue's per-IP budget: 1200 weight per minute (exchange actions weigh 1 + batch/40, most reads 2 or 20).
        rateLimits: [(bucket: "weight", capacity: 1200, refillPerSecond: 20)])

    let host: HostHandle
    public let config: HyperliquidConfig
    let signer: L1ActionSigner
    /// The signing wallet (master or agent), `0x…` lower-case; nil without a key.
    public let signerAddress: String?
    /// The account whose state is queried: the vault, else `account_address`, else the signer (as the SDK).
    public let queryAddress: String?
    let nonces: NonceSource
    var catalog = InstrumentCatalog()
    var cloids: ClientOrderIds
    var memory = OrderMemory()
    /// Completions waiting for a `meta` (false) or `spotMeta` (true) request in flight.
    var metaWaiters: [Bool: [(VenueFailure?) -> Void]] = [:]

    public init(host: HostHandle, config: HyperliquidConfig, nonces: NonceSource = .shared) throws(VenueFailure) {
        self.host = host
        self.config = config
        self.nonces = nonces
        let keccak: @Sendable ([UInt8]) -> [UInt8] = { host.keccak256($0) }
        cloids = ClientOrderIds(keccak: keccak)
        signer = L1ActionSigner(keccak: keccak, source: config.phantomSource, vaultAddress: config.vaultAddress.map(Self.hexBytes))
        if let key = config.privateKey {
            let address: [UInt8]
            do throws(VenueFailure) { address = try host.publicKey(key) } catch {
                throw VenueFailure(.invalidConfig, "config: credentials.private_key must be a secp256k1 key: \(error.message)")
            }
            guard address.count == 20 else {
                throw VenueFailure(.invalidConfig, "config: credentials.private_key must be a secp256k1 key (its public part has \(address.count) bytes, not a 20-byte address)")
            }
            signerAddress = "0x" + Self.hex(address)
        } else {
            signerAddress = nil
        }
        queryAddress = config.vaultAddress ?? config.accountAddress ?? signerAddress
    }

    /// Creates an instance from the `create` configuration JSON.
    public convenience init(host: HostHandle, configJSON: String) throws(VenueFailure) {
        try self.init(host: host, config: HyperliquidConfig.parse(json: configJSON))
        let network = config.testnet ? "testnet" : "mainnet"
        if let signerAddress {
            host.log(GW_LOG_INFO, "hyperliquid \(network) at \(config.baseURL): signer \(signerAddress), account \(queryAddress ?? "-")"
                     + (config.vaultAddress.map { ", vault \($0)" } ?? ""))
        } else {
            host.log(GW_LOG_WARN, "hyperliquid \(network): no credentials.private_key configured; orders and cancels will fail with auth")
        }
    }

    // MARK: Requests

    /// POSTs a JSON body; hands back the body of a 2xx reply, or the failure (transport, 429, 5xx, 4xx).
    func post(_ path: String, body: [UInt8], cost: UInt32, isAction: Bool, doing what: String,
              _ completion: @escaping (Result<[UInt8], VenueFailure>) -> Void) {
        let request = HTTPRequest(method: "POST", url: config.baseURL + path,
                                  headers: [.init("Content-Type", "application/json")], body: body,
                                  timeoutMs: config.timeoutMs, idempotent: !isAction, rateLimitBucket: "weight",
                                  rateLimitCost: cost)
        let status = host.send(request) { response in
            if let failure = VenueErrors.failure(for: response, doing: what, isAction: isAction) {
                completion(.failure(failure))
            } else {
                completion(.success(response.body))
            }
        }
        if status != .ok {
            completion(.failure(VenueFailure(status, "hyperliquid: \(what): the host did not send the request (\(status))",
                                             retryable: status == .rateLimited)))
        }
    }

    /// A read: `POST /info` with `payload`, decoded as `T`.
    func info<T: Decodable>(_ payload: MessagePackValue, cost: UInt32, as type: T.Type, doing what: String,
                            _ completion: @escaping (Result<T, VenueFailure>) -> Void) {
        post("/info", body: Array(PythonJSON.serialize(payload).utf8), cost: cost, isAction: false, doing: what) { result in
            switch result {
            case .failure(let failure): completion(.failure(failure))
            case .success(let body):
                do throws(VenueFailure) { completion(.success(try InfoReplies.decode(T.self, body, doing: what))) } catch { completion(.failure(error)) }
            }
        }
    }

    /// The failure of an operation that needs the signing key when none is configured.
    var missingKey: VenueFailure {
        VenueFailure(.auth, "hyperliquid: no signing key: configure credentials.private_key (HYPERLIQUID_PRIVATE_KEY)")
    }

    /// The failure of a read that needs an account when there is none.
    var missingAccount: VenueFailure {
        VenueFailure(.auth, "hyperliquid: no account to query: configure credentials.private_key or settings.account_address")
    }

    /// Builds the signed `/exchange` body of `action` with a fresh nonce.
    func signedBody(_ action: MessagePackValue) throws(VenueFailure) -> [UInt8] {
        guard let key = config.privateKey, let signerAddress else { throw missingKey }
        let now = host.nowUnixMs
        let nonce = nonces.next(signer: signerAddress + "@" + config.phantomSource, nowMs: now)
        let expiresAfter = config.expiresAfterMs > 0 ? UInt64(max(0, now + config.expiresAfterMs)) : nil
        let hash = signer.actionHash(action: action, nonce: nonce, expiresAfter: expiresAfter)
        let rsv: [UInt8]
        do throws(VenueFailure) { rsv = try host.secp256k1Sign(key: key, digest: signer.digest(connectionId: hash)) } catch {
            throw VenueFailure(error.status, "hyperliquid: signing failed: \(error.message)")
        }
        let signature = try L1ActionSigner.signature(fromRSV: rsv)
        let envelope = HyperliquidAction.envelope(action: action, nonce: nonce, signature: signature,
                                                  vaultAddress: config.vaultAddress, expiresAfter: expiresAfter)
        return Array(PythonJSON.serialize(envelope).utf8)
    }

    /// A write: signs `action` and `POST /exchange`s it.
    func exchange(_ action: MessagePackValue, batchLength: Int, doing what: String,
                  _ completion: @escaping (Result<ExchangeReply, VenueFailure>) -> Void) {
        let body: [UInt8]
        do throws(VenueFailure) { body = try signedBody(action) } catch { return completion(.failure(error)) }
        post("/exchange", body: body, cost: HyperliquidAction.weight(batchLength: batchLength), isAction: true,
             doing: what) { result in
            switch result {
            case .failure(let failure): completion(.failure(failure))
            case .success(let reply):
                do throws(VenueFailure) { completion(.success(try ExchangeReply.parse(reply, doing: what))) } catch { completion(.failure(error)) }
            }
        }
    }

    // MARK: Instruments

    /// The instrument of a market id, loading or refreshing `meta`/`spotMeta` when it is unknown.
    func instrument(for market: String, _ completion: @escaping (Result<Instrument, VenueFailure>) -> Void) {
        if let known = catalog.instrument(market) { return completion(.success(known)) }
        if !InstrumentCatalog.isSpot(market), market.contains(":") {
            return completion(.failure(VenueFailure(.notFound, "hyperliquid: market '\(market)': builder-deployed perp DEX markets (dex:COIN) are not supported")))
        }
        let spot = InstrumentCatalog.isSpot(market)
        loadMeta(spot: spot) { [self] failure in
            if let failure { return completion(.failure(failure)) }
            if let known = catalog.instrument(market) { return completion(.success(known)) }
            completion(.failure(VenueFailure(.notFound, "hyperliquid: unknown market '\(market)' (not in the venue's \(spot ? "spotMeta" : "meta") universe)")))
        }
    }

    /// Fetches `meta` (perps) or `spotMeta` (spot) into the catalog; concurrent callers share one request.
    func loadMeta(spot: Bool, _ completion: @escaping (VenueFailure?) -> Void) {
        if metaWaiters[spot] != nil {
            metaWaiters[spot]!.append(completion)
            return
        }
        metaWaiters[spot] = [completion]
        let finish: (VenueFailure?) -> Void = { [self] failure in
            for waiter in metaWaiters.removeValue(forKey: spot) ?? [] { waiter(failure) }
        }
        if spot {
            info(.map([("type", .string("spotMeta"))]), cost: 20, as: InfoReplies.SpotMeta.self, doing: "spotMeta") { [self] result in
                switch result {
                case .success(let meta): catalog.apply(meta); finish(nil)
                case .failure(let failure): finish(failure)
                }
            }
        } else {
            info(.map([("type", .string("meta")), ("dex", .string(""))]), cost: 20, as: InfoReplies.PerpMeta.self,
                 doing: "meta") { [self] result in
                switch result {
                case .success(let meta): catalog.apply(meta); finish(nil)
                case .failure(let failure): finish(failure)
                }
            }
        }
    }

    /// Makes sure the tables holding `coins` are loaded (refreshing once for names still unknown).
    func loadInstruments(for coins: [String], _ completion: @escaping (VenueFailure?) -> Void) {
        let missing = coins.filter { catalog.instrument($0) == nil }
        let needPerps = missing.contains { !InstrumentCatalog.isSpot($0) }
        let needSpot = missing.contains { InstrumentCatalog.isSpot($0) }
        let loadSpot: (VenueFailure?) -> Void = { [self] failure in
            if let failure { return completion(failure) }
            if needSpot { loadMeta(spot: true, completion) } else { completion(nil) }
        }
        if needPerps { loadMeta(spot: false, loadSpot) } else { loadSpot(nil) }
    }

    // MARK: Helpers

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }

    /// Bytes of a validated `0x…` hex string.
    static func hexBytes(_ text: String) -> [UInt8] {
        let digits = Array(text.dropFirst(2).utf8)
        func value(_ c: UInt8) -> UInt8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: 0
            }
        }
        return stride(from: 0, to: digits.count - 1, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
    }

    /// A strict decimal from a venue reply, or `.internalError` naming the field.
    static func decimal(_ text: String, _ field: String, doing what: String) throws(VenueFailure) -> Decimal {
        guard let value = DecimalText.parse(text) else {
            throw VenueFailure(.internalError, "hyperliquid: \(what): field '\(field)' is not a decimal: '\(text)'")
        }
        return value
    }
}
