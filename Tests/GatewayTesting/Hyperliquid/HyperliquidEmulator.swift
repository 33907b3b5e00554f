import Foundation
import GatewayCrypto
import Synchronization

/// A loopback Hyperliquid venue that judges requests the way the venue does.
///
/// `/exchange`: the action is parsed into typed fields, re-serialised as msgpack in the venue's order,
/// hashed with the nonce and vault flag, and the signer is recovered from the EIP-712 phantom agent
/// digest (``HyperliquidL1Verifier``). A signer that is neither a known account nor an approved agent gets
/// the venue's `User or API Wallet 0x… does not exist.`; nonces are checked per signer (not reused,
/// above the smallest of the 100 highest, within (now − 2 days, now + 1 day) of the block time); a vault
/// must be led by the signer's account. Orders are checked against the tick and lot rules and matched
/// against a one-price book per coin (the mid): they rest, fill (fully or partly) or fail with the venue's
/// texts. `/info` answers `meta`, `spotMeta`, `allMids`, `clearinghouseState`, `spotClearinghouseState`,
/// `openOrders`, `frontendOpenOrders` and `orderStatus` in the venue's shapes (numbers as strings).
///
/// Use ``handle(_:)`` as a ``LoopbackHTTPServer`` handler. Thread-safe.
public final class HyperliquidEmulator: Sendable {
    public struct PerpAsset: Sendable {
        public var name: String
        public var szDecimals: Int
        public init(_ name: String, szDecimals: Int) {
            self.name = name
            self.szDecimals = szDecimals
        }
    }

    public struct SpotToken: Sendable {
        public var name: String
        public var szDecimals: Int
        public var index: Int
        public init(_ name: String, szDecimals: Int, index: Int) {
            self.name = name
            self.szDecimals = szDecimals
            self.index = index
        }
    }

    public struct SpotPair: Sendable {
        public var name: String
        public var base: Int
        public var quote: Int
        public var index: Int
        public init(_ name: String, base: Int, quote: Int, index: Int) {
            self.name = name
            self.base = base
            self.quote = quote
            self.index = index
        }
    }

    /// An order the emulator keeps (open or finished).
    public struct Order: Sendable, Equatable {
        public var user: String
        public var oid: UInt64
        public var coin: String
        public var asset: UInt64
        public var isBuy: Bool
        public var limitPx: Decimal
        public var origSz: Decimal
        /// Remaining size.
        public var sz: Decimal
        public var cloid: String?
        public var tif: String
        public var reduceOnly: Bool
        public var timestamp: Int64
        /// `open`, `filled`, `canceled`, …
        public var status: String
        public var statusTimestamp: Int64
    }

    /// One `/exchange` request as judged.
    public struct ExchangeRecord: Sendable {
        public var body: String
        /// Recovered signer (lower-case), nil if the body could not be parsed.
        public var signer: String?
        /// The account acted for (after agent and vault resolution), nil if refused before.
        public var account: String?
        public var nonce: UInt64?
        public var action: HyperliquidL1Verifier.Action?
        public var status: Int
        public var reply: String
    }

    struct Position: Sendable {
        var szi: Decimal
        var entry: Decimal
    }

    struct State: Sendable {
        var perps: [PerpAsset] = []
        var tokens: [SpotToken] = []
        var pairs: [SpotPair] = []
        var mids: [String: Decimal] = [:]
        var liquidity: [String: Decimal] = [:]
        var users: Set<String> = []
        var agents: [String: String] = [:]
        var vaults: [String: String] = [:]
        var nonces: [String: [UInt64]] = [:]
        var orders: [UInt64: Order] = [:]
        var orderIds: [UInt64] = []
        var nextOid: UInt64 = 1_000_000_001
        var positions: [String: [String: Position]] = [:]
        var usdc: [String: Decimal] = [:]
        var spot: [String: [String: Decimal]] = [:]
        var injected: [(path: String, response: LoopbackHTTPServer.Response)] = []
        var exchangeLog: [ExchangeRecord] = []
        var infoLog: [EmulatorJSON] = []
    }

    let state = Mutex(State())
    /// True for mainnet (phantom source "a"), false for testnet ("b").
    public let mainnet: Bool
    /// The block time in ms.
    let clock: @Sendable () -> Int64

    /// - Parameters:
    ///   - mainnet: which phantom-agent source the emulator expects.
    ///   - clock: the venue's block time in milliseconds (tests pass the same fixed clock as the host's).
    public init(mainnet: Bool = true, clock: @escaping @Sendable () -> Int64) {
        self.mainnet = mainnet
        self.clock = clock
    }

    // MARK: Configuration

    public func setPerps(_ assets: [PerpAsset]) { state.withLock { $0.perps = assets } }

    public func setSpot(tokens: [SpotToken], pairs: [SpotPair]) {
        state.withLock { $0.tokens = tokens; $0.pairs = pairs }
    }

    public func setMid(_ coin: String, _ price: String) { state.withLock { $0.mids[coin] = Decimal(string: price)! } }

    public func removeMid(_ coin: String) { _ = state.withLock { $0.mids.removeValue(forKey: coin) } }

    /// Most size one order can fill at the mid (default: unlimited).
    public func setLiquidity(_ coin: String, _ size: String) { state.withLock { $0.liquidity[coin] = Decimal(string: size)! } }

    /// An account that exists, with perp collateral in USDC.
    public func addUser(_ address: String, usdc: String = "10000") {
        state.withLock {
            $0.users.insert(address.lowercased())
            $0.usdc[address.lowercased()] = Decimal(string: usdc)!
        }
    }

    /// An API wallet allowed to sign for `master`.
    public func approveAgent(_ agent: String, for master: String) { state.withLock { $0.agents[agent.lowercased()] = master.lowercased() } }

    /// A vault (or sub-account) led by `leader`; it becomes an account of its own.
    public func addVault(_ vault: String, leader: String, usdc: String = "10000") {
        state.withLock {
            $0.vaults[vault.lowercased()] = leader.lowercased()
            $0.users.insert(vault.lowercased())
            $0.usdc[vault.lowercased()] = Decimal(string: usdc)!
        }
    }

    public func setPosition(_ user: String, coin: String, szi: String, entry: String) {
        state.withLock { $0.positions[user.lowercased(), default: [:]][coin] = Position(szi: Decimal(string: szi)!, entry: Decimal(string: entry)!) }
    }

    public func setSpotBalance(_ user: String, coin: String, total: String) {
        state.withLock { $0.spot[user.lowercased(), default: [:]][coin] = Decimal(string: total)! }
    }

    /// An order already at the venue (open unless `status` says otherwise).
    public func seedOrder(user: String, oid: UInt64, coin: String, isBuy: Bool, price: String, size: String, remaining: String? = nil,
                          cloid: String? = nil, tif: String = "Gtc", status: String = "open", timestamp: Int64 = 1_700_000_000_000) {
        state.withLock { s in
            let asset = Self.asset(of: coin, in: s) ?? 0
            s.orders[oid] = Order(user: user.lowercased(), oid: oid, coin: coin, asset: asset, isBuy: isBuy,
                                  limitPx: Decimal(string: price)!, origSz: Decimal(string: size)!,
                                  sz: Decimal(string: remaining ?? size)!, cloid: cloid, tif: tif, reduceOnly: false,
                                  timestamp: timestamp, status: status, statusTimestamp: timestamp)
            s.orderIds.append(oid)
        }
    }

    /// The next reply to a request on `path` ("/info" or "/exchange") is this one, whatever was asked.
    public func inject(path: String, status: Int, body: String, headers: [(String, String)] = [("content-type", "application/json")]) {
        state.withLock { $0.injected.append((path, LoopbackHTTPServer.Response(status: status, headers: headers, body: body))) }
    }

    // MARK: Observation

    public var exchangeRecords: [ExchangeRecord] { state.withLock { $0.exchangeLog } }

    /// The bodies of the `/info` requests received, parsed.
    public var infoRequests: [EmulatorJSON] { state.withLock { $0.infoLog } }

    public func order(_ oid: UInt64) -> Order? { state.withLock { $0.orders[oid] } }

    public func orders(of user: String) -> [Order] {
        state.withLock { s in s.orderIds.compactMap { s.orders[$0] }.filter { $0.user == user.lowercased() } }
    }

    public func position(_ user: String, coin: String) -> Decimal? {
        state.withLock { $0.positions[user.lowercased()]?[coin]?.szi }
    }

    // MARK: Handling

    /// Answers one request as the venue would.
    public func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        if let injected = state.withLock({ s -> LoopbackHTTPServer.Response? in
            guard let index = s.injected.firstIndex(where: { $0.path == request.path }) else { return nil }
            return s.injected.remove(at: index).response
        }) {
            if request.path == "/exchange" {
                state.withLock { $0.exchangeLog.append(ExchangeRecord(body: request.bodyText, signer: nil, account: nil, nonce: nil,
                                                                      action: nil, status: injected.status,
                                                                      reply: String(decoding: injected.body, as: UTF8.self))) }
            }
            return injected
        }
        guard request.method == "POST" else { return .init(status: 405, headers: [], body: "Method Not Allowed") }
        switch request.path {
        case "/info": return info(request)
        case "/exchange": return exchange(request)
        default: return .init(status: 404, headers: [], body: "Not Found")
        }
    }

    /// Answers a request given by its parts (for tests that talk to the emulator without a socket).
    public func handle(method: String = "POST", path: String, contentType: String = "application/json", body: [UInt8])
        -> LoopbackHTTPServer.Response
    {
        handle(LoopbackHTTPServer.Request(method: method, uri: path, headers: [("Content-Type", contentType)], body: body))
    }

    static let deserializeFailure = LoopbackHTTPServer.Response(
        status: 422, headers: [("content-type", "text/plain; charset=utf-8")],
        body: "Failed to deserialize the JSON body into the target type")

    static func json(_ value: EmulatorJSON) -> LoopbackHTTPServer.Response {
        .init(status: 200, body: value.compact)
    }

    // MARK: Helpers shared by the endpoints

    static func asset(of coin: String, in s: State) -> UInt64? {
        if let index = s.perps.firstIndex(where: { $0.name == coin }) { return UInt64(index) }
        if let pair = s.pairs.first(where: { $0.name == coin }) { return 10_000 + UInt64(pair.index) }
        return nil
    }

    /// (coin, szDecimals, is spot) of an asset id.
    static func instrument(_ asset: UInt64, in s: State) -> (coin: String, szDecimals: Int, spot: Bool, base: String?, quote: String?)? {
        if asset < 10_000 {
            guard asset < UInt64(s.perps.count) else { return nil }
            let perp = s.perps[Int(asset)]
            return (perp.name, perp.szDecimals, false, nil, nil)
        }
        guard let pair = s.pairs.first(where: { UInt64($0.index) + 10_000 == asset }),
              let base = s.tokens.first(where: { $0.index == pair.base }),
              let quote = s.tokens.first(where: { $0.index == pair.quote }) else { return nil }
        return (pair.name, base.szDecimals, true, base.name, quote.name)
    }

    /// Venue-style number text: always with a fraction ("10.0", "0.5").
    static func text(_ value: Decimal) -> String {
        let plain = HyperliquidL1Verifier.canonical(value)
        return plain.contains(".") ? plain : plain + ".0"
    }

    static func isAddress(_ text: String) -> Bool {
        text.count == 42 && text.hasPrefix("0x") && text.dropFirst(2).allSatisfy(\.isHexDigit)
    }
}
