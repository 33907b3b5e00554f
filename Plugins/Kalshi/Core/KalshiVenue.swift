#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// The Kalshi venue plugin: canonical orders in, RSA-PSS-signed Kalshi Trade API v2 requests out.
///
/// Sans-I/O like every plugin: requests go through ``HostHandle/send(_:completion:)``, signatures through
/// the host's key store, time through the host clock. Order placement fetches the market's price grid
/// first (cached) and refuses off-grid prices locally; a "market" order is a bounded IOC/FOK limit.
/// Orders this instance placed are polled (``KalshiConfig/pollIntervalMs``) so that fills and venue
/// cancels reach the host as events.
///
/// - Important: The host serialises every call into an instance, so its state needs no lock.
public final class KalshiVenue: VenuePluginInstance {
    public static let info = PluginInfo(
        name: "kalshi", version: "1.0.0",
        description: "Kalshi Trade API v2: RSA-PSS signed requests, fixed-point prices and counts, bounded market orders",
        venues: ["kalshi"],
        capabilities: UInt64(GW_CAP_MARKET_ORDERS | GW_CAP_LIMIT_ORDERS | GW_CAP_IOC | GW_CAP_FOK | GW_CAP_GTD
            | GW_CAP_POST_ONLY | GW_CAP_REDUCE_ONLY | GW_CAP_CLIENT_ORDER_ID | GW_CAP_CANCEL_ALL | GW_CAP_OPEN_ORDERS
            | GW_CAP_POSITIONS | GW_CAP_BALANCES | GW_CAP_QUERY_ORDER | GW_CAP_BINARY_OUTCOMES | GW_CAP_FILL_EVENTS),
        clientOrderIdMaxLength: UInt32(KalshiOrderIntent.clientOrderIdMaxLength), clientOrderIdCharacters: "-_:+=/",
        rateLimits: KalshiRateTier.descriptorBuckets)

    /// Pages followed when every open order is needed (Kalshi caps a user at 200 000 open orders, 200 per page).
    static let allPages = 1000

    let host: HostHandle
    public let config: KalshiConfig
    let client: KalshiClient
    var markets: [String: (rules: KalshiMarketRules, fetchedAtMs: Int64)] = [:]
    /// Open orders this instance placed or looked up, by venue order id, with what was last reported.
    var tracked: [String: TrackedOrder] = [:]
    var pollScheduled = false
    /// Trade ids already emitted as fill events (the host de-duplicates too; this keeps the noise down).
    var emittedTrades: Set<String> = []

    struct TrackedOrder {
        var report: VenueOrderReport
        var row: KalshiSideTable.Row
    }

    public init(host: HostHandle, config: KalshiConfig) {
        self.host = host
        self.config = config
        client = KalshiClient(host: host, config: config)
    }

    /// Creates an instance from the `create` configuration JSON.
    public convenience init(host: HostHandle, configJSON: String) throws(VenueFailure) {
        self.init(host: host, config: try KalshiConfig.decode(configJSON))
        let credentials = client.credentialProblem().map { " (\($0.message); authenticated calls will fail)" } ?? ""
        host.log(GW_LOG_INFO, "kalshi '\(config.venue)' ready: \(config.environment.rawValue) at \(config.baseURL.origin)\(config.baseURL.pathPrefix), orders via \(config.orderEndpoint.rawValue), \(config.rateTier.rawValue) rate tier\(credentials)")
    }

    // MARK: Place

    public func placeOrder(_ order: VenueOrder, _ done: OperationCompletion) {
        let checked: KalshiOrderIntent
        do throws(VenueFailure) { checked = try KalshiOrderIntent.checked(order, config: config, nowMs: host.nowUnixMs) } catch { return done.fail(error) }
        if let problem = client.credentialProblem() { return done.fail(problem) }
        marketRules(checked.ticker) { [self] result in
            let intent: KalshiOrderIntent
            do throws(VenueFailure) { intent = try checked.priced(on: result.get(), config: config) } catch { return done.fail(error) }
            let endpoint = config.orderEndpoint
            let request = endpoint.createRequest(intent)
            client.send(.init("POST", request.path, body: request.body, access: .write)) { [self] result in
                switch result {
                case .failure(var failure):
                    if failure.status == .invalidOrder && (failure.message.lowercased().contains("exist") || failure.venueCode.contains("duplicate")) {
                        failure.message += " (client_order_id '\(intent.clientOrderId)' is already in use: query it before resending)"
                    }
                    done.fail(failure)
                case .success(let reply):
                    do throws(VenueFailure) {
                        let report = try endpoint.parseCreate(reply.body, intent: intent)
                        done.succeed(order: report)
                        remember(report, row: intent.row)
                        if let filled = DecimalText.parse(report.filledQuantity), filled > 0 {
                            emitFills(orderId: report.venueOrderId, row: intent.row, clientOrderId: report.clientOrderId)
                        }
                    } catch {
                        var failure = error
                        failure.message += " (HTTP \(reply.status): the order was accepted; query client_order_id '\(intent.clientOrderId)')"
                        done.fail(failure)
                    }
                }
            }
        }
    }

    /// The market's price grid, from the cache or `GET /markets/{ticker}`.
    func marketRules(_ ticker: String, _ done: @escaping (Result<KalshiMarketRules, VenueFailure>) -> Void) {
        let now = host.nowUnixMs
        if let cached = markets[ticker], now - cached.fetchedAtMs < config.marketCacheMs { return done(.success(cached.rules)) }
        client.send(.init("GET", "/markets/\(ticker)", access: .read, signed: false)) { [self] result in
            switch result {
            case .failure(var failure):
                if failure.status == .notFound { failure.message = "market '\(ticker)' not found at Kalshi: \(failure.message)" }
                done(.failure(failure))
            case .success(let reply):
                do throws(VenueFailure) {
                    let rules = try KalshiMarketRules.parse(reply.body, ticker: ticker)
                    markets[ticker] = (rules, now)
                    done(.success(rules))
                } catch {
                    done(.failure(error))
                }
            }
        }
    }

    // MARK: Cancel

    public func cancelOrder(_ ref: VenueOrderRef, _ done: OperationCompletion) {
        if let problem = client.credentialProblem() { return done.fail(problem) }
        resolve(ref) { [self] result in
            let orderId: String
            switch result {
            case .failure(let failure): return done.fail(failure)
            case .success(let found): orderId = found.orderId
            }
            let endpoint = config.orderEndpoint
            client.send(.init("DELETE", endpoint.cancelPath(orderId: orderId), access: .write)) { [self] result in
                switch result {
                case .failure(let failure):
                    done.fail(failure)
                case .success(let reply):
                    do throws(VenueFailure) {
                        switch try endpoint.parseCancel(reply.body, orderId: orderId) {
                        case .report(let report):
                            done.succeed(order: report)
                            remember(report, row: nil)
                        case .lookUp(let id):
                            fetchOrder(id) { [self] result in
                                switch result {
                                case .success(let report):
                                    done.succeed(order: report)
                                    remember(report, row: nil)
                                case .failure(var failure):
                                    failure.message = "order \(id) was cancelled, but reading it back failed: \(failure.message)"
                                    done.fail(failure)
                                }
                            }
                        }
                    } catch {
                        done.fail(error)
                    }
                }
            }
        }
    }

    /// Cancels every resting order (of `market`, or all): lists them to the last page, then batch-cancels 20 at a time.
    public func cancelAll(market: String, _ done: OperationCompletion) {
        if let problem = client.credentialProblem() { return done.fail(problem) }
        listOrders(status: "resting", ticker: market, maxPages: Self.allPages) { [self] result in
            switch result {
            case .failure(let failure):
                done.fail(failure)
            case .success(let listing):
                let open = listing.items
                var chunks: [[KalshiOrderObject]] = []
                var index = 0
                while index < open.count {
                    chunks.append(Array(open[index..<min(index + KalshiOrderEndpoint.batchCancelLimit, open.count)]))
                    index += KalshiOrderEndpoint.batchCancelLimit
                }
                cancelChunks(chunks, next: 0, cancelled: [], failed: [], total: open.count, done)
            }
        }
    }

    private func cancelChunks(_ chunks: [[KalshiOrderObject]], next: Int, cancelled: [VenueOrderReport],
                              failed: [(id: String, error: KalshiErrorMapper.VenueError)], total: Int, _ done: OperationCompletion) {
        guard next < chunks.count else {
            if failed.isEmpty { return done.succeed(orders: cancelled) }
            for report in cancelled { host.emit(order: report) }
            let list = failed.prefix(10).map { "\($0.id) (\($0.error.code): \($0.error.message))" }.joined(separator: "; ")
            return done.fail(VenueFailure(.venueRejected, "cancel all: cancelled \(cancelled.count) of \(total) open orders; \(failed.count) could not be cancelled: \(list)",
                                          venueCode: failed[0].error.code))
        }
        let chunk = chunks[next]
        let endpoint = config.orderEndpoint
        let request = endpoint.batchCancelRequest(chunk.map { ($0.order_id, $0.ticker ?? "") })
        client.send(.init("DELETE", request.path, body: request.body, access: .write, cost: UInt32(chunk.count))) { [self] result in
            switch result {
            case .failure(var failure):
                for report in cancelled { host.emit(order: report) }
                failure.message = "cancel all: batch \(next + 1) of \(chunks.count) failed after \(cancelled.count) of \(total) orders were cancelled: \(failure.message)"
                done.fail(failure)
            case .success(let reply):
                let items: [KalshiOrderEndpoint.BatchItem]
                do throws(VenueFailure) { items = try endpoint.parseBatchCancel(reply.body) } catch {
                    for report in cancelled { host.emit(order: report) }
                    return done.fail(error)
                }
                var cancelled = cancelled, failed = failed
                let listed = Dictionary(chunk.map { ($0.order_id, $0) }, uniquingKeysWith: { first, _ in first })
                for item in items {
                    if let error = item.error {
                        failed.append((item.orderId, error))
                        continue
                    }
                    let what = "cancel all"
                    var report: VenueOrderReport?
                    if let order = item.order {
                        report = try? order.report(known: tracked[item.orderId]?.row, what: what)
                    } else if let before = listed[item.orderId] {
                        report = try? before.report(known: tracked[item.orderId]?.row, what: what)
                        report?.state = GW_STATE_CANCELLED
                        report?.updatedAtUnixMs = host.nowUnixMs
                    }
                    guard let report else {
                        failed.append((item.orderId, .init(code: "unreadable", message: "the venue's reply for this order could not be read", details: "")))
                        continue
                    }
                    cancelled.append(report)
                    remember(report, row: nil)
                }
                cancelChunks(chunks, next: next + 1, cancelled: cancelled, failed: failed, total: total, done)
            }
        }
    }

    // MARK: Queries

    public func openOrders(market: String, _ done: OperationCompletion) {
        if let problem = client.credentialProblem() { return done.fail(problem) }
        listOrders(status: "resting", ticker: market, maxPages: Self.allPages) { [self] result in
            switch result {
            case .failure(let failure):
                done.fail(failure)
            case .success(let listing):
                do throws(VenueFailure) {
                    let reports = try listing.items.map { (order: KalshiOrderObject) throws(VenueFailure) -> VenueOrderReport in
                        try order.report(known: tracked[order.order_id]?.row, what: "open orders")
                    }
                    done.succeed(orders: reports)
                } catch {
                    done.fail(error)
                }
            }
        }
    }

    public func queryOrder(_ ref: VenueOrderRef, _ done: OperationCompletion) {
        if let problem = client.credentialProblem() { return done.fail(problem) }
        resolve(ref) { [self] result in
            switch result {
            case .failure(let failure):
                done.fail(failure)
            case .success(let found):
                if let report = found.report {
                    done.succeed(order: report)
                    remember(report, row: nil)
                    return
                }
                fetchOrder(found.orderId) { [self] result in
                    switch result {
                    case .failure(let failure): done.fail(failure)
                    case .success(let report):
                        done.succeed(order: report)
                        remember(report, row: nil)
                    }
                }
            }
        }
    }

    public func positions(_ done: OperationCompletion) {
        if let problem = client.credentialProblem() { return done.fail(problem) }
        let pager = KalshiPager<KalshiMarketPosition>(
            client: client, what: "positions", maxPages: Self.allPages,
            page: { cursor in
                var query: [(String, String)] = []
                if let cursor { query.append(("cursor", cursor)) }
                query += [("limit", "200"), ("count_filter", "position")]
                return .init("GET", "/portfolio/positions", query: query, access: .read)
            },
            parse: { body throws(VenueFailure) in
                let page = try KalshiErrorMapper.decode(KalshiMarketPosition.Page.self, body, what: "GET /portfolio/positions")
                return (page.market_positions ?? [], page.cursor)
            })
        pager.collect { result in
            switch result {
            case .failure(let failure): done.fail(failure)
            case .success(let listing):
                do throws(VenueFailure) {
                    var positions: [VenuePosition] = []
                    for entry in listing.items { if let position = try entry.position() { positions.append(position) } }
                    done.succeed(positions: positions)
                } catch {
                    done.fail(error)
                }
            }
        }
    }

    public func balances(_ done: OperationCompletion) {
        if let problem = client.credentialProblem() { return done.fail(problem) }
        client.send(.init("GET", "/portfolio/balance", access: .read)) { result in
            switch result {
            case .failure(let failure): done.fail(failure)
            case .success(let reply):
                do throws(VenueFailure) {
                    done.succeed(balances: [try KalshiErrorMapper.decode(KalshiBalance.self, reply.body, what: "GET /portfolio/balance").contractBalance])
                } catch {
                    done.fail(error)
                }
            }
        }
    }

    /// The exchange's status (public, unsigned). A failure to reach the venue is an unhealthy answer, not an error.
    public func health(_ done: OperationCompletion) {
        let credentials = client.credentialProblem().map { "; \($0.message)" } ?? ""
        client.send(.init("GET", "/exchange/status", access: .read, signed: false)) { result in
            switch result {
            case .failure(let failure):
                done.succeed(health: VenueHealth(healthy: false, detail: "exchange status unavailable: \(failure.message)\(credentials)"))
            case .success(let reply):
                do throws(VenueFailure) {
                    let status = try KalshiErrorMapper.decode(KalshiExchangeStatus.self, reply.body, what: "GET /exchange/status")
                    done.succeed(health: VenueHealth(healthy: status.healthy && credentials.isEmpty, latencyMicros: Int64(reply.elapsedMicros),
                                                     detail: status.detail + credentials))
                } catch {
                    done.succeed(health: VenueHealth(healthy: false, latencyMicros: Int64(reply.elapsedMicros),
                                                     detail: error.message))
                }
            }
        }
    }

    // MARK: Helpers

    /// `GET /portfolio/orders` to the last page (or `maxPages`), optionally stopping at the first order `until` accepts.
    func listOrders(status: String?, ticker: String, maxPages: Int, until: @escaping ([KalshiOrderObject]) -> Bool = { _ in false },
                    _ done: @escaping (Result<(items: [KalshiOrderObject], complete: Bool), VenueFailure>) -> Void) {
        let pager = KalshiPager<KalshiOrderObject>(
            client: client, what: "orders", maxPages: maxPages,
            page: { cursor in
                var query: [(String, String)] = []
                if !ticker.isEmpty { query.append(("ticker", ticker)) }
                if let status { query.append(("status", status)) }
                query.append(("limit", "200"))
                if let cursor { query.append(("cursor", cursor)) }
                return .init("GET", "/portfolio/orders", query: query, access: .read)
            },
            parse: { body throws(VenueFailure) in
                let page = try KalshiOrderObject.parsePage(body, what: "GET /portfolio/orders")
                return (page.orders, page.cursor)
            })
        pager.collect(until: until, done)
    }

    /// `GET /portfolio/orders/{id}` as a report.
    func fetchOrder(_ orderId: String, _ done: @escaping (Result<VenueOrderReport, VenueFailure>) -> Void) {
        client.send(.init("GET", "/portfolio/orders/\(orderId)", access: .read)) { [self] result in
            switch result {
            case .failure(let failure): done(.failure(failure))
            case .success(let reply):
                let what = "GET /portfolio/orders/\(orderId)"
                do throws(VenueFailure) {
                    done(.success(try KalshiOrderObject.parseWrapped(reply.body, what: what).report(known: tracked[orderId]?.row, what: what)))
                } catch {
                    done(.failure(error))
                }
            }
        }
    }

    /// The venue order id of `ref`: given, or found by client order id in the orders list (with the order's report).
    func resolve(_ ref: VenueOrderRef, _ done: @escaping (Result<(orderId: String, report: VenueOrderReport?), VenueFailure>) -> Void) {
        if !ref.venueOrderId.isEmpty {
            guard ref.venueOrderId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                return done(.failure(VenueFailure(.invalidOrder, "venue order id '\(ref.venueOrderId)' is not a Kalshi order id")))
            }
            return done(.success((ref.venueOrderId, nil)))
        }
        guard !ref.clientOrderId.isEmpty else {
            return done(.failure(VenueFailure(.invalidOrder, "give a venue order id or a client order id")))
        }
        if let known = tracked.first(where: { $0.value.report.clientOrderId == ref.clientOrderId }) {
            return done(.success((known.key, nil)))
        }
        let wanted = ref.clientOrderId
        listOrders(status: nil, ticker: ref.market, maxPages: config.maxLookupPages,
                   until: { $0.contains { $0.client_order_id == wanted } }) { [self] result in
            switch result {
            case .failure(let failure):
                done(.failure(failure))
            case .success(let listing):
                guard let order = listing.items.first(where: { $0.client_order_id == wanted }) else {
                    let scope = listing.complete ? "among all \(listing.items.count) orders" : "among the \(listing.items.count) most recent orders"
                    return done(.failure(VenueFailure(.notFound, "no Kalshi order with client_order_id '\(wanted)' \(scope)\(ref.market.isEmpty ? "" : " of \(ref.market)")")))
                }
                do throws(VenueFailure) {
                    done(.success((order.order_id, try order.report(known: tracked[order.order_id]?.row, what: "order lookup"))))
                } catch {
                    done(.failure(error))
                }
            }
        }
    }
}
