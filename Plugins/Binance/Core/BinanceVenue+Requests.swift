import PluginABI
import VenueKit

/// The request pipeline: clock, signing, sending through the host, and classifying the reply.
extension BinanceVenue {
    /// One REST call.
    struct Call {
        var endpoint: BinanceMarket.Endpoint
        var query: BinanceQuery
        var signed: Bool
        var kind: BinanceErrors.RequestKind
        /// The operation, for messages ("new order BTCUSDT 'gw-1'").
        var what: String
    }

    /// Sends `call` (after syncing the clock if it is signed) and hands the JSON reply or the failure
    /// to `completion`, exactly once.
    func perform(_ call: Call, _ completion: @escaping (Result<BinanceJSON, VenueFailure>) -> Void) {
        let now = host.nowUnixMs
        if now < blockedUntilMs {
            let wait = blockedUntilMs - now
            return completion(.failure(VenueFailure(
                .rateLimited, "\(call.what): not sent: Binance asked to wait (Retry-After) for another \(wait) ms",
                venueCode: "-1003", retryable: true, retryAfterMs: UInt32(clamping: wait))))
        }
        guard call.signed else { return send(call, completion) }
        guard signer.credentials != nil else {
            return completion(.failure(VenueFailure(.auth, "\(call.what): no Binance API key is configured (credentials.api_key with credentials.secret or credentials.private_key); only public endpoints are available")))
        }
        withClock { [self] in send(call, completion) }
    }

    func send(_ call: Call, _ completion: @escaping (Result<BinanceJSON, VenueFailure>) -> Void) {
        var query = call.query
        var headers: [HTTPRequest.Header] = []
        let queryText: String
        if call.signed {
            query.append("recvWindow", String(config.recvWindowMs))
            query.append("timestamp", String(clock.timestamp(nowMs: host.nowUnixMs)))
            do { queryText = try signer.signedQuery(query) } catch { return completion(.failure(error)) }
            if let apiKey = signer.credentials?.apiKey { headers.append(HTTPRequest.Header("X-MBX-APIKEY", "", valueKey: apiKey)) }
        } else {
            queryText = query.encoded
        }
        let url = config.baseURL + call.endpoint.path + (queryText.isEmpty ? "" : "?" + queryText)
        let limit = market.rateLimit(for: call.endpoint)
        let request = HTTPRequest(method: call.endpoint.method, url: url, headers: headers, body: [],
                                  timeoutMs: config.requestTimeoutMs, idempotent: call.endpoint.method == "GET",
                                  rateLimitBucket: limit.bucket, rateLimitCost: limit.cost)
        let status = host.send(request) { [self] response in handle(response, call, completion) }
        if status != .ok {
            completion(.failure(VenueFailure(.venueUnavailable, "\(call.what): the host refused to send the request (\(status))")))
        }
    }

    func handle(_ response: HTTPResponse, _ call: Call, _ completion: @escaping (Result<BinanceJSON, VenueFailure>) -> Void) {
        guard response.statusCode != 0 else {
            // No status line: the transport says whether the request may have reached Binance.
            let mayHaveArrived = response.transportStatus != .venueUnavailable
            let status: VenueStatus = call.kind == .write && mayHaveArrived ? .outcomeUnknown : .venueUnavailable
            return completion(.failure(VenueFailure(status, "\(call.what): \(response.transportMessage.isEmpty ? "no reply" : response.transportMessage)",
                                                    retryable: status == .venueUnavailable)))
        }
        let json = BinanceJSON.parse(response.body)
        if (200..<300).contains(response.statusCode) {
            guard let json else {
                let status: VenueStatus = call.kind == .write ? .outcomeUnknown : .internalError
                return completion(.failure(VenueFailure(status, "\(call.what): unreadable Binance reply (HTTP \(response.statusCode)): \(response.bodyText.prefix(500))")))
            }
            return completion(.success(json))
        }
        let code = json?["code"]?.int64.map { Int($0) }
        let message = json?["msg"]?.text ?? String(response.bodyText.prefix(500))
        let failure = BinanceErrors.failure(httpStatus: response.statusCode, code: code, message: message,
                                            retryAfter: response.header("retry-after"), kind: call.kind, what: call.what)
        if failure.status == .rateLimited {
            let wait = failure.retryAfterMs > 0 ? Int64(failure.retryAfterMs) : (response.statusCode == 418 ? 120_000 : 1_000)
            blockedUntilMs = max(blockedUntilMs, host.nowUnixMs + wait)
        }
        if failure.status == .clockSkew {
            // -1021: measure the offset again before reporting, so that a retry is signed right.
            clock.invalidate()
            return withClock { [self] in
                completion(.failure(VenueFailure(.clockSkew, "\(failure.message) (server clock offset measured again: \(clock.offsetMs) ms)",
                                                 venueCode: failure.venueCode, retryable: true)))
            }
        }
        completion(.failure(failure))
    }

    // MARK: Clock

    /// Runs `body` once the clock offset is fresh (measuring it first if needed). Concurrent callers
    /// share one measurement. A failed measurement keeps the last offset (0 if none) and goes on:
    /// the signed request then tells.
    func withClock(_ body: @escaping () -> Void) {
        guard clock.needsSync(nowMs: host.nowUnixMs, intervalMs: config.timeSyncIntervalMs) else { return body() }
        clockWaiters.append(body)
        guard clockWaiters.count == 1 else { return }
        measureClock { [self] outcome in
            if case .failure(let failure) = outcome {
                host.log(GW_LOG_WARN, "binance: server time not measured (\(failure.message)); signing with offset \(clock.offsetMs) ms")
            }
            let waiters = clockWaiters
            clockWaiters = []
            for waiter in waiters { waiter() }
        }
    }

    /// `GET /time` once, recording the offset on success.
    func measureClock(_ completion: @escaping (Result<Void, VenueFailure>) -> Void) {
        let sentAt = host.nowUnixMs
        let call = Call(endpoint: market.serverTime, query: BinanceQuery(), signed: false, kind: .read, what: "server time")
        perform(call) { [self] result in
            switch result {
            case .success(let json):
                guard let serverTime = json["serverTime"]?.int64 else {
                    return completion(.failure(BinanceReports.malformed("server time", json.description)))
                }
                let receivedAt = host.nowUnixMs
                let roundTrip = max(Int64(0), (receivedAt - sentAt) * 1000)
                clock.record(serverTimeMs: serverTime, sentAtMs: sentAt, receivedAtMs: receivedAt, roundTripMicros: roundTrip)
                completion(.success(()))
            case .failure(let failure):
                completion(.failure(failure))
            }
        }
    }

    // MARK: Rules

    /// Runs `body` with the symbol's filters, fetching `exchangeInfo` first when they are not cached
    /// or older than `rules_ttl_s` (spot: that symbol; futures: every symbol at once). Concurrent
    /// callers share one fetch.
    func withRules(_ symbol: String, _ body: @escaping (Result<SymbolRules, VenueFailure>) -> Void) {
        let now = host.nowUnixMs
        let key = market == .spot ? symbol : "*"
        if let cached = rulesCache[market == .spot ? symbol : "*"], now - cached.fetchedAtMs < config.rulesTTLMs {
            if market == .spot, let rules = cached.rules { return body(.success(rules)) }
            if market == .futures, let entry = rulesCache[symbol], entry.fetchedAtMs == cached.fetchedAtMs, let rules = entry.rules {
                return body(.success(rules))
            }
            if market == .futures {
                return body(.failure(VenueFailure(.notFound, "\(symbol) is not a USD-M futures symbol on Binance (not in exchangeInfo)")))
            }
        }
        rulesWaiters[key, default: []].append((symbol, body))
        guard rulesWaiters[key]?.count == 1 else { return }
        var query = BinanceQuery()
        if market == .spot { query.append("symbol", symbol) }
        perform(Call(endpoint: market.exchangeInfo, query: query, signed: false, kind: .read,
                     what: "exchangeInfo \(market == .spot ? symbol : "(all symbols)")")) { [self] result in
            let waiters = rulesWaiters.removeValue(forKey: key) ?? []
            switch result {
            case .failure(let failure):
                for waiter in waiters { waiter.body(.failure(failure)) }
            case .success(let json):
                let fetchedAt = host.nowUnixMs
                var parsed: [SymbolRules] = []
                do throws(RulesError) {
                    for item in json["symbols"]?.array ?? [] {
                        if let rules = try SymbolRules.parse(item) { parsed.append(rules) }
                    }
                } catch {
                    let failure = VenueFailure(.internalError, "exchangeInfo: \(error.message)")
                    for waiter in waiters { waiter.body(.failure(failure)) }
                    return
                }
                if json["symbols"]?.array == nil {
                    let failure = BinanceReports.malformed("exchangeInfo", json.description)
                    for waiter in waiters { waiter.body(.failure(failure)) }
                    return
                }
                if market == .futures {
                    rulesCache["*"] = CachedRules(rules: nil, fetchedAtMs: fetchedAt)
                }
                for rules in parsed where market == .futures || rules.symbol == symbol {
                    rulesCache[rules.symbol] = CachedRules(rules: rules, fetchedAtMs: fetchedAt)
                }
                for waiter in waiters {
                    if let rules = rulesCache[waiter.symbol]?.rules, rulesCache[waiter.symbol]?.fetchedAtMs == fetchedAt {
                        waiter.body(.success(rules))
                    } else {
                        waiter.body(.failure(VenueFailure(.notFound, "\(waiter.symbol) is not a \(market == .spot ? "spot" : "USD-M futures") symbol on Binance (not in exchangeInfo)")))
                    }
                }
            }
        }
    }
}

extension BinanceJSON: CustomStringConvertible {
    /// Compact JSON-like text, for messages that keep the venue's words.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .number(let d): "\(d)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "[" + a.map(\.description).joined(separator: ",") + "]"
        case .object(let o): "{" + o.keys.sorted().map { "\"\($0)\":\(o[$0]!.description)" }.joined(separator: ",") + "}"
        }
    }
}
