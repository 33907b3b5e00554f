import Foundation
import GatewayCrypto
import Synchronization

/// A loopback Polymarket CLOB V2 (plus the Data API's positions) that judges requests the way the venue does.
///
/// - L1: recovers the ClobAuth signer from `POLY_SIGNATURE` and requires it to be `POLY_ADDRESS`; refuses stale
///   timestamps; `POST /auth/api-key` creates once per (address, nonce), then answers `400 Could not create api key`,
///   and `GET /auth/derive-api-key` returns the key.
/// - L2: recomputes every HMAC with the secret it issued (path without query, exact body), checks key, passphrase,
///   address and timestamp.
/// - Orders: recovers each order's signer against the domain of the right exchange (regular or neg-risk, by the
///   token), checks the wallet model (EOA / proxy / Safe / POLY_1271 with its ERC-7739 wrapper), the `owner`, the
///   maker/taker amounts against the tick rules, the minimum size, expirations and post-only; matches against a
///   fixed book and answers with the venue's reply shapes.
public final class PolymarketEmulator: Sendable {
    /// A token the emulator lists.
    public struct Token: Sendable {
        public var id: String
        public var condition: String
        public var label: String
        /// In units of 0.0001 (0.01 → 100, 0.005 → 50, 0.0025 → 25).
        public var tickUnits: Int64
        public var negRisk: Bool
        public var minOrderSize: String
        /// (price, size) as decimal strings; asks ascending, bids descending.
        public var asks: [(String, String)]
        public var bids: [(String, String)]

        public init(id: String, condition: String, label: String, tick: String = "0.01", negRisk: Bool = false, minOrderSize: String = "5",
                    asks: [(String, String)] = [], bids: [(String, String)] = []) {
            self.id = id
            self.condition = condition
            self.label = label
            tickUnits = Int64((Double(tick)! * 10_000).rounded())
            self.negRisk = negRisk
            self.minOrderSize = minOrderSize
            self.asks = asks
            self.bids = bids
        }

        var tickText: String { Self.units4(tickUnits) }

        static func units4(_ units: Int64) -> String {
            var text = String(format: "%.4f", Double(units) / 10_000)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text
        }

        /// Decimal places of the dollar side for this tick.
        var amountDecimals: Int {
            switch tickUnits { case 1000: 3; case 100: 4; case 50: 5; case 25: 6; case 10: 5; default: 6 }
        }
    }

    public struct Credentials: Sendable {
        public var apiKey: String
        public var secret: String
        public var passphrase: String
        public var address: [UInt8]
    }

    struct StoredOrder {
        var id: String
        var owner: String
        var maker: [UInt8]
        var token: String
        var side: String
        var originalShares: Int64
        var matchedShares: Int64
        var price: String
        var status: String
        var orderType: String
        var expiration: String
        var createdAt: Int64
        var trades: [String]
    }

    struct State {
        var keys: [String: Credentials] = [:]          // "address-hex/nonce" → credentials
        var keyByApiKey: [String: Credentials] = [:]
        var orders: [String: StoredOrder] = [:]
        var orderSequence: [String] = []
        var trades: [String: String] = [:]              // trade id → JSON object text
        var tradeCount = 0
        var positions: [String: (shares: Int64, cost: Int64)] = [:]  // token → micro-shares, micro-dollars
        var balanceUnits: Int64
        var failures: [String] = []
        var forcedReplies: [String: (Int, String)] = [:]  // "METHOD path" → (status, body), used once
        var keyCounter = 0
    }

    public let chainId: UInt64 = 137
    public let tokens: [String: Token]
    /// Wallet → owner EOA for proxy, Safe and deposit wallets.
    public let walletOwners: [[UInt8]: [UInt8]]
    let now: @Sendable () -> Int64
    let state: Mutex<State>
    public let pageSize: Int
    /// The largest accepted difference between a header timestamp and the emulator's clock, in seconds.
    public let timestampTolerance: Int64 = 30

    /// - Parameters:
    ///   - now: the emulator's clock in unix seconds (the test's fixed clock, for deterministic runs).
    ///   - walletOwners: funder address → the EOA allowed to sign for it.
    public init(tokens: [Token], walletOwners: [[UInt8]: [UInt8]] = [:], balance: String = "1000",
                pageSize: Int = 100, now: @escaping @Sendable () -> Int64) {
        var byId: [String: Token] = [:]
        for token in tokens { byId[token.id] = token }
        self.tokens = byId
        self.walletOwners = walletOwners
        self.now = now
        self.pageSize = pageSize
        state = Mutex(State(balanceUnits: Self.units(balance) ?? 0))
    }

    /// Every refusal the emulator made, with its reason (for test diagnostics).
    public var failures: [String] { state.withLock { $0.failures } }

    /// The credentials issued so far, by API key.
    public var issuedKeys: [Credentials] { state.withLock { Array($0.keyByApiKey.values) } }

    /// Pre-issues a key (as if the wallet had created it earlier), so `POST /auth/api-key` fails and derive is used.
    public func preissueKey(address: [UInt8], nonce: UInt64 = 0, apiKey: String? = nil, secret: String? = nil, passphrase: String? = nil) {
        state.withLock { s in
            var issued = issue(&s, address: address, nonce: nonce)
            if let apiKey, let secret, let passphrase {
                s.keyByApiKey[issued.apiKey] = nil
                issued = Credentials(apiKey: apiKey, secret: secret, passphrase: passphrase, address: address)
                s.keys["\(Hex.encode(address))/\(nonce)"] = issued
                s.keyByApiKey[apiKey] = issued
            }
        }
    }

    /// Answers the next `METHOD path` with this status and body instead of judging it.
    public func forceNextReply(_ method: String, _ path: String, status: Int, body: String) {
        state.withLock { $0.forcedReplies["\(method) \(path)"] = (status, body) }
    }

    /// Status and matched size of an order (nil if unknown).
    public func order(_ id: String) -> (status: String, matched: String, original: String)? {
        state.withLock { s in s.orders[id.lowercased()].map { ($0.status, Self.format($0.matchedShares), Self.format($0.originalShares)) } }
    }

    /// The ids of orders received, in order.
    public var orderIds: [String] { state.withLock { $0.orderSequence } }

    /// Fills `shares` of a resting order as a maker (someone took it), as happens after placement.
    public func fillResting(_ id: String, shares: String) {
        state.withLock { s in
            guard var order = s.orders[id.lowercased()], order.status == "LIVE", let units = Self.units(shares) else { return }
            let fill = min(units, order.originalShares - order.matchedShares)
            order.matchedShares += fill
            if order.matchedShares == order.originalShares { order.status = "MATCHED" }
            s.tradeCount += 1
            let tradeId = "trade-\(s.tradeCount)"
            order.trades.append(tradeId)
            s.orders[order.id] = order
            let makerEntry: [String: Any] = ["order_id": order.id, "owner": order.owner, "maker_address": Self.checksum(order.maker),
                                             "matched_amount": Self.format(fill), "price": order.price, "fee_rate_bps": "0",
                                             "asset_id": order.token, "outcome": tokens[order.token]?.label ?? "", "side": order.side]
            s.trades[tradeId] = Self.json(tradeObject(id: tradeId, takerOrder: "0x" + String(repeating: "ab", count: 32), order: order,
                                                     size: fill, price: order.price, makerOrders: [makerEntry]))
            applyPosition(&s, token: order.token, side: order.side, shares: fill, priceText: order.price)
        }
    }

    // MARK: Serving

    public func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        if let forced = state.withLock({ $0.forcedReplies.removeValue(forKey: "\(request.method) \(request.path)") }) {
            return .init(status: forced.0, body: forced.1)
        }
        let query = Self.query(request.query)
        switch (request.method, request.path) {
        case ("GET", "/time"): return .init(body: "\(now())")
        case ("POST", "/auth/api-key"): return createKey(request)
        case ("GET", "/auth/derive-api-key"): return deriveKey(request)
        case ("GET", "/book"): return book(query["token_id"] ?? "")
        case ("GET", let path) where path.hasPrefix("/clob-markets/"): return clobMarket(String(path.dropFirst("/clob-markets/".count)))
        case ("GET", "/positions"): return positions(query)
        default: break
        }
        let credentials: Credentials
        switch authenticateL2(request) {
        case .failure(let refusal): return refusal.response
        case .success(let c): credentials = c
        }
        switch (request.method, request.path) {
        case ("POST", "/order"): return placeOrder(request, credentials: credentials)
        case ("DELETE", "/order"): return cancel(request, credentials: credentials)
        case ("DELETE", "/cancel-all"): return cancelAll(credentials: credentials, token: nil)
        case ("DELETE", "/cancel-market-orders"):
            guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
                return refuse(400, "Invalid payload", "cancel-market-orders body")
            }
            return cancelAll(credentials: credentials, token: body["asset_id"] as? String)
        case ("GET", "/data/orders"): return openOrders(query, credentials: credentials)
        case ("GET", let path) where path.hasPrefix("/data/order/"): return oneOrder(String(path.dropFirst("/data/order/".count)))
        case ("GET", "/data/trades"): return trades(query)
        case ("GET", "/balance-allowance"): return balance(query)
        default: return refuse(404, "not found", "unknown route \(request.method) \(request.path)")
        }
    }

    func refusal(_ status: Int, _ text: String, _ why: String) -> Refusal { Refusal(response: refuse(status, text, why)) }

    func refuse(_ status: Int, _ text: String, _ why: String) -> LoopbackHTTPServer.Response {
        state.withLock { $0.failures.append("\(status) \(text) [\(why)]") }
        return .init(status: status, body: Self.json(["error": text]))
    }

    // MARK: L1

    private func verifyL1(_ request: LoopbackHTTPServer.Request) -> Result<([UInt8], UInt64), Refusal> {
        guard let addressText = request.header("POLY_ADDRESS"), let signatureText = request.header("POLY_SIGNATURE"),
              let timestampText = request.header("POLY_TIMESTAMP"), let nonceText = request.header("POLY_NONCE"),
              let nonce = UInt64(nonceText), let timestamp = Int64(timestampText) else {
            return .failure(refusal(401, "Invalid L1 Request headers", "missing L1 header"))
        }
        guard let address = PolymarketEIP712.hexBytes(addressText), address.count == 20,
              PolymarketEIP712.checksummed(address) == addressText else {
            return .failure(refusal(401, "Invalid L1 Request headers", "POLY_ADDRESS not EIP-55: \(addressText)"))
        }
        guard abs(timestamp - now()) <= timestampTolerance else {
            return .failure(refusal(401, "Invalid L1 Request headers: timestamp too old", "stale L1 timestamp \(timestamp) vs \(now())"))
        }
        let digest = PolymarketEIP712.clobAuthDigest(chainId: chainId, address: address, timestamp: timestampText, nonce: nonce)
        guard let signature = PolymarketEIP712.hexBytes(signatureText), signature.count == 65, signature[64] >= 27,
              SignatureVerifier.recoverAddress(digest: digest, signature65: signature) == address else {
            return .failure(refusal(401, "Invalid L1 Request headers", "ClobAuth signature does not recover \(addressText)"))
        }
        return .success((address, nonce))
    }

    private func issue(_ s: inout State, address: [UInt8], nonce: UInt64) -> Credentials {
        s.keyCounter += 1
        let seed = Digest.sha256(address + PolymarketEIP712.word(nonce) + Array("emulator-\(s.keyCounter)".utf8))
        let apiKey = "\(Hex.encode(seed[0..<4]))-\(Hex.encode(seed[4..<6]))-4\(Hex.encode(seed[6..<8]).dropFirst())-a\(Hex.encode(seed[8..<10]).dropFirst())-\(Hex.encode(seed[10..<16]))"
        let secret = Data(Digest.sha256(seed)).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let credentials = Credentials(apiKey: apiKey, secret: secret, passphrase: Hex.encode(Digest.sha256(secret.utf8.map { $0 })), address: address)
        s.keys["\(Hex.encode(address))/\(nonce)"] = credentials
        s.keyByApiKey[apiKey] = credentials
        return credentials
    }

    private func createKey(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let verified: ([UInt8], UInt64)
        switch verifyL1(request) {
        case .failure(let refusal): return refusal.response
        case .success(let v): verified = v
        }
        let result: Credentials? = state.withLock { s in
            s.keys["\(Hex.encode(verified.0))/\(verified.1)"] == nil ? issue(&s, address: verified.0, nonce: verified.1) : nil
        }
        guard let result else { return refuse(400, "Could not create api key", "key exists for this address and nonce") }
        return .init(body: Self.json(["apiKey": result.apiKey, "secret": result.secret, "passphrase": result.passphrase]))
    }

    private func deriveKey(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let verified: ([UInt8], UInt64)
        switch verifyL1(request) {
        case .failure(let refusal): return refusal.response
        case .success(let v): verified = v
        }
        guard let known = state.withLock({ $0.keys["\(Hex.encode(verified.0))/\(verified.1)"] }) else {
            return refuse(400, "Could not derive api key!", "no key for this address and nonce")
        }
        return .init(body: Self.json(["apiKey": known.apiKey, "secret": known.secret, "passphrase": known.passphrase]))
    }

    // MARK: L2

    private func authenticateL2(_ request: LoopbackHTTPServer.Request) -> Result<Credentials, Refusal> {
        guard let apiKey = request.header("POLY_API_KEY"), let passphrase = request.header("POLY_PASSPHRASE"),
              let address = request.header("POLY_ADDRESS"), let signature = request.header("POLY_SIGNATURE"),
              let timestampText = request.header("POLY_TIMESTAMP"), let timestamp = Int64(timestampText) else {
            return .failure(refusal(401, "Unauthorized/Invalid api key", "missing L2 header on \(request.method) \(request.path)"))
        }
        guard let credentials = state.withLock({ $0.keyByApiKey[apiKey] }), credentials.passphrase == passphrase,
              PolymarketEIP712.checksummed(credentials.address) == address else {
            return .failure(refusal(401, "Unauthorized/Invalid api key", "unknown key, wrong passphrase or address"))
        }
        guard abs(timestamp - now()) <= timestampTolerance else {
            return .failure(refusal(401, "Unauthorized/Invalid api key: invalid timestamp", "stale L2 timestamp"))
        }
        guard let secret = Self.base64URLDecode(credentials.secret) else { return .failure(refusal(500, "bad secret", "")) }
        let message = Array((timestampText + request.method + request.path).utf8) + request.body
        let keys = KeyStore()
        guard let handle = try? keys.add(kind: .hmac, material: secret, label: "emulator"),
              let mac = try? keys.hmacSHA256(key: handle, message: message) else { return .failure(refusal(500, "hmac", "")) }
        let expected = Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        guard expected == signature else {
            return .failure(refusal(401, "Unauthorized/Invalid api key", "HMAC mismatch on \(request.method) \(request.path)"))
        }
        return .success(credentials)
    }

    // MARK: Markets

    private func book(_ tokenId: String) -> LoopbackHTTPServer.Response {
        guard let token = tokens[tokenId] else { return refuse(404, "No orderbook exists for the requested token id", "book \(tokenId)") }
        let body: [String: Any] = [
            "market": token.condition, "asset_id": token.id, "timestamp": "\(now() * 1000)", "hash": "0",
            "bids": token.bids.map { ["price": $0.0, "size": $0.1] }, "asks": token.asks.map { ["price": $0.0, "size": $0.1] },
            "min_order_size": token.minOrderSize, "tick_size": token.tickText, "neg_risk": token.negRisk, "last_trade_price": "0.5",
        ]
        return .init(body: Self.json(body))
    }

    private func clobMarket(_ condition: String) -> LoopbackHTTPServer.Response {
        let listed = tokens.values.filter { $0.condition.lowercased() == condition.lowercased() }
            .sorted { ($0.label.lowercased() == "yes" ? 0 : 1, $0.id) < ($1.label.lowercased() == "yes" ? 0 : 1, $1.id) }
        guard let first = listed.first else { return refuse(404, "market not found", "clob-markets \(condition)") }
        let tick = Token.units4(first.tickUnits)
        let tokensText = listed.map { "{\"t\":\"\($0.id)\",\"o\":\"\($0.label)\"}" }.joined(separator: ",")
        return .init(body: "{\"c\":\"\(first.condition)\",\"t\":[\(tokensText)],\"mts\":\(tick),\"nr\":\(first.negRisk),\"fd\":{\"r\":0,\"e\":0,\"to\":0}}")
    }

    // MARK: Orders

    private func placeOrder(_ request: LoopbackHTTPServer.Request, credentials: Credentials) -> LoopbackHTTPServer.Response {
        guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
              let order = body["order"] as? [String: Any] else { return refuse(400, "Invalid order payload", "body is not an order object") }
        guard body["owner"] as? String == credentials.apiKey else { return refuse(400, "the order owner has to be the owner of the API KEY", "owner") }
        let orderType = body["orderType"] as? String ?? ""
        guard ["GTC", "GTD", "FOK", "FAK"].contains(orderType) else { return refuse(400, "Invalid order type", orderType) }
        let postOnly = body["postOnly"] as? Bool ?? false
        if postOnly && (orderType == "FOK" || orderType == "FAK") {
            return refuse(400, "invalid post-only order: post-only orders are only supported for GTC and GTD", "post-only \(orderType)")
        }
        // Types as the venue's schema has them: salt and signatureType numbers, the rest strings.
        guard let saltNumber = order["salt"] as? NSNumber, !(order["salt"] is String), let signatureTypeNumber = order["signatureType"] as? NSNumber,
              let makerText = order["maker"] as? String, let signerText = order["signer"] as? String, let tokenId = order["tokenId"] as? String,
              let makerAmountText = order["makerAmount"] as? String, let takerAmountText = order["takerAmount"] as? String,
              let sideText = order["side"] as? String, let expiration = order["expiration"] as? String,
              let timestampText = order["timestamp"] as? String, let metadataText = order["metadata"] as? String,
              let builderText = order["builder"] as? String, let signatureText = order["signature"] as? String,
              let makerAmount = UInt64(makerAmountText), let takerAmount = UInt64(takerAmountText), let timestamp = UInt64(timestampText),
              let maker = PolymarketEIP712.hexBytes(makerText), let signer = PolymarketEIP712.hexBytes(signerText),
              let metadata = PolymarketEIP712.hexBytes(metadataText), let builder = PolymarketEIP712.hexBytes(builderText),
              let signature = PolymarketEIP712.hexBytes(signatureText), ["BUY", "SELL"].contains(sideText) else {
            return refuse(400, "Invalid order payload", "field types: \(order)")
        }
        guard saltNumber.uint64Value < (1 << 53) else { return refuse(400, "Invalid order payload", "salt >= 2^53") }
        guard PolymarketEIP712.checksummed(maker) == makerText, PolymarketEIP712.checksummed(signer) == signerText else {
            return refuse(400, "Invalid order payload", "maker/signer not EIP-55")
        }
        guard let token = tokens[tokenId] else { return refuse(400, "Invalid order payload: market not found", "token \(tokenId)") }
        guard abs(Int64(timestamp / 1000) - now()) <= 60 else { return refuse(400, "invalid order timestamp", "order timestamp") }
        let signatureType = signatureTypeNumber.uint64Value
        let fields = PolymarketEIP712.Order(salt: saltNumber.uint64Value, maker: maker, signer: signer, tokenId: tokenId,
                                           makerAmount: makerAmount, takerAmount: takerAmount, side: sideText == "BUY" ? 0 : 1,
                                           signatureType: signatureType, timestamp: timestamp, metadata: metadata, builder: builder)
        let exchange = PolymarketEIP712.hexBytes(token.negRisk ? PolymarketEIP712.negRiskExchangeV2 : PolymarketEIP712.exchangeV2)!
        let domain = PolymarketEIP712.exchangeDomain(chainId: chainId, exchange: exchange)
        guard let structHash = PolymarketEIP712.structHash(fields) else { return refuse(400, "Invalid order payload", "struct") }
        let digest = Digest.keccak256([0x19, 0x01] + domain + structHash)
        // Wallet model and signature.
        switch signatureType {
        case 0:
            guard maker == signer, signer == credentials.address,
                  SignatureVerifier.recoverAddress(digest: digest, signature65: signature) == signer else {
                return refuse(400, "invalid signature", "EOA order signature/maker/signer")
            }
        case 1, 2:
            guard signer == credentials.address, walletOwners[maker] == signer, signature.count == 65,
                  SignatureVerifier.recoverAddress(digest: digest, signature65: signature) == signer else {
                return refuse(400, "invalid signature", "proxy/safe order: signer must own maker and sign")
            }
        case 3:
            let typeBytes = Array(PolymarketEIP712.orderType.utf8)
            guard maker == signer, let owner = walletOwners[maker], owner == credentials.address,
                  signature.count == 65 + 32 + 32 + typeBytes.count + 2,
                  Array(signature[65..<97]) == domain, Array(signature[97..<129]) == structHash,
                  Array(signature[129..<(129 + typeBytes.count)]) == typeBytes,
                  Int(signature[signature.count - 2]) << 8 | Int(signature[signature.count - 1]) == typeBytes.count,
                  SignatureVerifier.recoverAddress(digest: PolymarketEIP712.depositWalletDigest(domain: domain, contents: structHash,
                                                                                               chainId: chainId, wallet: maker),
                                                   signature65: Array(signature[0..<65])) == owner else {
                return refuse(400, "invalid signature", "POLY_1271 wrapper")
            }
        default:
            return refuse(400, "invalid signature type", "\(signatureType)")
        }
        // Amount rules.
        let immediate = orderType == "FOK" || orderType == "FAK"
        let buy = sideText == "BUY"
        let shares = Int64(buy ? takerAmount : makerAmount)
        let dollars = Int64(buy ? makerAmount : takerAmount)
        let dollarStep = Int64(pow(10.0, Double(6 - token.amountDecimals)))
        if immediate && buy {
            guard makerAmount % 10_000 == 0, Int64(takerAmount) % dollarStep == 0 else {
                return refuse(400, "invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals, taker amount a max of \(token.amountDecimals) decimals", "market buy amounts \(makerAmount)/\(takerAmount)")
            }
            guard dollars >= 1_000_000 else { return refuse(400, "invalid amount for a marketable BUY order ($\(Self.format(dollars))), min size: $1", "min $1") }
        } else {
            guard shares % 10_000 == 0, dollars % dollarStep == 0 else {
                return refuse(400, "invalid amounts, the \(buy ? "buy" : "sell") orders maker amount supports a max accuracy of \(buy ? token.amountDecimals : 2) decimals, taker amount a max of \(buy ? 2 : token.amountDecimals) decimals", "limit amounts \(makerAmount)/\(takerAmount)")
            }
            // The implied price must lie on the tick grid.
            guard shares > 0, (dollars * 10_000) % shares == 0, ((dollars * 10_000) / shares) % token.tickUnits == 0 else {
                return refuse(400, "order \(Hex.encode(digest)) is invalid. Price breaks minimum tick size rule: \(token.tickText)", "tick")
            }
        }
        let priceUnits = shares > 0 ? (dollars * 10_000) / shares : 0  // in 0.0001, floored
        guard priceUnits >= token.tickUnits, priceUnits <= 10_000 - token.tickUnits else {
            return refuse(400, "invalid price, min: \(token.tickText) - max: \(Token.units4(10_000 - token.tickUnits))", "price range")
        }
        if !immediate, let minimum = Self.units(token.minOrderSize), shares < minimum {
            return refuse(400, "Size (\(Self.format(shares))) lower than the minimum: \(token.minOrderSize)", "min size")
        }
        if orderType == "GTD" {
            guard let seconds = Int64(expiration), seconds >= now() + 60 + 120 else { return refuse(400, "invalid expiration", "GTD expiration \(expiration)") }
        } else if expiration != "0" {
            return refuse(400, "invalid expiration", "non-GTD with expiration")
        }
        let id = "0x" + Hex.encode(digest)
        if state.withLock({ $0.orders[id] != nil }) { return refuse(400, "order \(id) is invalid. Duplicated.", "duplicate") }
        if buy && dollars > state.withLock({ $0.balanceUnits }) {
            return refuse(400, "not enough balance / allowance", "balance")
        }
        // Matching against the fixed book.
        let limitUnits = priceUnits
        let levels = (buy ? token.asks : token.bids).compactMap { level -> (Int64, Int64)? in
            guard let p = Self.units(level.0), let s = Self.units(level.1) else { return nil }
            return (p / 100, s)
        }.filter { buy ? $0.0 <= limitUnits : $0.0 >= limitUnits }
        var filled: Int64 = 0
        var cost: Int64 = 0
        for (p, s) in levels where filled < shares {
            let take = min(s, shares - filled)
            filled += take
            cost += take * p / 10_000
        }
        if postOnly && filled > 0 { return refuse(400, "invalid post-only order: order crosses book", "post-only crosses") }
        if orderType == "FOK" && filled < shares {
            return refuse(400, "order couldn't be fully filled. FOK orders are fully filled or killed.", "FOK")
        }
        if orderType == "FAK" && filled == 0 {
            return refuse(400, "no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.", "FAK")
        }
        let status: String = filled == shares ? "MATCHED" : immediate ? "CANCELED" : "LIVE"
        let price = Token.units4(buy ? priceUnits : priceUnits)
        var tradeIds: [String] = []
        state.withLock { s in
            var stored = StoredOrder(id: id, owner: credentials.apiKey, maker: maker, token: tokenId, side: sideText, originalShares: shares,
                                     matchedShares: filled, price: price, status: status, orderType: orderType, expiration: expiration,
                                     createdAt: now(), trades: [])
            if filled > 0 {
                s.tradeCount += 1
                let tradeId = "trade-\(s.tradeCount)"
                stored.trades.append(tradeId)
                tradeIds.append(tradeId)
                let avg = Token.units4(cost * 10_000 / filled)
                s.trades[tradeId] = Self.json(tradeObject(id: tradeId, takerOrder: id, order: stored, size: filled, price: avg, makerOrders: []))
                applyPosition(&s, token: tokenId, side: sideText, shares: filled, priceText: avg)
            }
            s.orders[id] = stored
            s.orderSequence.append(id)
        }
        let making = filled == 0 ? "" : Self.format(buy ? cost : filled)
        let taking = filled == 0 ? "" : Self.format(buy ? filled : cost)
        let replyStatus = filled == 0 ? "live" : (filled == shares || immediate ? "matched" : "live")
        return .init(body: Self.json(["success": true, "errorMsg": "", "orderID": id, "status": replyStatus, "makingAmount": making,
                                      "takingAmount": taking, "tradeIDs": tradeIds, "transactionsHashes": [String]()]))
    }

    private func tradeObject(id: String, takerOrder: String, order: StoredOrder, size: Int64, price: String,
                             makerOrders: [[String: Any]]) -> [String: Any] {
        ["id": id, "taker_order_id": takerOrder, "market": tokens[order.token]?.condition ?? "", "asset_id": order.token,
         "side": order.side, "size": Self.format(size), "fee_rate_bps": "0", "price": price, "status": "TRADE_STATUS_MATCHED",
         "match_time": "\(now())", "last_update": "\(now())", "outcome": tokens[order.token]?.label ?? "", "bucket_index": 0,
         "owner": order.owner, "maker_address": Self.checksum(order.maker), "transaction_hash": "0x" + String(repeating: "0", count: 64),
         "trader_side": makerOrders.isEmpty ? "TAKER" : "MAKER", "maker_orders": makerOrders]
    }

    private func applyPosition(_ s: inout State, token: String, side: String, shares: Int64, priceText: String) {
        let price = Self.units(priceText) ?? 0
        var position = s.positions[token] ?? (0, 0)
        let value = shares * price / 1_000_000
        if side == "BUY" {
            position.shares += shares
            position.cost += value
            s.balanceUnits -= value
        } else {
            position.shares -= shares
            position.cost -= value
            s.balanceUnits += value
        }
        s.positions[token] = position
    }

    private func cancel(_ request: LoopbackHTTPServer.Request, credentials: Credentials) -> LoopbackHTTPServer.Response {
        guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any], let id = body["orderID"] as? String else {
            return refuse(400, "Invalid payload", "cancel body")
        }
        let outcome: String? = state.withLock { s in
            guard var order = s.orders[id.lowercased()], order.owner == credentials.apiKey else { return "Order not found" }
            guard order.status == "LIVE" else { return order.status == "MATCHED" ? "order already matched" : "order already canceled" }
            order.status = "CANCELED"
            s.orders[order.id] = order
            return nil
        }
        if let reason = outcome { return .init(body: Self.json(["canceled": [String](), "not_canceled": [id: reason]])) }
        return .init(body: Self.json(["canceled": [id], "not_canceled": [String: String]()]))
    }

    private func cancelAll(credentials: Credentials, token: String?) -> LoopbackHTTPServer.Response {
        let ids: [String] = state.withLock { s in
            var done: [String] = []
            for id in s.orderSequence {
                guard var order = s.orders[id], order.owner == credentials.apiKey, order.status == "LIVE",
                      token == nil || order.token == token else { continue }
                order.status = "CANCELED"
                s.orders[id] = order
                done.append(id)
            }
            return done
        }
        return .init(body: Self.json(["canceled": ids, "not_canceled": [String: String]()]))
    }

    private func openOrderObject(_ order: StoredOrder) -> [String: Any] {
        ["id": order.id, "status": order.status, "owner": order.owner, "maker_address": Self.checksum(order.maker),
         "market": tokens[order.token]?.condition ?? "", "asset_id": order.token, "side": order.side,
         "original_size": Self.format(order.originalShares), "size_matched": Self.format(order.matchedShares), "price": order.price,
         "outcome": tokens[order.token]?.label ?? "", "expiration": order.expiration, "order_type": order.orderType,
         "associate_trades": order.trades, "created_at": order.createdAt]
    }

    private func openOrders(_ query: [String: String], credentials: Credentials) -> LoopbackHTTPServer.Response {
        let offset = Int(String(decoding: Data(base64Encoded: query["next_cursor"] ?? "MA==") ?? Data("0".utf8), as: UTF8.self)) ?? 0
        let all: [[String: Any]] = state.withLock { s in
            s.orderSequence.compactMap { s.orders[$0] }.filter {
                $0.owner == credentials.apiKey && $0.status == "LIVE" && (query["asset_id"] == nil || $0.token == query["asset_id"])
            }.map(openOrderObject)
        }
        let page = Array(all.dropFirst(offset).prefix(pageSize))
        let nextOffset = offset + page.count
        let next = nextOffset >= all.count ? "LTE=" : Data("\(nextOffset)".utf8).base64EncodedString()
        return .init(body: Self.json(["limit": pageSize, "count": page.count, "next_cursor": next, "data": page]))
    }

    private func oneOrder(_ id: String) -> LoopbackHTTPServer.Response {
        guard let order = state.withLock({ $0.orders[id.lowercased()] }) else { return .init(body: "null") }
        return .init(body: Self.json(openOrderObject(order)))
    }

    private func trades(_ query: [String: String]) -> LoopbackHTTPServer.Response {
        let list: [String] = state.withLock { s in
            if let id = query["id"] { return s.trades[id].map { [$0] } ?? [] }
            return s.trades.keys.sorted().compactMap { s.trades[$0] }
        }
        return .init(body: "{\"limit\":100,\"count\":\(list.count),\"next_cursor\":\"LTE=\",\"data\":[\(list.joined(separator: ","))]}")
    }

    private func balance(_ query: [String: String]) -> LoopbackHTTPServer.Response {
        guard query["asset_type"] == "COLLATERAL", query["signature_type"] != nil else {
            return refuse(400, "Invalid asset type", "balance query \(query)")
        }
        let units = state.withLock { $0.balanceUnits }
        return .init(body: Self.json(["balance": "\(units)", "allowances": [PolymarketEIP712.exchangeV2: "115792089237316195423570985008687907853269984665640564039457584007913129639935"]]))
    }

    private func positions(_ query: [String: String]) -> LoopbackHTTPServer.Response {
        guard let user = query["user"], PolymarketEIP712.hexBytes(user)?.count == 20 else {
            return refuse(400, "user is required", "positions user")
        }
        let rows: [String] = state.withLock { s in
            s.positions.keys.sorted().compactMap { token in
                guard let p = s.positions[token], p.shares != 0, let t = tokens[token] else { return nil }
                let avg = Double(p.cost) / Double(p.shares)
                return "{\"proxyWallet\":\"\(user)\",\"asset\":\"\(token)\",\"conditionId\":\"\(t.condition)\",\"size\":\(Double(p.shares) / 1_000_000),"
                    + "\"avgPrice\":\(avg),\"initialValue\":\(Double(p.cost) / 1_000_000),\"currentValue\":\(Double(p.shares) / 2_000_000),"
                    + "\"cashPnl\":-0.125,\"percentPnl\":-1.2,\"totalBought\":\(Double(p.shares) / 1_000_000),\"realizedPnl\":0,\"curPrice\":0.5,"
                    + "\"redeemable\":false,\"title\":\"Test market\",\"outcome\":\"\(t.label)\",\"outcomeIndex\":\(t.label == "Yes" ? 0 : 1),\"negativeRisk\":\(t.negRisk)}"
            }
        }
        return .init(body: "[" + rows.joined(separator: ",") + "]")
    }

    // MARK: Helpers

    static func query(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard let key = parts.first else { continue }
            out[key] = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
        }
        return out
    }

    static func units(_ decimal: String) -> Int64? {
        guard let value = Decimal(string: decimal) else { return nil }
        return NSDecimalNumber(decimal: value * 1_000_000).int64Value
    }

    static func format(_ units: Int64) -> String {
        var text = "\(units / 1_000_000)"
        let fraction = units % 1_000_000
        if fraction != 0 {
            var f = String(fraction).leftPad(6)
            while f.hasSuffix("0") { f.removeLast() }
            text += "." + f
        }
        return text
    }

    static func checksum(_ address: [UInt8]) -> String { PolymarketEIP712.checksummed(address) }

    static func json(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func base64URLDecode(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map { Array($0) }
    }
}

/// A refusal the emulator answers with.
struct Refusal: Error {
    var response: LoopbackHTTPServer.Response
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
