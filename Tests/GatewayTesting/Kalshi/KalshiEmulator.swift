import Foundation
import GatewayCrypto
import Synchronization

/// A loopback stand-in for Kalshi's Trade API v2 that judges requests the way the venue does.
///
/// Every `/portfolio` request must carry `KALSHI-ACCESS-KEY` (the configured key id),
/// `KALSHI-ACCESS-TIMESTAMP` (milliseconds within `windowMs` of the emulator's clock) and
/// `KALSHI-ACCESS-SIGNATURE`, an RSA-PSS-SHA256 (MGF1-SHA256, 32-byte salt) signature, verified with the
/// public key, over `timestamp + METHOD + path` with the full `/trade-api/v2` path and no query string.
/// Order bodies are checked field by field (unknown fields, `type=market`, off-grid prices, counts that
/// are not `count_fp` strings, expiry rules, post-only crossing), orders match against one level of
/// liquidity per side, and replies use the venue's current shapes (`*_dollars`, `*_fp`) and its error
/// body `{"error":{"code","message","details","service"}}`.
public final class KalshiEmulator: Sendable {
    public typealias Model = KalshiEmulatorModel
    public static let pathPrefix = "/trade-api/v2"

    public let apiKeyId: String
    public let publicKeyDER: [UInt8]
    public let windowMs: Int64
    private let clock: @Sendable () -> Int64
    private let state: Mutex<State>

    /// Taker fee per contract charged on every taker fill.
    public static let takerFeePerContract = Decimal(string: "0.01")!

    struct Injection {
        var method: String
        var path: String
        var status: Int
        var body: String
        var remaining: Int
    }

    struct State {
        var markets: [String: Model.Market] = [:]
        var orders: [Model.Order] = []
        var fills: [Model.Fill] = []
        var positions: [String: Model.Position] = [:]
        var balanceCents: Int64 = 100_000
        var portfolioValueCents: Int64 = 0
        var exchangeActive = true
        var tradingActive = true
        var nextId = 1
        var injections: [Injection] = []
        var authFailures: [String] = []
        var maxPageSize = 200
    }

    /// - Parameters:
    ///   - publicKeyDER: DER SubjectPublicKeyInfo of the RSA key the client signs with.
    ///   - windowMs: how far a request timestamp may be from the emulator's clock.
    ///   - clock: the emulator's time in Unix milliseconds (tests share one fixed clock with the host).
    public init(apiKeyId: String, publicKeyDER: [UInt8], windowMs: Int64 = 30_000, clock: @escaping @Sendable () -> Int64) {
        self.apiKeyId = apiKeyId
        self.publicKeyDER = publicKeyDER
        self.windowMs = windowMs
        self.clock = clock
        state = Mutex(State())
    }

    /// The handler to give ``LoopbackHTTPServer``.
    public var handler: LoopbackHTTPServer.Handler { { [self] request in handle(request) } }

    // MARK: Test controls

    public func addMarket(_ market: Model.Market) { state.withLock { $0.markets[market.ticker] = market } }
    public func setBalance(cents: Int64, portfolioValueCents: Int64 = 0) {
        state.withLock { $0.balanceCents = cents; $0.portfolioValueCents = portfolioValueCents }
    }
    public func setExchange(active: Bool, trading: Bool) { state.withLock { $0.exchangeActive = active; $0.tradingActive = trading } }
    public func setPosition(_ position: Model.Position) { state.withLock { $0.positions[position.ticker] = position } }
    /// Pages hold at most this many items whatever `limit` asks (to exercise pagination).
    public func setMaxPageSize(_ size: Int) { state.withLock { $0.maxPageSize = max(1, size) } }
    /// Answers the next `times` requests of `method` to `path` (below `/trade-api/v2`, no query) with this reply.
    public func inject(_ method: String, _ path: String, status: Int, body: String, times: Int = 1) {
        state.withLock { $0.injections.append(Injection(method: method, path: path, status: status, body: body, remaining: times)) }
    }
    public var orders: [Model.Order] { state.withLock { $0.orders } }
    public var fills: [Model.Fill] { state.withLock { $0.fills } }
    /// Why authenticated requests were refused, in order.
    public var authFailures: [String] { state.withLock { $0.authFailures } }

    /// Adds a resting order directly (as if placed earlier, e.g. from another session).
    @discardableResult
    public func addRestingOrder(ticker: String, side: String, action: String, price: Decimal, count: Decimal,
                                clientOrderId: String) -> String {
        state.withLock { s in
            let now = clock()
            let id = Self.orderId(&s)
            s.orders.append(Model.Order(orderId: id, clientOrderId: clientOrderId, ticker: ticker, side: side, action: action,
                                        status: "resting", price: price, initialCount: count, filledCount: 0, remainingCount: count,
                                        createdMs: now, updatedMs: now))
            return id
        }
    }

    /// The venue cancels a resting order on its own (expiry, pause); false if it was not resting.
    @discardableResult
    public func expire(orderId: String) -> Bool {
        state.withLock { s in
            if case .done = cancel(&s, orderId) { return true }
            return false
        }
    }

    /// A counterparty trades against a resting order (maker fill at the order's price).
    public func fillResting(orderId: String, count: Decimal) {
        state.withLock { s in
            guard let index = s.orders.firstIndex(where: { $0.orderId == orderId && $0.status == "resting" }) else { return }
            let now = clock()
            var order = s.orders[index]
            let quantity = min(count, order.remainingCount)
            order.filledCount += quantity
            order.remainingCount -= quantity
            order.makerFillCost += quantity * order.price
            order.updatedMs = now
            if order.remainingCount == 0 { order.status = "executed" }
            s.orders[index] = order
            Self.record(&s, order: order, count: quantity, legPrice: order.price, fee: 0, taker: false, now: now)
        }
    }

    // MARK: Judging

    /// Judges a request built by a test (for requests no client would send: wrong signatures and schemes).
    public func handle(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8] = [])
        -> LoopbackHTTPServer.Response
    {
        handle(LoopbackHTTPServer.Request(method: method, uri: uri, headers: headers, body: body))
    }

    func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        guard request.path.hasPrefix(Self.pathPrefix + "/") else {
            return Self.error(404, "not_found", "no such path \(request.path)")
        }
        let path = String(request.path.dropFirst(Self.pathPrefix.count))
        let query = Self.query(request.query)
        let method = request.method.uppercased()
        if path.hasPrefix("/portfolio"), let refusal = authenticate(request) { return refusal }
        if let injected = takeInjection(method, path) { return injected }
        let segments = path.split(separator: "/").map(String.init)
        switch (method, segments.count, segments.first) {
        case ("GET", 2, "markets"): return market(segments[1])
        case ("GET", 2, "exchange") where segments[1] == "status":
            return state.withLock { s in
                Self.json(200, ["exchange_active": s.exchangeActive, "trading_active": s.tradingActive,
                                "exchange_estimated_resume_time": NSNull()])
            }
        default: break
        }
        switch (method, path) {
        case ("POST", "/portfolio/orders"): return createLegacy(request.body)
        case ("GET", "/portfolio/orders"): return listOrders(query)
        case ("DELETE", "/portfolio/orders/batched"): return batchCancelLegacy(request.body)
        case ("POST", "/portfolio/events/orders"): return createEvents(request.body)
        case ("DELETE", "/portfolio/events/orders/batched"): return batchCancelEvents(request.body)
        case ("GET", "/portfolio/fills"): return listFills(query)
        case ("GET", "/portfolio/positions"): return listPositions(query)
        case ("GET", "/portfolio/balance"):
            return state.withLock { s in
                Self.json(200, ["balance": s.balanceCents, "balance_dollars": Model.dollars(Decimal(s.balanceCents) / 100),
                                "portfolio_value": s.portfolioValueCents, "updated_ts": clock() / 1000])
            }
        default: break
        }
        if segments.count == 3, segments[0] == "portfolio", segments[1] == "orders" {
            if method == "GET" { return getOrder(segments[2]) }
            if method == "DELETE" { return cancelLegacy(segments[2]) }
        }
        if segments.count == 4, segments[0] == "portfolio", segments[1] == "events", segments[2] == "orders", method == "DELETE" {
            return cancelEvents(segments[3])
        }
        return Self.error(404, "not_found", "no route for \(method) \(path)")
    }

    /// Checks the three authentication headers; a refusal is a 401 as the venue answers it.
    private func authenticate(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response? {
        func refuse(_ reason: String, _ code: String = "unauthorized") -> LoopbackHTTPServer.Response {
            state.withLock { $0.authFailures.append(reason) }
            return Self.error(401, code, reason, service: "auth")
        }
        guard let key = request.header("KALSHI-ACCESS-KEY"), key == apiKeyId else { return refuse("missing or unknown KALSHI-ACCESS-KEY") }
        guard let stamp = request.header("KALSHI-ACCESS-TIMESTAMP"), let ms = Int64(stamp), String(ms) == stamp else {
            return refuse("KALSHI-ACCESS-TIMESTAMP must be Unix milliseconds")
        }
        let now = clock()
        guard abs(now - ms) <= windowMs else {
            return refuse("request timestamp \(ms) is outside the allowed window of \(windowMs) ms around \(now)", "invalid_timestamp")
        }
        guard let signatureText = request.header("KALSHI-ACCESS-SIGNATURE"),
              let signature = Data(base64Encoded: signatureText) else { return refuse("KALSHI-ACCESS-SIGNATURE is not base64") }
        let message = Array("\(stamp)\(request.method.uppercased())\(request.path)".utf8)
        guard SignatureVerifier.verifyRSAPSS(publicKeyDER: publicKeyDER, message: message, signature: Array(signature)) else {
            return refuse("invalid signature for \(request.method.uppercased()) \(request.path)")
        }
        return nil
    }

    private func takeInjection(_ method: String, _ path: String) -> LoopbackHTTPServer.Response? {
        state.withLock { s in
            guard let index = s.injections.firstIndex(where: { $0.method == method && $0.path == path && $0.remaining > 0 }) else { return nil }
            s.injections[index].remaining -= 1
            let injection = s.injections[index]
            return LoopbackHTTPServer.Response(status: injection.status, body: injection.body)
        }
    }

    // MARK: Markets

    private func market(_ ticker: String) -> LoopbackHTTPServer.Response {
        state.withLock { s in
            guard let market = s.markets[ticker] else { return Self.error(404, "not_found", "market \(ticker) not found") }
            return Self.json(200, ["market": market.json])
        }
    }

    // MARK: Orders

    static let legacyFields: Set<String> = [
        "ticker", "client_order_id", "side", "action", "count", "count_fp", "type", "yes_price", "no_price",
        "yes_price_dollars", "no_price_dollars", "expiration_ts", "time_in_force", "buy_max_cost", "post_only",
        "reduce_only", "sell_position_floor", "self_trade_prevention_type", "order_group_id", "cancel_order_on_pause",
    ]

    private func createLegacy(_ body: [UInt8]) -> LoopbackHTTPServer.Response {
        guard let fields = Self.object(body) else { return Self.error(400, "invalid_parameters", "body is not a JSON object") }
        if let unknown = fields.keys.sorted().first(where: { !Self.legacyFields.contains($0) }) {
            return Self.error(400, "invalid_parameters", "unknown field \(unknown)")
        }
        if let type = fields["type"] as? String, type != "limit" {
            return Self.error(400, "invalid_parameters", "type=\(type) is no longer offered")
        }
        guard let ticker = fields["ticker"] as? String else { return Self.error(400, "invalid_parameters", "ticker is required") }
        guard let side = fields["side"] as? String, ["yes", "no"].contains(side) else {
            return Self.error(400, "invalid_parameters", "side must be yes or no")
        }
        guard let action = fields["action"] as? String, ["buy", "sell"].contains(action) else {
            return Self.error(400, "invalid_parameters", "action must be buy or sell")
        }
        var count: Decimal?
        if let text = fields["count_fp"] {
            guard let text = text as? String, let value = Self.decimal(text, maxScale: 2) else {
                return Self.error(400, "invalid_parameters", "count_fp must be a fixed-point string with at most 2 decimals")
            }
            count = value
        }
        if let integer = fields["count"] {
            guard let n = integer as? Int, !(integer is String) else { return Self.error(400, "invalid_parameters", "count must be an integer") }
            if let count, count != Decimal(n) { return Self.error(400, "invalid_parameters", "count and count_fp disagree") }
            count = Decimal(n)
        }
        guard let count, count > 0 else { return Self.error(400, "invalid_parameters", "count_fp (or count) is required and positive") }
        let legs = ["yes_price", "no_price", "yes_price_dollars", "no_price_dollars"].filter { fields[$0] != nil }
        guard legs.count == 1 else { return Self.error(400, "invalid_parameters", "exactly one price field is required (got \(legs))") }
        let leg = legs[0]
        var price: Decimal
        if leg.hasSuffix("_dollars") {
            guard let text = fields[leg] as? String, let value = Self.decimal(text, maxScale: 6) else {
                return Self.error(400, "invalid_parameters", "\(leg) must be a fixed-point dollar string")
            }
            price = value
        } else {
            guard let cents = fields[leg] as? Int, (1...99).contains(cents) else {
                return Self.error(400, "invalid_parameters", "\(leg) must be an integer between 1 and 99")
            }
            price = Decimal(cents) / 100
        }
        if leg.hasPrefix("yes") != (side == "yes") { price = 1 - price }
        let tif = (fields["time_in_force"] as? String) ?? "good_till_canceled"
        var expiration: Int64?
        if let value = fields["expiration_ts"] {
            guard let seconds = value as? Int else { return Self.error(400, "invalid_parameters", "expiration_ts must be an integer (seconds)") }
            expiration = Int64(seconds)
        }
        var buyMaxCost: Int64?
        if let value = fields["buy_max_cost"] {
            guard let cents = value as? Int, action == "buy" else {
                return Self.error(400, "invalid_parameters", "buy_max_cost must be integer cents on a buy")
            }
            buyMaxCost = Int64(cents)
        }
        return place(ticker: ticker, clientOrderId: fields["client_order_id"] as? String ?? "", side: side, action: action,
                     count: count, price: price, tif: tif, expiration: expiration, postOnly: fields["post_only"] as? Bool ?? false,
                     buyMaxCost: buyMaxCost, stp: fields["self_trade_prevention_type"] as? String, requireClientId: false)
            .map { order in Self.json(201, ["order": order.json]) }
            .value
    }

    static let eventsFields: Set<String> = [
        "ticker", "client_order_id", "side", "count", "price", "expiration_time", "time_in_force", "post_only",
        "self_trade_prevention_type", "cancel_order_on_pause", "reduce_only", "subaccount", "order_group_id", "exchange_index",
    ]

    private func createEvents(_ body: [UInt8]) -> LoopbackHTTPServer.Response {
        guard let fields = Self.object(body) else { return Self.error(400, "invalid_parameters", "body is not a JSON object") }
        if let unknown = fields.keys.sorted().first(where: { !Self.eventsFields.contains($0) }) {
            return Self.error(400, "invalid_parameters", "unknown field \(unknown)")
        }
        for required in ["ticker", "client_order_id", "side", "count", "price", "time_in_force", "self_trade_prevention_type"]
            where fields[required] == nil {
            return Self.error(400, "invalid_parameters", "\(required) is required")
        }
        guard let ticker = fields["ticker"] as? String, let bookSide = fields["side"] as? String, ["bid", "ask"].contains(bookSide),
              let countText = fields["count"] as? String, let count = Self.decimal(countText, maxScale: 2), count > 0,
              let priceText = fields["price"] as? String, let price = Self.decimal(priceText, maxScale: 6),
              let tif = fields["time_in_force"] as? String else {
            return Self.error(400, "invalid_parameters", "side must be bid/ask; count and price fixed-point strings")
        }
        var expiration: Int64?
        if let value = fields["expiration_time"] {
            guard let seconds = value as? Int else { return Self.error(400, "invalid_parameters", "expiration_time must be seconds") }
            expiration = Int64(seconds)
        }
        let action = bookSide == "bid" ? "buy" : "sell"
        let result = place(ticker: ticker, clientOrderId: fields["client_order_id"] as? String ?? "", side: "yes", action: action,
                           count: count, price: price, tif: tif, expiration: expiration, postOnly: fields["post_only"] as? Bool ?? false,
                           buyMaxCost: nil, stp: fields["self_trade_prevention_type"] as? String, requireClientId: true)
        return result.map { order -> LoopbackHTTPServer.Response in
            let average: Any = order.filledCount > 0
                ? Model.dollars((order.takerFillCost + order.makerFillCost) / order.filledCount) : NSNull()
            let fee: Any = order.filledCount > 0 ? Model.dollars(order.takerFees / order.filledCount) : NSNull()
            return Self.json(201, ["order_id": order.orderId, "client_order_id": order.clientOrderId,
                                   "fill_count": Model.count(order.filledCount), "remaining_count": Model.count(order.remainingCount),
                                   "average_fill_price": average, "average_fee_paid": fee, "ts_ms": order.updatedMs])
        }.value
    }

    /// Validates against the market and matches an order; the order, or the error reply.
    private func place(ticker: String, clientOrderId: String, side: String, action: String, count: Decimal, price: Decimal,
                       tif: String, expiration: Int64?, postOnly: Bool, buyMaxCost: Int64?, stp: String?,
                       requireClientId: Bool) -> Outcome<Model.Order> {
        state.withLock { s -> Outcome<Model.Order> in
            let now = clock()
            guard var market = s.markets[ticker] else { return .failed(Self.error(404, "market_not_found", "market \(ticker) not found")) }
            guard market.status == "active" else { return .failed(Self.error(400, "market_closed", "market \(ticker) is \(market.status)")) }
            guard ["good_till_canceled", "immediate_or_cancel", "fill_or_kill"].contains(tif) else {
                return .failed(Self.error(400, "invalid_parameters", "time_in_force \(tif) is not valid"))
            }
            if let expiration {
                guard tif == "good_till_canceled" else {
                    return .failed(Self.error(400, "invalid_parameters", "expiration requires good_till_canceled"))
                }
                guard expiration * 1000 > now else { return .failed(Self.error(400, "invalid_parameters", "expiration is in the past")) }
            }
            if postOnly && tif != "good_till_canceled" {
                return .failed(Self.error(400, "invalid_parameters", "post_only requires good_till_canceled"))
            }
            if requireClientId && clientOrderId.isEmpty { return .failed(Self.error(400, "invalid_parameters", "client_order_id is required")) }
            if !clientOrderId.isEmpty {
                let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:+=/")
                guard clientOrderId.count <= 64, clientOrderId.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
                    return .failed(Self.error(400, "invalid_parameters", "client_order_id is not valid"))
                }
                if s.orders.contains(where: { $0.clientOrderId == clientOrderId && $0.status == "resting" }) {
                    return .failed(Self.error(409, "order_already_exists", "an open order with client_order_id \(clientOrderId) already exists"))
                }
            }
            guard market.isValid(price) else {
                return .failed(Self.error(400, "invalid_price", "price \(Model.dollars(price)) is not valid for \(ticker) (\(market.priceLevelStructure))"))
            }
            guard market.fractionalTrading || count == Model.rounded(count, 0) else {
                return .failed(Self.error(400, "invalid_parameters", "fractional contracts are not enabled on \(ticker)"))
            }
            // What trades now: the opposite level, seen from this order's leg.
            let buyYesBook = (side == "yes") == (action == "buy")  // buy YES or sell NO lift the YES ask
            var available: Decimal = 0
            var legFillPrice: Decimal = 0
            if buyYesBook, let ask = market.yesAsk {
                let yesLimit = side == "yes" ? price : 1 - price
                if ask.price <= yesLimit { available = ask.size; legFillPrice = side == "yes" ? ask.price : 1 - ask.price }
            } else if !buyYesBook, let bid = market.yesBid {
                let yesLimit = side == "yes" ? price : 1 - price
                if bid.price >= yesLimit { available = bid.size; legFillPrice = side == "yes" ? bid.price : 1 - bid.price }
            }
            if postOnly && available > 0 {
                return .failed(Self.error(400, "post_only_cross", "post-only order would cross the book"))
            }
            var fill = min(count, available)
            let fok = tif == "fill_or_kill" || buyMaxCost != nil
            if fok && fill < count { fill = 0 }
            if let cap = buyMaxCost, Decimal(cap) < fill * legFillPrice * 100 { fill = 0 }
            let fee = fill * Self.takerFeePerContract
            if action == "buy" {
                let needed = fill * legFillPrice + fee + (tif == "good_till_canceled" ? (count - fill) * price : 0)
                if needed > Decimal(s.balanceCents) / 100 {
                    return .failed(Self.error(400, "insufficient_balance", "insufficient balance for this order"))
                }
            }
            let id = Self.orderId(&s)
            var order = Model.Order(orderId: id, clientOrderId: clientOrderId, ticker: ticker, side: side, action: action,
                                    status: "resting", price: price, initialCount: count, filledCount: fill,
                                    remainingCount: count - fill, takerFillCost: fill * legFillPrice, takerFees: fee,
                                    expirationSeconds: expiration, createdMs: now, updatedMs: now, selfTradePrevention: stp)
            if order.remainingCount == 0 {
                order.status = "executed"
            } else if tif != "good_till_canceled" {
                order.status = "canceled"
                order.remainingCount = 0
            }
            if fill > 0 {
                if buyYesBook { market.yesAsk?.size -= fill } else { market.yesBid?.size -= fill }
                s.markets[ticker] = market
                Self.record(&s, order: order, count: fill, legPrice: legFillPrice, fee: fee, taker: true, now: now)
            }
            s.orders.append(order)
            return .done(order)
        }
    }

    /// Books a fill: fill record, balance and position.
    private static func record(_ s: inout State, order: Model.Order, count: Decimal, legPrice: Decimal, fee: Decimal, taker: Bool,
                               now: Int64) {
        let yesPrice = order.side == "yes" ? legPrice : 1 - legPrice
        let fillId = "fill-\(String(format: "%06d", s.nextId))"
        s.nextId += 1
        s.fills.append(Model.Fill(fillId: fillId, orderId: order.orderId, clientOrderId: order.clientOrderId, ticker: order.ticker,
                                  side: order.side, action: order.action, count: count, yesPrice: yesPrice, fee: fee, taker: taker,
                                  createdMs: now))
        let cost = count * legPrice
        let cents = NSDecimalNumber(decimal: Model.rounded((order.action == "buy" ? -cost : cost) * 100 - fee * 100, 0)).int64Value
        s.balanceCents += cents
        var position = s.positions[order.ticker] ?? Model.Position(ticker: order.ticker, position: 0, exposure: 0, totalTraded: 0)
        let yesDelta: Decimal = (order.side == "yes") == (order.action == "buy") ? count : -count
        position.position += yesDelta
        position.exposure += order.action == "buy" ? cost : -cost
        position.totalTraded += cost
        position.feesPaid += fee
        position.updatedMs = now
        s.positions[order.ticker] = position
    }

    private func listOrders(_ query: [String: String]) -> LoopbackHTTPServer.Response {
        state.withLock { s in
            let limit = Int(query["limit"] ?? "100") ?? -1
            guard (1...200).contains(limit) else { return Self.error(400, "invalid_parameters", "limit must be between 1 and 200") }
            let matching = s.orders.reversed().filter { order in
                (query["ticker"].map { $0 == order.ticker } ?? true) && (query["status"].map { $0 == order.status } ?? true)
            }
            let (page, cursor) = Self.page(Array(matching), query["cursor"], min(limit, s.maxPageSize))
            return Self.json(200, ["orders": page.map(\.json), "cursor": cursor])
        }
    }

    private func getOrder(_ id: String) -> LoopbackHTTPServer.Response {
        state.withLock { s in
            guard let order = s.orders.first(where: { $0.orderId == id }) else { return Self.error(404, "not_found", "order \(id) not found") }
            return Self.json(200, ["order": order.json])
        }
    }

    /// Cancels a resting order; the order after the cancel and how much was taken off.
    private func cancel(_ s: inout State, _ id: String) -> Outcome<(order: Model.Order, reducedBy: Decimal)> {
        guard let index = s.orders.firstIndex(where: { $0.orderId == id }) else {
            return .failed(Self.error(404, "not_found", "order \(id) not found"))
        }
        guard s.orders[index].status == "resting" else {
            return .failed(Self.error(404, "not_found", "order \(id) is not resting (\(s.orders[index].status))"))
        }
        let reduced = s.orders[index].remainingCount
        s.orders[index].status = "canceled"
        s.orders[index].remainingCount = 0
        s.orders[index].updatedMs = clock()
        return .done((s.orders[index], reduced))
    }

    private func cancelLegacy(_ id: String) -> LoopbackHTTPServer.Response {
        state.withLock { s in
            cancel(&s, id).map { Self.json(200, ["order": $0.order.json, "reduced_by_fp": Model.count($0.reducedBy)]) }.value
        }
    }

    private func cancelEvents(_ id: String) -> LoopbackHTTPServer.Response {
        state.withLock { s in
            cancel(&s, id).map {
                Self.json(200, ["order_id": $0.order.orderId, "client_order_id": $0.order.clientOrderId,
                                "reduced_by": Model.count($0.reducedBy), "ts_ms": $0.order.updatedMs])
            }.value
        }
    }

    private func batchCancelLegacy(_ body: [UInt8]) -> LoopbackHTTPServer.Response {
        guard let fields = Self.object(body), fields.count == 1, let ids = fields["ids"] as? [String] else {
            return Self.error(400, "invalid_parameters", "body must be {\"ids\": [order ids]}")
        }
        guard (1...20).contains(ids.count) else { return Self.error(400, "invalid_parameters", "ids must hold 1 to 20 order ids") }
        return state.withLock { s in
            let items: [[String: Any]] = ids.map { id in
                switch cancel(&s, id) {
                case .done(let result):
                    return ["order_id": id, "order": result.order.json, "reduced_by_fp": Model.count(result.reducedBy)]
                case .failed:
                    return ["order_id": id, "reduced_by_fp": "0.00", "error": ["code": "not_found", "message": "order \(id) not found or not resting"]]
                }
            }
            return Self.json(200, ["orders": items])
        }
    }

    private func batchCancelEvents(_ body: [UInt8]) -> LoopbackHTTPServer.Response {
        guard let fields = Self.object(body), let list = fields["orders"] as? [[String: Any]] else {
            return Self.error(400, "invalid_parameters", "body must be {\"orders\": [{\"order_id\"}]}")
        }
        guard (1...20).contains(list.count) else { return Self.error(400, "invalid_parameters", "orders must hold 1 to 20 entries") }
        return state.withLock { s in
            let items: [[String: Any]] = list.map { entry in
                let id = entry["order_id"] as? String ?? ""
                switch cancel(&s, id) {
                case .done(let result):
                    return ["order_id": id, "client_order_id": result.order.clientOrderId,
                            "reduced_by": Model.count(result.reducedBy), "ts_ms": result.order.updatedMs]
                case .failed:
                    return ["order_id": id, "reduced_by": "0.00", "error": ["code": "not_found", "message": "order \(id) not found or not resting"]]
                }
            }
            return Self.json(200, ["orders": items])
        }
    }

    private func listFills(_ query: [String: String]) -> LoopbackHTTPServer.Response {
        state.withLock { s in
            let limit = min(Int(query["limit"] ?? "100") ?? 100, s.maxPageSize)
            let matching = s.fills.reversed().filter { fill in
                (query["order_id"].map { $0 == fill.orderId } ?? true) && (query["ticker"].map { $0 == fill.ticker } ?? true)
            }
            let (page, cursor) = Self.page(Array(matching), query["cursor"], limit)
            return Self.json(200, ["fills": page.map(\.json), "cursor": cursor])
        }
    }

    private func listPositions(_ query: [String: String]) -> LoopbackHTTPServer.Response {
        state.withLock { s in
            let limit = min(Int(query["limit"] ?? "100") ?? 100, s.maxPageSize)
            let nonZero = query["count_filter"]?.split(separator: ",").contains("position") ?? false
            let all = s.positions.values.sorted { $0.ticker < $1.ticker }.filter { !nonZero || $0.position != 0 }
            let (page, cursor) = Self.page(all, query["cursor"], limit)
            return Self.json(200, ["market_positions": page.map(\.json), "event_positions": [Any](), "cursor": cursor])
        }
    }

    // MARK: Plumbing

    /// A result that is either a value or the error reply.
    enum Outcome<T> {
        case done(T)
        case failed(LoopbackHTTPServer.Response)

        func map(_ body: (T) -> LoopbackHTTPServer.Response) -> Outcome<LoopbackHTTPServer.Response> {
            switch self {
            case .done(let value): .done(body(value))
            case .failed(let response): .failed(response)
            }
        }
    }

    private static func orderId(_ s: inout State) -> String {
        defer { s.nextId += 1 }
        return "ee6d2bd1-0000-4000-8000-\(String(format: "%012d", s.nextId))"
    }

    private static func page<T>(_ items: [T], _ cursor: String?, _ size: Int) -> ([T], String) {
        let start = cursor.flatMap { $0.hasPrefix("cur_") ? Int($0.dropFirst(4)) : nil } ?? 0
        guard start < items.count else { return ([], "") }
        let end = min(items.count, start + size)
        return (Array(items[start..<end]), end < items.count ? "cur_\(end)" : "")
    }

    static func query(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let key = parts[0].removingPercentEncoding ?? parts[0]
            result[key] = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
        }
        return result
    }

    private static func object(_ body: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// A plain decimal string with at most `maxScale` decimals.
    static func decimal(_ text: String, maxScale: Int) -> Decimal? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isNumber) else { return nil }
        if parts.count == 2 { guard !parts[1].isEmpty, parts[1].count <= maxScale, parts[1].allSatisfy(\.isNumber) else { return nil } }
        return Decimal(string: text)
    }

    static func json(_ status: Int, _ object: Any) -> LoopbackHTTPServer.Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return LoopbackHTTPServer.Response(status: status, body: String(decoding: data, as: UTF8.self))
    }

    /// The venue's error body.
    public static func error(_ status: Int, _ code: String, _ message: String, service: String = "exchange") -> LoopbackHTTPServer.Response {
        json(status, ["error": ["code": code, "message": message, "details": "", "service": service]])
    }
}

extension KalshiEmulator.Outcome where T == LoopbackHTTPServer.Response {
    var value: LoopbackHTTPServer.Response {
        switch self {
        case .done(let response): response
        case .failed(let response): response
        }
    }
}
