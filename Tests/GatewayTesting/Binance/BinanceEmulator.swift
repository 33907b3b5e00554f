import Foundation
import GatewayCrypto
import Synchronization

/// A loopback stand-in for Binance spot or USD-M futures that judges requests as Binance does.
///
/// - Signed endpoints need `X-MBX-APIKEY` of a known account (-2014 / -2015 otherwise), a
///   `signature` over `totalParams` (the query string as sent, followed by the body with no `&`):
///   lower-case hex HMAC-SHA256 with the account's secret, or base64 Ed25519 (percent-decoded first)
///   with its public key (-1022 otherwise), and a `timestamp` inside the window Binance documents:
///   `timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow` (-1021 otherwise).
/// - Orders are checked against the symbol's filters (spot -1013 `Filter failure: …`, futures -4014,
///   -4023, -4164, …), parameter formats (-1100, -1102, -1104, -1111), balances (-2010, -2019) and
///   reduce-only (-2022); accepted orders fill at the symbol's last price when marketable.
/// - Replies use Binance's shapes and error bodies, and carry `X-MBX-USED-WEIGHT-1M`.
///
/// Pass ``handle(_:)`` to a ``LoopbackHTTPServer``. `now` is the server's clock in milliseconds.
public final class BinanceEmulator: Sendable {
    public typealias Market = BinanceEmulatorModel.Market
    public typealias Symbol = BinanceEmulatorModel.Symbol
    public typealias Order = BinanceEmulatorModel.Order
    public typealias Fault = BinanceEmulatorModel.Fault

    struct State {
        var symbols: [String: Symbol]
        var orders: [Int64: Order] = [:]
        var nextOrderId: Int64
        var nextTradeId: Int64 = 7_000_001
        /// Spot: asset → (free, locked). Futures: "USDT" wallet in `free`.
        var balances: [String: (free: Decimal, locked: Decimal)]
        /// Futures: symbol → (signed amount, entry price).
        var positions: [String: (amount: Decimal, entry: Decimal)] = [:]
        var faults: [Fault] = []
    }

    public let market: Market
    let accounts: [String: BinanceEmulatorModel.Account]
    let now: @Sendable () -> Int64
    let state: Mutex<State>
    /// Request weight used so far (its own lock: replies are built while `state` is held).
    let usedWeight = Mutex(0)
    let verifier = KeyStore()
    let hmacHandles: [String: KeyHandle]

    /// Futures leverage used for the margin check.
    public let leverage: Decimal = 20

    public init(market: Market, accounts: [BinanceEmulatorModel.Account], symbols: [Symbol],
                balances: [String: Decimal], now: @escaping @Sendable () -> Int64) throws {
        self.market = market
        self.now = now
        var byKey: [String: BinanceEmulatorModel.Account] = [:]
        var handles: [String: KeyHandle] = [:]
        for account in accounts {
            byKey[account.apiKey] = account
            if let secret = account.hmacSecret {
                handles[account.apiKey] = try verifier.add(kind: .hmac, material: Array(secret.utf8), label: "emulator \(account.apiKey.prefix(6))")
            }
        }
        self.accounts = byKey
        hmacHandles = handles
        state = Mutex(State(symbols: Dictionary(uniqueKeysWithValues: symbols.map { ($0.symbol, $0) }),
                            nextOrderId: market == .spot ? 28 : 283_194_212,
                            balances: balances.mapValues { ($0, 0) }))
    }

    // MARK: Test controls

    /// Answers the next request to `fault.path` (and method, if given) with the fault.
    public func inject(_ fault: Fault) { state.withLock { $0.faults.append(fault) } }

    public func setLastPrice(_ symbol: String, _ price: Decimal) {
        state.withLock { $0.symbols[symbol]?.lastPrice = price }
    }

    /// Every order the emulator holds, by id.
    public var orders: [Order] { state.withLock { $0.orders.values.sorted { $0.orderId < $1.orderId } } }

    public func balance(_ asset: String) -> (free: Decimal, locked: Decimal)? { state.withLock { $0.balances[asset] } }

    public func position(_ symbol: String) -> Decimal { state.withLock { $0.positions[symbol]?.amount ?? 0 } }

    /// Opens a futures position directly (as if filled earlier).
    public func setPosition(_ symbol: String, amount: Decimal, entry: Decimal) {
        state.withLock { $0.positions[symbol] = (amount, entry) }
    }

    // MARK: Requests

    /// Judges one request and answers as Binance would.
    public func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let fault: Fault? = state.withLock { s in
            guard let index = s.faults.firstIndex(where: { $0.path == request.path && ($0.method == nil || $0.method == request.method) }) else { return nil }
            return s.faults.remove(at: index)
        }
        if let fault, fault.mode == .instead { return respond(fault.status, fault.body, extra: fault.headers) }
        let answer = route(request)
        if let fault { return respond(fault.status, fault.body, extra: fault.headers) }
        return answer
    }

    func route(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let prefix = market == .spot ? "/api/v3" : "/fapi"
        guard request.path.hasPrefix(prefix) else {
            return respond(404, "<html><body><h1>404 Not Found</h1></body></html>", contentType: "text/html")
        }
        let params: Params
        switch Params.parse(query: request.query, body: request.bodyText) {
        case .success(let p): params = p
        case .failure(let e): return e.response(self)
        }
        switch (request.method, request.path) {
        case ("GET", "/api/v3/time"), ("GET", "/fapi/v1/time"):
            return ok(#"{"serverTime":\#(now())}"#, weight: 1)
        case ("GET", "/api/v3/exchangeInfo"), ("GET", "/fapi/v1/exchangeInfo"):
            return exchangeInfo(params)
        default: break
        }
        let account: BinanceEmulatorModel.Account
        switch authenticate(request, params) {
        case .success(let a): account = a
        case .failure(let e): return e.response(self)
        }
        _ = account
        let result: Result<LoopbackHTTPServer.Response, BinanceError>
        switch (market, request.method, request.path) {
        case (.spot, "POST", "/api/v3/order"), (.futures, "POST", "/fapi/v1/order"): result = newOrder(params)
        case (.spot, "DELETE", "/api/v3/order"), (.futures, "DELETE", "/fapi/v1/order"): result = cancelOrder(params)
        case (.spot, "GET", "/api/v3/order"), (.futures, "GET", "/fapi/v1/order"): result = queryOrder(params)
        case (.spot, "GET", "/api/v3/openOrders"), (.futures, "GET", "/fapi/v1/openOrders"): result = openOrders(params)
        case (.spot, "DELETE", "/api/v3/openOrders"), (.futures, "DELETE", "/fapi/v1/allOpenOrders"): result = cancelAll(params)
        case (.spot, "GET", "/api/v3/account"): result = spotAccount(params)
        case (.futures, "GET", "/fapi/v3/balance"): result = futuresBalance(params)
        case (.futures, "GET", "/fapi/v3/positionRisk"): result = positionRisk(params)
        default:
            return respond(404, "<html><body><h1>404 Not Found</h1></body></html>", contentType: "text/html")
        }
        switch result {
        case .success(let response): return response
        case .failure(let error): return error.response(self)
        }
    }

    // MARK: Authentication

    /// API key, signature, then the timestamp window, in that order.
    func authenticate(_ request: LoopbackHTTPServer.Request, _ params: Params) -> Result<BinanceEmulatorModel.Account, BinanceError> {
        guard let key = request.header("X-MBX-APIKEY"), !key.isEmpty else {
            return .failure(BinanceError(401, -2014, "API-key format invalid."))
        }
        guard let account = accounts[key] else {
            return .failure(BinanceError(401, -2015, "Invalid API-key, IP, or permissions for action."))
        }
        guard let signature = params.rawValue("signature") else {
            return .failure(.mandatory("signature"))
        }
        // totalParams: the query string without the signature parameter, then the body, no '&' between.
        let query = request.query.split(separator: "&", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("signature=") }.joined(separator: "&")
        let body = request.bodyText.split(separator: "&", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("signature=") }.joined(separator: "&")
        let totalParams = Array((query + body).utf8)
        var valid = false
        if let handle = hmacHandles[key], let mac = try? verifier.hmacSHA256(key: handle, message: totalParams) {
            valid = Hex.encode(mac).lowercased() == signature.lowercased()
        }
        if !valid, let publicKey = account.ed25519PublicKey, let decoded = Params.percentDecode(signature),
           let raw = Data(base64Encoded: decoded) {
            valid = SignatureVerifier.verifyEd25519(publicKey: publicKey, message: totalParams, signature: Array(raw))
        }
        guard valid else { return .failure(BinanceError(400, -1022, "Signature for this request is not valid.")) }
        guard let timestampText = params["timestamp"], let timestamp = Int64(timestampText) else {
            return .failure(.mandatory("timestamp"))
        }
        var recvWindow: Int64 = 5000
        if let text = params["recvWindow"] {
            guard let value = Int64(text) else {
                return .failure(BinanceError(400, -1100, "Illegal characters found in parameter 'recvWindow'; legal range is '^[0-9]{1,20}$'."))
            }
            guard value <= 60_000 else { return .failure(BinanceError(400, -1131, "recvWindow must be less than 60000")) }
            recvWindow = value
        }
        let serverTime = now()
        if timestamp >= serverTime + 1000 {
            return .failure(BinanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."))
        }
        if serverTime - timestamp > recvWindow {
            return .failure(BinanceError(400, -1021, "Timestamp for this request is outside of the recvWindow."))
        }
        return .success(account)
    }

    // MARK: Responses

    func ok(_ body: String, weight: Int) -> LoopbackHTTPServer.Response {
        respond(200, body, weight: weight)
    }

    func respond(_ status: Int, _ body: String, extra: [(String, String)] = [], weight: Int = 1,
                 contentType: String = "application/json;charset=UTF-8") -> LoopbackHTTPServer.Response {
        let used = usedWeight.withLock { w -> Int in w += weight; return w }
        var headers: [(String, String)] = [("Content-Type", contentType), ("X-MBX-USED-WEIGHT-1M", "\(used)")]
        headers += extra
        var response = LoopbackHTTPServer.Response(status: status, body: body)
        response.headers = headers
        return response
    }
}

/// A Binance error reply: HTTP status plus `{"code":…,"msg":…}`.
struct BinanceError: Error {
    var status: Int
    var code: Int
    var msg: String

    init(_ status: Int, _ code: Int, _ msg: String) {
        self.status = status
        self.code = code
        self.msg = msg
    }

    static func mandatory(_ name: String) -> BinanceError {
        BinanceError(400, -1102, "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed.")
    }

    static func illegal(_ name: String, _ range: String) -> BinanceError {
        BinanceError(400, -1100, "Illegal characters found in parameter '\(name)'; legal range is '\(range)'.")
    }

    func response(_ emulator: BinanceEmulator) -> LoopbackHTTPServer.Response {
        emulator.respond(status, "{\"code\":\(code),\"msg\":\"\(msg.replacingOccurrences(of: "\"", with: "\\\""))\"}")
    }
}

/// Decoded request parameters (query then body), refusing duplicates as Binance does (-1101).
struct Params {
    var pairs: [(name: String, raw: String, value: String)]

    subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }
    func rawValue(_ name: String) -> String? { pairs.first { $0.name == name }?.raw }
    var count: Int { pairs.count }

    static func parse(query: String, body: String) -> Result<Params, BinanceError> {
        var pairs: [(String, String, String)] = []
        for part in (query.split(separator: "&") + body.split(separator: "&")) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(String(kv[0])) ?? String(kv[0])
            let raw = kv.count > 1 ? String(kv[1]) : ""
            guard let value = percentDecode(raw) else { return .failure(.illegal(name, "UTF-8")) }
            if pairs.contains(where: { $0.0 == name }) {
                return .failure(BinanceError(400, -1101, "Duplicate values for a parameter detected."))
            }
            pairs.append((name, raw, value))
        }
        return .success(Params(pairs: pairs))
    }

    /// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte.
    static func percentDecode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let b = utf8.popFirst() {
            if b == UInt8(ascii: "+") { bytes.append(0x20); continue }
            guard b == UInt8(ascii: "%") else { bytes.append(b); continue }
            guard utf8.count >= 2, let v = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else { return nil }
            bytes.append(v)
            utf8 = utf8.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
