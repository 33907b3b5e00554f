#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// Where the L2 API credentials stand.
enum CredentialPhase {
    case idle
    case pending([(Result<ApiCredentials, VenueFailure>) -> Void])
    case ready(ApiCredentials)
}

/// The Polymarket CLOB V2 venue: orders signed with EIP-712 through the host's secp256k1 key, API credentials
/// created or derived at run time into the host's key store, every request built here and sent by the host.
///
/// - Orders: limit GTC/GTD (`quantity` shares at `limit_price`), IOC → FAK and FOK as marketable orders; market
///   orders are FOK/FAK by amount (BUY spends `quantity × price bound` dollars, SELL sells `quantity` shares),
///   the bound being `limit_price` or, when empty, the price that fills the quantity on the book.
/// - The order id is the EIP-712 digest, so the client order id ↔ order id mapping exists before the order
///   is sent; an order whose placement outcome is unknown can still be queried and cancelled.
/// - Fills are polled (`GET /data/order`, `/data/trades`) while orders rest and reported as events.
public final class PolymarketVenue: VenuePluginInstance {
    public static let info = PluginInfo(
        name: "polymarket", version: "1.0.0",
        description: "Polymarket CLOB V2: EIP-712 orders and L1/L2 API credentials signed through the host's key store",
        venues: ["polymarket"],
        capabilities: UInt64(GW_CAP_MARKET_ORDERS | GW_CAP_LIMIT_ORDERS | GW_CAP_IOC | GW_CAP_FOK | GW_CAP_GTD
            | GW_CAP_POST_ONLY | GW_CAP_REDUCE_ONLY | GW_CAP_CANCEL_ALL | GW_CAP_OPEN_ORDERS | GW_CAP_POSITIONS
            | GW_CAP_BALANCES | GW_CAP_QUERY_ORDER | GW_CAP_BINARY_OUTCOMES | GW_CAP_FILL_EVENTS),
        clientOrderIdMaxLength: 0, clientOrderIdCharacters: "",
        // The CLOB's documented limits per 10 s burst, refilled at the sustained per-10-minute rate.
        rateLimits: [("orders", 3_500, 60), ("cancels", 3_000, 50), ("cancel_all", 250, 10), ("data", 500, 50),
                     ("balance", 200, 20), ("auth", 100, 10), ("markets", 1_000, 100), ("positions", 100, 10)])

    let host: HostHandle
    public let config: PolymarketConfig
    /// Nil when no private key is configured: every operation then fails with an auth error.
    let signer: ClobSigner?
    /// The wallet holding the funds (the order's maker; positions are looked up for it).
    let funder: EthereumAddress?
    let exchange: EthereumAddress
    let negRiskExchange: EthereumAddress

    /// EIP-712 domain separators of the two exchanges and EIP-55 forms of the wallet's addresses, computed once.
    var exchangeDomain: [UInt8] = []
    var negRiskExchangeDomain: [UInt8] = []
    var checksums: [EthereumAddress: String] = [:]

    var credentialPhase: CredentialPhase = .idle
    var lastCredentialError = ""
    var conditionTokens: [String: [(token: String, label: String)]] = [:]
    var tokenCondition: [String: String] = [:]
    var tokenRules: [String: TokenRules] = [:]
    /// Orders placed through this instance, by client order id.
    var orders: [String: TrackedOrder] = [:]
    var clientIdByOrderId: [String: String] = [:]
    /// The market string the gateway last used for a token (positions echo it).
    var marketByToken: [String: String] = [:]
    var pollScheduled = false
    var pollInFlight = false

    public init(host: HostHandle, config: PolymarketConfig) throws(VenueFailure) {
        self.host = host
        self.config = config
        let keccak = { (data: [UInt8]) in host.keccak256(data) }
        guard let exchange = EthereumAddress(config.exchange, keccak: keccak),
              let negRisk = EthereumAddress(config.negRiskExchange, keccak: keccak) else {
            throw VenueFailure(.invalidConfig, "config: exchange / neg_risk_exchange must be 0x-prefixed 20-byte addresses")
        }
        self.exchange = exchange
        negRiskExchange = negRisk
        if let text = config.funder {
            guard let address = EthereumAddress(text, keccak: keccak) else {
                throw VenueFailure(.invalidConfig, "config: funder '\(text)' is not an address (0x + 40 hex digits, EIP-55 checksum if mixed case)")
            }
            funder = address
        } else {
            funder = nil
        }
        if config.privateKeyHandle != 0 {
            let publicKey = try host.publicKey(config.privateKeyHandle)
            guard let address = EthereumAddress(bytes: publicKey) else {
                throw VenueFailure(.invalidConfig, "credentials.private_key is not a secp256k1 key (the host returned a \(publicKey.count)-byte public key)")
            }
            signer = ClobSigner(backend: HostSigningBackend(host: host, key: config.privateKeyHandle), chainId: config.chainId,
                                address: address)
        } else {
            signer = nil
            host.log(GW_LOG_WARN, "polymarket: no credentials.private_key configured; every operation will fail until one is")
        }
        if let signer {
            exchangeDomain = signer.domainSeparator(exchange: exchange)
            negRiskExchangeDomain = signer.domainSeparator(exchange: negRisk)
            checksums[signer.address] = signer.checksummedAddress
        }
        if let funder { checksums[funder] = funder.checksummed(keccak) }
    }

    /// The EIP-55 form of an address, cached for the wallet's own.
    func checksum(_ address: EthereumAddress) -> String { checksums[address] ?? address.checksummed(host.keccak256) }

    /// Creates an instance from the `create` configuration JSON. Makes no request: the API key is created or
    /// derived by the first operation that needs it.
    public convenience init(host: HostHandle, configJSON: String) throws(VenueFailure) {
        try self.init(host: host, config: try PluginConfig.decode(PolymarketConfig.self, from: configJSON))
        let who = signer.map { $0.checksummedAddress } ?? "no wallet"
        host.log(GW_LOG_INFO, "polymarket venue '\(config.venue)' ready: \(who), signature type \(config.signatureType.rawValue), CLOB \(config.baseURL)")
    }

    /// The order's maker: the funder for proxy, Safe and deposit wallets, else the EOA.
    var makerAddress: EthereumAddress? { funder ?? signer?.address }

    func keccak(_ data: [UInt8]) -> [UInt8] { host.keccak256(data) }

    // MARK: Place

    public func placeOrder(_ order: VenueOrder, _ done: OperationCompletion) {
        let plan: OrderPlan
        do { plan = try OrderPlan(order, nowMs: host.nowUnixMs) } catch { return done.fail(error) }
        if orders[order.clientOrderId] != nil {
            return done.fail(.invalidOrder, "duplicate client order id '\(order.clientOrderId)'", venueCode: "duplicate_client_order_id")
        }
        guard signer != nil else { return done.fail(missingKeyFailure) }
        let needBook = order.type == GW_ORDER_MARKET && plan.limit == nil
        resolveMarket(order.market, outcome: order.outcome, needBook: needBook) { [self] result in
            switch result {
            case .failure(let failure): done.fail(failure)
            case .success(let market):
                withCredentials { [self] credentials in
                    switch credentials {
                    case .failure(let failure): done.fail(failure)
                    case .success(let credentials): submit(order, plan: plan, market: market, credentials: credentials, done)
                    }
                }
            }
        }
    }

    private func submit(_ order: VenueOrder, plan: OrderPlan, market: ResolvedMarket, credentials: ApiCredentials,
                        _ done: OperationCompletion) {
        guard orders[order.clientOrderId] == nil else {
            return done.fail(.invalidOrder, "duplicate client order id '\(order.clientOrderId)'", venueCode: "duplicate_client_order_id")
        }
        guard let signer, let maker = makerAddress else { return done.fail(missingKeyFailure) }
        let signed: SignedOrder
        let amounts: OrderAmounts
        do throws(VenueFailure) {
            amounts = try plan.amounts(rules: market.rules, bids: market.bids, asks: market.asks)
            let orderSigner = config.signatureType == .poly1271 ? maker : signer.address
            let draft = V2Order(salt: V2Order.salt(clientOrderId: order.clientOrderId, keccak: keccak), maker: maker, signer: orderSigner, tokenId: market.token,
                                makerAmount: amounts.makerAmount, takerAmount: amounts.takerAmount, side: plan.side,
                                signatureType: config.signatureType, timestampMs: UInt64(max(0, host.nowUnixMs)),
                                expiration: plan.expiration)
            signed = try signer.sign(draft, domainSeparator: market.rules.negRisk ? negRiskExchangeDomain : exchangeDomain)
        } catch {
            return done.fail(error)
        }
        let body = signed.body(owner: credentials.apiKey, orderType: plan.orderType, postOnly: order.postOnly, checksum: checksum)
        var tracked = TrackedOrder(clientOrderId: order.clientOrderId, orderId: signed.orderId, market: order.market,
                                   token: market.token, side: order.side, outcome: market.outcome, quantity: order.quantity,
                                   limitPrice: order.limitPrice.isEmpty ? DecimalText.format(amounts.price) : order.limitPrice,
                                   state: GW_STATE_UNKNOWN, updatedAtMs: host.nowUnixMs)
        remember(tracked)
        marketByToken[market.token] = order.market
        request("POST", "/order", body: body, auth: .level2(credentials), bucket: "orders",
                onFailure: { [self] failure in
                    tracked.state = GW_STATE_REJECTED
                    remember(tracked)
                    done.fail(failure)
                }) { [self] response in
            handlePlacement(response, tracked: tracked, plan: plan, amounts: amounts, done)
        }
    }

    private func handlePlacement(_ response: HTTPResponse, tracked initial: TrackedOrder, plan: OrderPlan, amounts: OrderAmounts,
                                 _ done: OperationCompletion) {
        var tracked = initial
        let json: PolyJSON
        do throws(VenueFailure) {
            json = try decode(response, what: "POST /order", mutating: true)
        } catch {
            // A definite refusal ends the order; an unknown outcome keeps it (queryable by its digest) and the
            // poller asks the venue about it.
            if error.status == .outcomeUnknown {
                schedulePoll()
            } else {
                tracked.state = GW_STATE_REJECTED
                remember(tracked)
                if error.status == .invalidOrder, error.message.lowercased().contains("tick") { tokenRules[tracked.token] = nil }
            }
            return done.fail(error)
        }
        let errorText = json["errorMsg"]?.stringValue ?? json["error"]?.stringValue ?? ""
        if json["success"]?.boolValue == false || !errorText.isEmpty {
            tracked.state = GW_STATE_REJECTED
            remember(tracked)
            return done.fail(VenueErrors.orderRejection(errorText.isEmpty ? json.serialized : errorText))
        }
        if let venueId = json["orderID"]?.stringValue, !venueId.isEmpty, venueId.lowercased() != tracked.orderId {
            host.log(GW_LOG_DEBUG, "polymarket: venue order id \(venueId) differs from the signed digest \(tracked.orderId); using the venue's")
            clientIdByOrderId[tracked.orderId] = nil
            tracked.orderId = venueId
        }
        tracked.acknowledged = true
        tracked.updatedAtMs = host.nowUnixMs
        applyPlacementFill(&tracked, json: json, plan: plan, amounts: amounts)
        remember(tracked)
        done.succeed(order: tracked.report)
        if tracked.isOpen { schedulePoll() }
    }

    /// Reads `status`, `makingAmount` and `takingAmount` (decimal strings, not base units) of a placement reply.
    private func applyPlacementFill(_ tracked: inout TrackedOrder, json: PolyJSON, plan: OrderPlan, amounts: OrderAmounts) {
        let status = (json["status"]?.stringValue ?? "").lowercased()
        let making = JSONDecimal.value(json["makingAmount"]) ?? 0
        let taking = JSONDecimal.value(json["takingAmount"]) ?? 0
        var shares = plan.side == .buy ? taking : making
        var dollars = plan.side == .buy ? making : taking
        if status == "matched" && shares == 0 && plan.orderType == "FOK" {
            // A FOK that matched filled completely, even when the reply omits the amounts.
            shares = amounts.shares
            dollars = amounts.dollars
        }
        if shares > 0 {
            tracked.filled = shares
            tracked.notional = dollars
            tracked.pricedSize = shares
            for trade in json["tradeIDs"]?.arrayValue ?? [] {
                if let id = trade.stringValue { tracked.pricedTrades.insert(id) }
            }
        }
        switch status {
        case "matched":
            if plan.immediate {
                tracked.state = shares == 0 ? GW_STATE_UNKNOWN : shares >= amounts.shares ? GW_STATE_FILLED : GW_STATE_CANCELLED
            } else {
                let quantity = DecimalText.parse(tracked.quantity) ?? 0
                tracked.state = shares == 0 ? GW_STATE_OPEN : shares >= quantity ? GW_STATE_FILLED : GW_STATE_PARTIALLY_FILLED
            }
        case "live", "delayed", "unmatched":
            tracked.state = shares > 0 ? GW_STATE_PARTIALLY_FILLED : GW_STATE_OPEN
        default:
            tracked.state = GW_STATE_UNKNOWN
        }
    }

    func remember(_ tracked: TrackedOrder) {
        orders[tracked.clientOrderId] = tracked
        clientIdByOrderId[tracked.orderId.lowercased()] = tracked.clientOrderId
    }

    /// The tracked order a reference names (client id first, then venue id).
    func tracked(_ ref: VenueOrderRef) -> TrackedOrder? {
        if !ref.clientOrderId.isEmpty, let known = orders[ref.clientOrderId] { return known }
        if !ref.venueOrderId.isEmpty, let id = clientIdByOrderId[ref.venueOrderId.lowercased()] { return orders[id] }
        return nil
    }

    // MARK: Cancel

    public func cancelOrder(_ ref: VenueOrderRef, _ done: OperationCompletion) {
        let known = tracked(ref)
        guard let orderId = known?.orderId ?? (ref.venueOrderId.isEmpty ? nil : ref.venueOrderId) else {
            return done.fail(.notFound, "polymarket: no order with client id '\(ref.clientOrderId)' is known to this instance and no venue order id was given")
        }
        withCredentials { [self] credentials in
            guard case .success(let credentials) = credentials else {
                if case .failure(let failure) = credentials { done.fail(failure) }
                return
            }
            let body = "{\"orderID\":" + PolyJSON.quote(orderId) + "}"
            request("DELETE", "/order", body: body, auth: .level2(credentials), bucket: "cancels",
                    onFailure: { done.fail($0) }) { [self] response in
                do throws(VenueFailure) {
                    let json = try decode(response, what: "DELETE /order", mutating: true)
                    let cancelled = Set((json["canceled"]?.arrayValue ?? []).compactMap { $0.stringValue?.lowercased() })
                    if cancelled.contains(orderId.lowercased()) {
                        var report = markCancelled(orderId: orderId, fallbackMarket: ref.market)
                        report.updatedAtUnixMs = host.nowUnixMs
                        return done.succeed(order: report)
                    }
                    let reason = json["not_canceled"]?[orderId]?.stringValue
                        ?? json["not_canceled"]?.objectValue?.first?.value.stringValue ?? json.serialized
                    let status: VenueStatus = reason.lowercased().contains("not found") ? .notFound : .invalidOrder
                    done.fail(status, "polymarket: order \(orderId) was not cancelled: \(reason)", venueCode: "not_canceled")
                } catch {
                    done.fail(error)
                }
            }
        }
    }

    /// Marks a known order cancelled (keeping its fills) and returns its report; a minimal report otherwise.
    func markCancelled(orderId: String, fallbackMarket: String) -> VenueOrderReport {
        if let id = clientIdByOrderId[orderId.lowercased()], var known = orders[id] {
            if known.isOpen { known.state = GW_STATE_CANCELLED }
            known.updatedAtMs = host.nowUnixMs
            remember(known)
            return known.report
        }
        return VenueOrderReport(clientOrderId: "", venueOrderId: orderId, market: fallbackMarket, side: GW_SIDE_BUY,
                                outcome: GW_OUTCOME_NONE, state: GW_STATE_CANCELLED, quantity: "", updatedAtUnixMs: host.nowUnixMs)
    }

    public func cancelAll(market: String, _ done: OperationCompletion) {
        withCredentials { [self] credentials in
            guard case .success(let credentials) = credentials else {
                if case .failure(let failure) = credentials { done.fail(failure) }
                return
            }
            let finish = { [self] (response: HTTPResponse, what: String) in
                do throws(VenueFailure) {
                    let json = try decode(response, what: what, mutating: true)
                    let ids = (json["canceled"]?.arrayValue ?? []).compactMap(\.stringValue)
                    done.succeed(orders: ids.map { markCancelled(orderId: $0, fallbackMarket: market) })
                } catch {
                    done.fail(error)
                }
            }
            if market.isEmpty {
                return request("DELETE", "/cancel-all", auth: .level2(credentials), bucket: "cancel_all",
                               onFailure: { done.fail($0) }) { finish($0, "DELETE /cancel-all") }
            }
            resolveMarket(market, outcome: GW_OUTCOME_NONE, needBook: false) { [self] resolved in
                switch resolved {
                case .failure(let failure): done.fail(failure)
                case .success(let target):
                    let body = "{\"asset_id\":" + PolyJSON.quote(target.token) + "}"
                    request("DELETE", "/cancel-market-orders", body: body, auth: .level2(credentials), bucket: "cancel_all",
                            onFailure: { done.fail($0) }) { finish($0, "DELETE /cancel-market-orders") }
                }
            }
        }
    }

    // MARK: Queries

    public func openOrders(market: String, _ done: OperationCompletion) {
        withCredentials { [self] credentials in
            guard case .success(let credentials) = credentials else {
                if case .failure(let failure) = credentials { done.fail(failure) }
                return
            }
            guard !market.isEmpty else { return fetchOpenOrders(credentials: credentials, token: nil, done) }
            resolveMarket(market, outcome: GW_OUTCOME_NONE, needBook: false) { [self] resolved in
                switch resolved {
                case .failure(let failure): done.fail(failure)
                case .success(let target): fetchOpenOrders(credentials: credentials, token: target.token, done)
                }
            }
        }
    }

    /// `GET /data/orders` page by page (cursor `MA==` … `LTE=`).
    private func fetchOpenOrders(credentials: ApiCredentials, token: String?, cursor: String = "MA==",
                                 collected: [VenueOrderReport] = [], pages: Int = 0, _ done: OperationCompletion) {
        var query: [(String, String)] = []
        if let token { query.append(("asset_id", token)) }
        query.append(("next_cursor", cursor))
        request("GET", "/data/orders", query: query, auth: .level2(credentials), bucket: "data", idempotent: true,
                onFailure: { done.fail($0) }) { [self] response in
            do throws(VenueFailure) {
                let json = try decode(response, what: "GET /data/orders", mutating: false)
                guard let data = json["data"]?.arrayValue else {
                    throw VenueFailure(.internalError, "polymarket: GET /data/orders: reply has no 'data' array: \(VenueErrors.venueText(response.body))")
                }
                var reports = collected
                for item in data { reports.append(try absorb(openOrder: item)) }
                let next = json["next_cursor"]?.stringValue ?? "LTE="
                if next == "LTE=" || next.isEmpty || data.isEmpty || pages >= 50 {
                    return done.succeed(orders: reports)
                }
                fetchOpenOrders(credentials: credentials, token: token, cursor: next, collected: reports, pages: pages + 1, done)
            } catch {
                done.fail(error)
            }
        }
    }

    public func queryOrder(_ ref: VenueOrderRef, _ done: OperationCompletion) {
        guard let orderId = tracked(ref)?.orderId ?? (ref.venueOrderId.isEmpty ? nil : ref.venueOrderId) else {
            return done.fail(.notFound, "polymarket: no order with client id '\(ref.clientOrderId)' is known to this instance and no venue order id was given")
        }
        withCredentials { [self] credentials in
            guard case .success(let credentials) = credentials else {
                if case .failure(let failure) = credentials { done.fail(failure) }
                return
            }
            fetchOrder(orderId, credentials: credentials) { result in
                switch result {
                case .success(let report): done.succeed(order: report)
                case .failure(let failure): done.fail(failure)
                }
            }
        }
    }

    /// `GET /data/order/{id}`, folded into the tracked order (which reports any growth as an event).
    func fetchOrder(_ orderId: String, credentials: ApiCredentials, _ done: @escaping (Result<VenueOrderReport, VenueFailure>) -> Void) {
        let what = "GET /data/order/\(orderId)"
        request("GET", "/data/order/\(orderId)", auth: .level2(credentials), bucket: "data", idempotent: true,
                onFailure: { done(.failure($0)) }) { [self] response in
            do throws(VenueFailure) {
                let json = try decode(response, what: what, mutating: false)
                guard json.objectValue?["id"] != nil else {
                    throw VenueFailure(.notFound, "polymarket: order \(orderId) is unknown to the venue (\(VenueErrors.venueText(response.body)))")
                }
                done(.success(try absorb(openOrder: json)))
            } catch {
                done(.failure(error))
            }
        }
    }

    /// Turns an OpenOrder object into a report, updating the tracked order when it is one of ours.
    func absorb(openOrder json: PolyJSON) throws(VenueFailure) -> VenueOrderReport {
        guard let id = json["id"]?.stringValue, let token = json["asset_id"]?.scalarText,
              let original = JSONDecimal.value(json["original_size"]) else {
            throw VenueFailure(.internalError, "polymarket: malformed order object: \(json.serialized)")
        }
        let matched = JSONDecimal.value(json["size_matched"]) ?? 0
        let venueStatus = (json["status"]?.stringValue ?? "").uppercased()
        var state: gw_order_state
        switch venueStatus {
        case "LIVE", "DELAYED", "UNMATCHED": state = matched > 0 ? GW_STATE_PARTIALLY_FILLED : GW_STATE_OPEN
        case "MATCHED": state = GW_STATE_FILLED
        case let s where s.hasPrefix("CANCELED") || s.hasPrefix("CANCELLED"): state = GW_STATE_CANCELLED
        case "INVALID": state = GW_STATE_REJECTED
        default: state = GW_STATE_UNKNOWN
        }
        if state == GW_STATE_FILLED && matched < original { state = GW_STATE_CANCELLED }
        let updated = JSONDecimal.int64(json["created_at"]).map { $0 * 1000 } ?? 0
        if let clientId = clientIdByOrderId[id.lowercased()], var known = orders[clientId] {
            let previous = (known.filled, known.state)
            known.acknowledged = true
            known.state = state
            if matched > known.filled { known.filled = matched }
            for trade in json["associate_trades"]?.arrayValue ?? [] {
                if let tradeId = trade.stringValue, !known.pricedTrades.contains(tradeId) || !known.reportedTrades.contains(tradeId) {
                    known.pendingTrades.insert(tradeId)
                }
            }
            known.updatedAtMs = host.nowUnixMs
            remember(known)
            if previous.0 != known.filled || previous.1 != known.state { host.emit(order: known.report) }
            return known.report
        }
        let side: gw_side = (json["side"]?.stringValue ?? "").uppercased() == "SELL" ? GW_SIDE_SELL : GW_SIDE_BUY
        let outcome: gw_outcome = switch (json["outcome"]?.stringValue ?? "").lowercased() {
        case "yes": GW_OUTCOME_YES
        case "no": GW_OUTCOME_NO
        default: GW_OUTCOME_NONE
        }
        return VenueOrderReport(clientOrderId: "", venueOrderId: id, market: marketByToken[token] ?? token, side: side,
                                outcome: outcome, state: state, quantity: DecimalText.format(original),
                                filledQuantity: DecimalText.format(matched), limitPrice: JSONDecimal.text(json["price"]) ?? "",
                                updatedAtUnixMs: updated)
    }

    // MARK: Account

    public func positions(_ done: OperationCompletion) {
        guard let owner = makerAddress else { return done.fail(missingKeyFailure) }
        fetchPositions(user: checksum(owner), offset: 0, collected: [], done)
    }

    private func fetchPositions(user: String, offset: Int, collected: [VenuePosition], _ done: OperationCompletion) {
        let pageSize = 500
        request("GET", "/positions", query: [("user", user), ("sizeThreshold", "0"), ("limit", String(pageSize)), ("offset", String(offset))],
                auth: .none, base: config.dataAPIURL, bucket: "positions", idempotent: true,
                onFailure: { done.fail($0) }) { [self] response in
            do throws(VenueFailure) {
                let json = try decode(response, what: "GET /positions (data API)", mutating: false)
                guard let items = json.arrayValue else {
                    throw VenueFailure(.internalError, "polymarket: GET /positions: expected an array: \(VenueErrors.venueText(response.body))")
                }
                var positions = collected
                for item in items {
                    guard let token = item["asset"]?.scalarText, let size = JSONDecimal.value(item["size"]) else {
                        throw VenueFailure(.internalError, "polymarket: GET /positions: malformed position \(item.serialized)")
                    }
                    guard size != 0 else { continue }
                    let label = (item["outcome"]?.stringValue ?? "").lowercased()
                    let index = JSONDecimal.value(item["outcomeIndex"])
                    let outcome: gw_outcome = label == "yes" ? GW_OUTCOME_YES : label == "no" ? GW_OUTCOME_NO
                        : index == 0 ? GW_OUTCOME_YES : index == 1 ? GW_OUTCOME_NO : GW_OUTCOME_NONE
                    positions.append(VenuePosition(market: marketByToken[token] ?? token, outcome: outcome, size: DecimalText.format(size),
                                                   averageEntryPrice: JSONDecimal.text(item["avgPrice"]) ?? "",
                                                   markPrice: JSONDecimal.text(item["curPrice"]) ?? "",
                                                   unrealizedPnl: JSONDecimal.text(item["cashPnl"]) ?? ""))
                }
                if items.count >= pageSize && offset < 10_000 {
                    return fetchPositions(user: user, offset: offset + pageSize, collected: positions, done)
                }
                done.succeed(positions: positions)
            } catch {
                done.fail(error)
            }
        }
    }

    public func balances(_ done: OperationCompletion) {
        withCredentials { [self] credentials in
            guard case .success(let credentials) = credentials else {
                if case .failure(let failure) = credentials { done.fail(failure) }
                return
            }
            request("GET", "/balance-allowance",
                    query: [("asset_type", "COLLATERAL"), ("signature_type", String(config.signatureType.rawValue))],
                    auth: .level2(credentials), bucket: "balance", idempotent: true,
                    onFailure: { done.fail($0) }) { [self] response in
                do throws(VenueFailure) {
                    let json = try decode(response, what: "GET /balance-allowance", mutating: false)
                    guard let units = JSONDecimal.value(json["balance"]) else {
                        throw VenueFailure(.internalError, "polymarket: GET /balance-allowance: reply has no balance: \(VenueErrors.venueText(response.body))")
                    }
                    let amount = DecimalText.format(units / 1_000_000)
                    done.succeed(balances: [VenueBalance(currency: "pUSD", total: amount, available: amount)])
                } catch {
                    done.fail(error)
                }
            }
        }
    }

    public func health(_ done: OperationCompletion) {
        let started = host.monotonicNs
        let sentAtMs = host.nowUnixMs
        request("GET", "/time", auth: .none, bucket: "markets", idempotent: true,
                onFailure: { failure in done.succeed(health: VenueHealth(healthy: false, detail: failure.message)) }) { [self] response in
            let latency = Int64((host.monotonicNs &- started) / 1000)
            guard response.statusCode == 200 else {
                let failure = VenueErrors.failure(response, what: "GET /time", mutating: false)
                return done.succeed(health: VenueHealth(healthy: false, latencyMicros: latency, detail: failure.message))
            }
            var offset: Int64 = 0
            let text = String(decoding: response.body, as: UTF8.self).trimmingWhitespace
            if let seconds = Int64(text) ?? (try? PolyJSON.parse(text))?.scalarText.flatMap({ Int64($0) }) {
                offset = seconds * 1000 - (sentAtMs + latency / 2000)
            }
            var detail: String
            var healthy = signer != nil
            switch credentialPhase {
            case .ready: detail = "CLOB reachable; API key ready"
            case .pending: detail = "CLOB reachable; deriving the API key"
            case .idle:
                detail = lastCredentialError.isEmpty ? "CLOB reachable; API key not derived yet" : "CLOB reachable; last API key attempt failed: \(lastCredentialError)"
            }
            if signer == nil { detail = "no wallet key configured (credentials.private_key)"; healthy = false }
            done.succeed(health: VenueHealth(healthy: healthy, latencyMicros: latency, clockOffsetMs: offset, detail: detail))
        }
    }
}
