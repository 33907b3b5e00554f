import Foundation
import GatewayCrypto

extension HyperliquidEmulator {
    static let twoDaysMs: Int64 = 2 * 86_400_000
    static let oneDayMs: Int64 = 86_400_000

    /// `POST /exchange`: envelope, signature, nonce, vault, expiry, then the action itself.
    func exchange(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        var record = ExchangeRecord(body: request.bodyText, signer: nil, account: nil, nonce: nil, action: nil, status: 200, reply: "")
        let response = judge(request, &record)
        record.status = response.status
        record.reply = String(decoding: response.body, as: UTF8.self)
        state.withLock { $0.exchangeLog.append(record) }
        return response
    }

    private func err(_ text: String) -> LoopbackHTTPServer.Response {
        Self.json(.object([.init("status", .string("err")), .init("response", .string(text))]))
    }

    private func judge(_ request: LoopbackHTTPServer.Request, _ record: inout ExchangeRecord) -> LoopbackHTTPServer.Response {
        guard request.header("content-type")?.lowercased().hasPrefix("application/json") == true,
              let body = try? EmulatorJSON.parse(request.body) else { return Self.deserializeFailure }
        // The envelope: action, nonce, signature, and optionally vaultAddress / expiresAfter (null or absent).
        guard Set(body.keys).isSubset(of: ["action", "nonce", "signature", "vaultAddress", "expiresAfter"]),
              let actionJSON = body["action"], let nonce = body["nonce"]?.uintValue, let signature = body["signature"],
              signature.keys.sorted() == ["r", "s", "v"], let r = signature["r"]?.stringValue, let s = signature["s"]?.stringValue,
              let v = signature["v"]?.uintValue else { return Self.deserializeFailure }
        var vault: String?
        if let value = body["vaultAddress"], !value.isNull {
            guard let text = value.stringValue, Self.isAddress(text) else { return Self.deserializeFailure }
            vault = text.lowercased()
        }
        var expiresAfter: UInt64?
        if let value = body["expiresAfter"], !value.isNull {
            guard let ms = value.uintValue else { return Self.deserializeFailure }
            expiresAfter = ms
        }
        let action: HyperliquidL1Verifier.Action
        do { action = try HyperliquidL1Verifier.parseAction(actionJSON) } catch { return Self.deserializeFailure }
        record.nonce = nonce
        record.action = action

        // The signer, recovered over the venue's own serialisation.
        let vaultBytes = vault.flatMap { try? Hex.decode($0) }
        let connectionId = HyperliquidL1Verifier.connectionId(action, nonce: nonce, vaultAddress: vaultBytes, expiresAfter: expiresAfter)
        let digest = HyperliquidL1Verifier.phantomAgentDigest(connectionId: connectionId, mainnet: mainnet)
        guard let recovered = HyperliquidL1Verifier.recover(digest: digest, r: r, s: s, v: v) else {
            return Self.deserializeFailure
        }
        let signer = "0x" + Hex.encode(recovered)
        record.signer = signer
        let now = clock()

        return state.withLock { st -> LoopbackHTTPServer.Response in
            let account: String
            if st.users.contains(signer) && st.vaults[signer] == nil {
                account = signer
            } else if let master = st.agents[signer] {
                account = master
            } else {
                return err("User or API Wallet \(signer) does not exist.")
            }
            // Nonces are the signer's: the 100 highest are kept.
            let used = st.nonces[signer] ?? []
            let n = Int64(clamping: nonce)
            if n <= now - Self.twoDaysMs || n >= now + Self.oneDayMs {
                return err("Invalid nonce: nonce \(nonce) is not within (block time - 2 days, block time + 1 day); block time is \(now)")
            }
            if used.contains(nonce) {
                return err("Invalid nonce: duplicate nonce \(nonce) for signer \(signer)")
            }
            if used.count >= 100, let smallest = used.first, nonce < smallest {
                return err("Invalid nonce: nonce \(nonce) is lower than all of the 100 highest nonces of signer \(signer)")
            }
            if let expiresAfter, Int64(clamping: expiresAfter) < now {
                return err("Action expired: expiresAfter \(expiresAfter) is before block time \(now)")
            }
            var actor = account
            if let vault {
                guard st.vaults[vault] == account else {
                    return err("Vault not registered or not led by \(account): \(vault)")
                }
                actor = vault
            }
            var updated = (used + [nonce]).sorted()
            if updated.count > 100 { updated.removeFirst(updated.count - 100) }
            st.nonces[signer] = updated
            record.account = actor

            switch action {
            case .order(let orders, _):
                let statuses = orders.map { place($0, user: actor, now: now, in: &st) }
                return Self.json(.object([.init("status", .string("ok")), .init("response", .object([
                    .init("type", .string("order")), .init("data", .object([.init("statuses", .array(statuses))]))]))]))
            case .cancel(let cancels):
                let statuses = cancels.map { target in
                    cancel(asset: target.asset, user: actor, now: now, in: &st, where: { order in order.oid == target.oid })
                }
                return Self.cancelReply(statuses)
            case .cancelByCloid(let cancels):
                let statuses = cancels.map { target in
                    cancel(asset: target.asset, user: actor, now: now, in: &st, where: { order in order.cloid == target.cloid })
                }
                return Self.cancelReply(statuses)
            }
        }
    }

    static func cancelReply(_ statuses: [EmulatorJSON]) -> LoopbackHTTPServer.Response {
        json(.object([.init("status", .string("ok")), .init("response", .object([
            .init("type", .string("cancel")), .init("data", .object([.init("statuses", .array(statuses))]))]))]))
    }

    private func cancel(asset: UInt64, user: String, now: Int64, in st: inout State, where match: (Order) -> Bool) -> EmulatorJSON {
        guard let oid = st.orderIds.first(where: { id in
            guard let order = st.orders[id] else { return false }
            return order.user == user && order.asset == asset && order.status == "open" && match(order)
        }) else {
            return .object([.init("error", .string("Order was never placed, already canceled, or filled. asset=\(asset)"))])
        }
        st.orders[oid]!.status = "canceled"
        st.orders[oid]!.statusTimestamp = now
        return .string("success")
    }

    private func orderError(_ text: String) -> EmulatorJSON { .object([.init("error", .string(text))]) }

    /// One order of an `order` action: rules, then the one-price book.
    private func place(_ spec: HyperliquidL1Verifier.OrderSpec, user: String, now: Int64, in st: inout State) -> EmulatorJSON {
        guard let instrument = Self.instrument(spec.asset, in: st) else { return orderError("Order has invalid asset. asset=\(spec.asset)") }
        let maxDecimals = (instrument.spot ? 8 : 6) - instrument.szDecimals
        if !Self.validPrice(spec.price, maxDecimals: maxDecimals) { return orderError("Order has invalid price.") }
        if spec.size <= 0 || Self.decimals(spec.size) > instrument.szDecimals { return orderError("Order has invalid size.") }
        if !spec.reduceOnly && spec.price * spec.size < 10 { return orderError("Order must have minimum value of $10.") }
        let coin = instrument.coin
        guard let mid = st.mids[coin] else {
            return orderError("Order could not immediately match against any resting orders. asset=\(spec.asset)")
        }
        let position = st.positions[user]?[coin]?.szi ?? 0
        if spec.reduceOnly {
            let reduces = spec.isBuy ? position < 0 : position > 0
            if !reduces || spec.size > abs(position) { return orderError("Reduce only order would increase position. asset=\(spec.asset)") }
        }
        if instrument.spot {
            let available = spotAvailable(user, coin: spec.isBuy ? instrument.quote! : instrument.base!, in: st)
            let needed = spec.isBuy ? spec.price * spec.size : spec.size
            if needed > available { return orderError("Insufficient spot balance asset=\(spec.asset)") }
        } else if !spec.reduceOnly {
            let withdrawable = Self.withdrawable(user, in: st)
            if spec.price * spec.size / 20 > withdrawable { return orderError("Insufficient margin to place order. asset=\(spec.asset)") }
        }
        let crosses = spec.isBuy ? spec.price >= mid : spec.price <= mid
        if spec.tif == "Alo" && crosses {
            return orderError("Post only order would have immediately matched, bbo was \(Self.text(mid))@\(Self.text(mid)). asset=\(spec.asset)")
        }
        if spec.tif == "Ioc" && !crosses {
            return orderError("Order could not immediately match against any resting orders. asset=\(spec.asset)")
        }
        let oid = st.nextOid
        st.nextOid += 1
        var order = Order(user: user, oid: oid, coin: coin, asset: spec.asset, isBuy: spec.isBuy, limitPx: spec.price, origSz: spec.size,
                          sz: spec.size, cloid: spec.cloid, tif: spec.tif, reduceOnly: spec.reduceOnly, timestamp: now, status: "open",
                          statusTimestamp: now)
        var filled: Decimal = 0
        if crosses {
            filled = min(spec.size, st.liquidity[coin] ?? spec.size)
            order.sz = spec.size - filled
            apply(fill: filled, price: mid, isBuy: spec.isBuy, instrument: instrument, user: user, in: &st)
            if order.sz == 0 { order.status = "filled" } else if spec.tif == "Ioc" { order.status = "canceled" }
        }
        st.orders[oid] = order
        st.orderIds.append(oid)
        var fields: [EmulatorJSON.Member] = []
        if crosses && (order.sz == 0 || spec.tif == "Ioc") {
            fields = [.init("totalSz", .string(Self.text(filled))), .init("avgPx", .string(Self.text(mid))), .init("oid", .number(String(oid)))]
            if let cloid = spec.cloid { fields.append(.init("cloid", .string(cloid))) }
            return .object([.init("filled", .object(fields))])
        }
        fields = [.init("oid", .number(String(oid)))]
        if let cloid = spec.cloid { fields.append(.init("cloid", .string(cloid))) }
        return .object([.init("resting", .object(fields))])
    }

    private func apply(fill size: Decimal, price: Decimal, isBuy: Bool,
                       instrument: (coin: String, szDecimals: Int, spot: Bool, base: String?, quote: String?), user: String,
                       in st: inout State) {
        guard size > 0 else { return }
        if instrument.spot {
            let base = instrument.base!, quote = instrument.quote!
            st.spot[user, default: [:]][base, default: 0] += isBuy ? size : -size
            st.spot[user, default: [:]][quote, default: 0] += isBuy ? -(size * price) : size * price
            return
        }
        let signed = isBuy ? size : -size
        var position = st.positions[user]?[instrument.coin] ?? Position(szi: 0, entry: 0)
        if position.szi == 0 || (position.szi > 0) == (signed > 0) {
            let total = position.szi + signed
            position.entry = (position.entry * abs(position.szi) + price * size) / abs(total)
            position.szi = total
        } else {
            let closed = min(abs(signed), abs(position.szi))
            st.usdc[user, default: 0] += (price - position.entry) * closed * (position.szi > 0 ? 1 : -1)
            let total = position.szi + signed
            if total != 0 && (total > 0) != (position.szi > 0) { position.entry = price }
            position.szi = total
        }
        st.positions[user, default: [:]][instrument.coin] = position
    }

    // MARK: Rules

    static func decimals(_ value: Decimal) -> Int {
        let text = HyperliquidL1Verifier.canonical(value)
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: dot, to: text.endIndex) - 1
    }

    /// Integers always; otherwise at most 5 significant figures and `maxDecimals` decimals.
    static func validPrice(_ price: Decimal, maxDecimals: Int) -> Bool {
        guard price > 0 else { return false }
        let places = decimals(price)
        if places == 0 { return true }
        let digits = HyperliquidL1Verifier.canonical(price).filter(\.isNumber).drop { $0 == "0" }
        return digits.count <= 5 && places <= maxDecimals
    }

    func spotAvailable(_ user: String, coin: String, in st: State) -> Decimal {
        (st.spot[user]?[coin] ?? 0) - Self.spotHold(user, coin: coin, in: st)
    }

    /// What open spot orders reserve of `coin`.
    static func spotHold(_ user: String, coin: String, in st: State) -> Decimal {
        var hold: Decimal = 0
        for order in st.orders.values where order.user == user && order.status == "open" && order.asset >= 10_000 {
            guard let instrument = instrument(order.asset, in: st) else { continue }
            if order.isBuy && instrument.quote == coin { hold += order.sz * order.limitPx }
            if !order.isBuy && instrument.base == coin { hold += order.sz }
        }
        return hold
    }

    /// Perp account value: collateral plus unrealised PnL at the mids.
    static func accountValue(_ user: String, in st: State) -> Decimal {
        var value = st.usdc[user] ?? 0
        for (coin, position) in st.positions[user] ?? [:] {
            value += ((st.mids[coin] ?? position.entry) - position.entry) * position.szi
        }
        return value
    }

    /// Margin used at 20x by positions and open perp orders.
    static func marginUsed(_ user: String, in st: State) -> Decimal {
        var used: Decimal = 0
        for (coin, position) in st.positions[user] ?? [:] { used += abs(position.szi) * (st.mids[coin] ?? position.entry) / 20 }
        for order in st.orders.values where order.user == user && order.status == "open" && order.asset < 10_000 && !order.reduceOnly {
            used += order.sz * order.limitPx / 20
        }
        return used
    }

    static func withdrawable(_ user: String, in st: State) -> Decimal {
        max(0, accountValue(user, in: st) - marginUsed(user, in: st))
    }
}
