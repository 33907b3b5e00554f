import PluginABI
import VenueKit

/// A Binance spot or USD-M futures account behind the plugin contract.
///
/// Sans-I/O: every request is built and signed here and sent by the host (`HostHandle.send`); every
/// operation chains the host's HTTP callbacks and never blocks. Before an order is sent, the server
/// clock offset is known (``ServerClock``) and the symbol's `exchangeInfo` filters are cached
/// (``SymbolRules``); the order is shaped by ``OrderShaper`` or refused locally naming the filter.
/// A placement whose reply was lost is looked up by `origClientOrderId`, never resent.
///
/// - Important: The host serialises every call into one instance, so the caches need no lock.
public final class BinanceVenue: VenuePluginInstance {
    public static let info = PluginInfo(
        name: "binance", version: "1.0.0",
        description: "Binance spot (/api/v3) and USD-M futures (/fapi): HMAC or Ed25519 API keys, server-time sync, exchangeInfo filters applied before sending",
        venues: ["binance"],
        capabilities: UInt64(GW_CAP_MARKET_ORDERS | GW_CAP_LIMIT_ORDERS | GW_CAP_IOC | GW_CAP_FOK | GW_CAP_GTD
            | GW_CAP_POST_ONLY | GW_CAP_REDUCE_ONLY | GW_CAP_CLIENT_ORDER_ID | GW_CAP_CANCEL_ALL | GW_CAP_OPEN_ORDERS
            | GW_CAP_POSITIONS | GW_CAP_BALANCES | GW_CAP_QUERY_ORDER),
        clientOrderIdMaxLength: UInt32(OrderMapping.clientOrderIdMaxLength),
        clientOrderIdCharacters: OrderMapping.clientOrderIdExtraCharacters,
        rateLimits: BinanceRateLimits.buckets)

    let host: HostHandle
    public let config: BinanceConfig
    let signer: BinanceSigner
    var clock = ServerClock()
    var clockWaiters: [() -> Void] = []
    var rulesCache: [String: CachedRules] = [:]
    var rulesWaiters: [String: [(symbol: String, body: (Result<SymbolRules, VenueFailure>) -> Void)]] = [:]
    /// Host time before which requests are refused locally (after a 429/418 with Retry-After).
    var blockedUntilMs: Int64 = 0

    struct CachedRules {
        var rules: SymbolRules?
        var fetchedAtMs: Int64
    }

    public init(host: HostHandle, config: BinanceConfig) throws(VenueFailure) {
        self.host = host
        self.config = config
        signer = BinanceSigner(host: host, credentials: try BinanceCredentials.resolve(config, host: host))
        let keyType = switch signer.credentials?.signer {
        case .ed25519?: "ed25519"
        case .hmac?: "hmac"
        case nil: "no"
        }
        host.log(GW_LOG_INFO, "binance \(config.market.rawValue) instance for venue '\(config.venue)' at \(config.baseURL) (\(keyType) key, recvWindow \(config.recvWindowMs) ms)")
    }

    /// Creates an instance from the `create` configuration JSON.
    public convenience init(host: HostHandle, configJSON: String) throws(VenueFailure) {
        try self.init(host: host, config: try BinanceConfig.decode(configJSON))
    }

    var market: BinanceMarket { config.market }

    // MARK: Place

    public func placeOrder(_ order: VenueOrder, _ done: OperationCompletion) {
        let plan: OrderPlan
        do throws(VenueFailure) {
            try OrderMapping.validateClientOrderId(order.clientOrderId)
            plan = try OrderPlan.make(order, market: market)
        } catch {
            return done.fail(error)
        }
        withRules(plan.symbol) { [self] result in
            let rules: SymbolRules
            switch result {
            case .failure(let failure): return done.fail(failure)
            case .success(let r): rules = r
            }
            let shaped: ShapedOrder
            do throws(VenueFailure) {
                shaped = try OrderShaper.shape(quantity: plan.quantity, price: plan.price, side: order.side,
                                               isMarket: plan.type == "MARKET", reduceOnly: plan.reduceOnly, rules: rules)
            } catch {
                return done.fail(error)
            }
            let query = plan.parameters(shaped: shaped, clientOrderId: order.clientOrderId, market: market)
            let what = "new order \(plan.symbol) '\(order.clientOrderId)'"
            perform(Call(endpoint: market.newOrder, query: query, signed: true, kind: .write, what: what)) { [self] result in
                switch result {
                case .success(let json):
                    guard let report = BinanceReports.order(json) else {
                        // The venue accepted the request (2xx) but the reply is unreadable: find the order.
                        return resolveUnknown(symbol: plan.symbol, clientOrderId: order.clientOrderId,
                                              because: BinanceReports.malformed(what, json.description), done)
                    }
                    done.succeed(order: report)
                case .failure(let failure):
                    if failure.status == .outcomeUnknown {
                        return resolveUnknown(symbol: plan.symbol, clientOrderId: order.clientOrderId, because: failure, done)
                    }
                    if BinanceErrors.isDuplicateClientOrderId(failure) {
                        // The client order id is the idempotency key: the order already exists, report it.
                        return reportExisting(symbol: plan.symbol, clientOrderId: order.clientOrderId, because: failure, done)
                    }
                    if BinanceErrors.isFilterFailure(failure.venueCode) { invalidateRules(plan.symbol) }
                    done.fail(failure)
                }
            }
        }
    }

    /// A placement may or may not have reached Binance: look it up by `origClientOrderId` (found →
    /// its report; not found → still outcome-unknown, and the order is never resent from here).
    func resolveUnknown(symbol: String, clientOrderId: String, because original: VenueFailure, _ done: OperationCompletion) {
        host.log(GW_LOG_WARN, "binance: outcome of order '\(clientOrderId)' unknown (\(original.message)); looking it up by origClientOrderId")
        let query = BinanceQuery([("symbol", symbol), ("origClientOrderId", clientOrderId)])
        perform(Call(endpoint: market.queryOrder, query: query, signed: true, kind: .read,
                     what: "look-up of order '\(clientOrderId)'")) { result in
            switch result {
            case .success(let json):
                guard let report = BinanceReports.order(json) else {
                    return done.fail(VenueFailure(.outcomeUnknown, "\(original.message); the look-up reply is unreadable: \(json.description.prefix(300))",
                                                  venueCode: original.venueCode))
                }
                done.succeed(order: report)
            case .failure(let failure):
                let detail = failure.venueCode == "-2013"
                    ? "Binance does not know client order id '\(clientOrderId)' (\(failure.message)); it was not resent: look it up again before placing it anew"
                    : "the look-up by client order id failed too (\(failure.message)); not resent"
                done.fail(VenueFailure(.outcomeUnknown, "\(original.message); \(detail)", venueCode: original.venueCode))
            }
        }
    }

    /// Binance refused a placement because an open order already has this client order id: the same
    /// order was placed before (a retry of the gateway's). Report that order instead of failing.
    func reportExisting(symbol: String, clientOrderId: String, because original: VenueFailure, _ done: OperationCompletion) {
        host.log(GW_LOG_WARN, "binance: client order id '\(clientOrderId)' is already open (\(original.message)); reporting the existing order")
        let query = BinanceQuery([("symbol", symbol), ("origClientOrderId", clientOrderId)])
        perform(Call(endpoint: market.queryOrder, query: query, signed: true, kind: .read,
                     what: "look-up of order '\(clientOrderId)'")) { result in
            if case .success(let json) = result, let report = BinanceReports.order(json) { return done.succeed(order: report) }
            done.fail(original)
        }
    }

    // MARK: Cancel, query, open orders

    public func cancelOrder(_ ref: VenueOrderRef, _ done: OperationCompletion) {
        let query: BinanceQuery
        do { query = try orderQuery(ref, what: "cancel") } catch { return done.fail(error) }
        perform(Call(endpoint: market.cancelOrder, query: query, signed: true, kind: .write,
                     what: "cancel \(ref.market) \(describe(ref))")) { [self] result in
            switch result {
            case .success(let json):
                guard let report = BinanceReports.order(json) else {
                    return done.fail(BinanceReports.malformed("cancel \(describe(ref))", json.description))
                }
                done.succeed(order: report)
            case .failure(let failure): done.fail(failure)
            }
        }
    }

    public func queryOrder(_ ref: VenueOrderRef, _ done: OperationCompletion) {
        let query: BinanceQuery
        do { query = try orderQuery(ref, what: "query") } catch { return done.fail(error) }
        perform(Call(endpoint: market.queryOrder, query: query, signed: true, kind: .read,
                     what: "query \(ref.market) \(describe(ref))")) { [self] result in
            switch result {
            case .success(let json):
                guard let report = BinanceReports.order(json) else {
                    return done.fail(BinanceReports.malformed("query \(describe(ref))", json.description))
                }
                done.succeed(order: report)
            case .failure(let failure): done.fail(failure)
            }
        }
    }

    /// `symbol` plus `orderId` (preferred when known) or `origClientOrderId`.
    func orderQuery(_ ref: VenueOrderRef, what: String) throws(VenueFailure) -> BinanceQuery {
        guard !ref.market.isEmpty else {
            throw VenueFailure(.invalidOrder, "\(what): Binance needs the market (symbol) of the order")
        }
        try OrderMapping.validateSymbol(ref.market)
        var query = BinanceQuery([("symbol", ref.market)])
        if !ref.venueOrderId.isEmpty {
            guard let id = Int64(ref.venueOrderId), id >= 0 else {
                throw VenueFailure(.invalidOrder, "\(what): venue order id '\(ref.venueOrderId)' is not a Binance orderId (an integer)")
            }
            query.append("orderId", String(id))
        } else if !ref.clientOrderId.isEmpty {
            query.append("origClientOrderId", ref.clientOrderId)
        } else {
            throw VenueFailure(.invalidOrder, "\(what): give a venue order id or a client order id")
        }
        return query
    }

    public func openOrders(market symbol: String, _ done: OperationCompletion) {
        var query = BinanceQuery()
        if !symbol.isEmpty {
            do { try OrderMapping.validateSymbol(symbol) } catch { return done.fail(error) }
            query.append("symbol", symbol)
        }
        perform(Call(endpoint: market.openOrders(allSymbols: symbol.isEmpty), query: query, signed: true, kind: .read,
                     what: "open orders \(symbol.isEmpty ? "(all symbols)" : symbol)")) { result in
            switch result {
            case .success(let json):
                guard let orders = BinanceReports.orders(json) else {
                    return done.fail(BinanceReports.malformed("open orders", json.description))
                }
                done.succeed(orders: orders)
            case .failure(let failure): done.fail(failure)
            }
        }
    }

    // MARK: Cancel all

    /// Cancels every open order of `symbol`, or of every symbol that has open orders when it is empty.
    ///
    /// The symbols come from the open orders themselves (the reference took them from positions and
    /// so missed flat symbols, and failed on spot). USD-M's `allOpenOrders` answers only
    /// `{"code":200,…}`, so the orders it cancelled are the open orders read just before.
    public func cancelAll(market symbol: String, _ done: OperationCompletion) {
        if !symbol.isEmpty {
            do { try OrderMapping.validateSymbol(symbol) } catch { return done.fail(error) }
        }
        if market == .spot && !symbol.isEmpty {
            return cancelSymbols([symbol], snapshot: [:], cancelled: [], failures: [], done)
        }
        var query = BinanceQuery()
        if !symbol.isEmpty { query.append("symbol", symbol) }
        perform(Call(endpoint: market.openOrders(allSymbols: symbol.isEmpty), query: query, signed: true, kind: .read,
                     what: "cancel all: open orders")) { [self] result in
            switch result {
            case .failure(let failure): done.fail(failure)
            case .success(let json):
                guard let open = BinanceReports.orders(json) else {
                    return done.fail(BinanceReports.malformed("cancel all: open orders", json.description))
                }
                let snapshot = Dictionary(grouping: open, by: \.market)
                let symbols = symbol.isEmpty ? snapshot.keys.sorted() : [symbol]
                cancelSymbols(symbols, snapshot: snapshot, cancelled: [], failures: [], done)
            }
        }
    }

    /// Cancels the symbols one after the other (chained callbacks), then reports every cancelled order,
    /// or the failures if any symbol failed.
    func cancelSymbols(_ symbols: [String], snapshot: [String: [VenueOrderReport]], cancelled: [VenueOrderReport],
                       failures: [VenueFailure], _ done: OperationCompletion) {
        guard let symbol = symbols.first else {
            guard let first = failures.first else { return done.succeed(orders: cancelled) }
            let names = failures.map(\.message).joined(separator: "; ")
            return done.fail(VenueFailure(first.status, "cancel all: \(failures.count) symbol(s) failed after \(cancelled.count) order(s) were cancelled: \(names)",
                                          venueCode: first.venueCode, retryable: first.retryable, retryAfterMs: first.retryAfterMs))
        }
        let rest = Array(symbols.dropFirst())
        perform(Call(endpoint: market.cancelAllOnSymbol, query: BinanceQuery([("symbol", symbol)]), signed: true, kind: .write,
                     what: "cancel all \(symbol)")) { [self] result in
            switch result {
            case .success(let json):
                var now: [VenueOrderReport]
                if let list = BinanceReports.orders(json) {
                    now = list  // spot: the cancelled orders themselves
                } else {
                    // USD-M: {"code":200,"msg":"The operation of cancel all open order is done."}
                    now = (snapshot[symbol] ?? []).map { order in
                        var o = order
                        o.state = GW_STATE_CANCELLED
                        o.updatedAtUnixMs = clock.timestamp(nowMs: host.nowUnixMs)
                        return o
                    }
                }
                cancelSymbols(rest, snapshot: snapshot, cancelled: cancelled + now, failures: failures, done)
            case .failure(let failure) where failure.venueCode == "-2011":
                // Spot: "Unknown order sent." when nothing is open on the symbol any more.
                cancelSymbols(rest, snapshot: snapshot, cancelled: cancelled, failures: failures, done)
            case .failure(let failure):
                cancelSymbols(rest, snapshot: snapshot, cancelled: cancelled, failures: failures + [failure], done)
            }
        }
    }

    // MARK: Account

    public func positions(_ done: OperationCompletion) {
        guard let endpoint = market.positionRisk else {
            return done.fail(.unsupported, "Binance spot has no positions: holdings are reported as balances (positions exist on USD-M futures, settings.market \"futures\")")
        }
        perform(Call(endpoint: endpoint, query: BinanceQuery(), signed: true, kind: .read, what: "positions")) { result in
            switch result {
            case .success(let json):
                guard let positions = BinanceReports.positions(json) else {
                    return done.fail(BinanceReports.malformed("positions", json.description))
                }
                done.succeed(positions: positions)
            case .failure(let failure): done.fail(failure)
            }
        }
    }

    public func balances(_ done: OperationCompletion) {
        perform(Call(endpoint: market.balances, query: BinanceQuery(), signed: true, kind: .read, what: "balances")) { [self] result in
            switch result {
            case .success(let json):
                let parsed = market == .spot ? BinanceReports.spotBalances(json) : BinanceReports.futuresBalances(json)
                guard let balances = parsed else { return done.fail(BinanceReports.malformed("balances", json.description)) }
                done.succeed(balances: balances)
            case .failure(let failure): done.fail(failure)
            }
        }
    }

    /// Probes `GET /time`: healthy when Binance answers; reports the round trip and the clock offset
    /// (which it also records for signing).
    public func health(_ done: OperationCompletion) {
        measureClock { [self] outcome in
            switch outcome {
            case .success:
                done.succeed(health: VenueHealth(healthy: true, latencyMicros: clock.lastRoundTripMicros, clockOffsetMs: clock.offsetMs,
                                                 detail: "binance \(market.rawValue) \(config.baseURL): server time offset \(clock.offsetMs) ms"))
            case .failure(let failure):
                done.succeed(health: VenueHealth(healthy: false, latencyMicros: -1, clockOffsetMs: clock.offsetMs,
                                                 detail: "binance \(market.rawValue) \(config.baseURL): \(failure.message)"))
            }
        }
    }

    /// Forgets cached filters after the venue refused an order on a filter: they may have changed.
    func invalidateRules(_ symbol: String) {
        rulesCache[symbol] = nil
        if market == .futures { rulesCache["*"] = nil }
    }

    func describe(_ ref: VenueOrderRef) -> String {
        ref.venueOrderId.isEmpty ? "client order id '\(ref.clientOrderId)'" : "orderId \(ref.venueOrderId)"
    }
}
