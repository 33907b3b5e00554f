import Foundation

extension HyperliquidEmulator {
    /// `POST /info`, in the venue's reply shapes (from the SDK's docstrings and test cassettes).
    func info(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        guard let body = try? EmulatorJSON.parse(request.body), let type = body["type"]?.stringValue else {
            return Self.deserializeFailure
        }
        state.withLock { $0.infoLog.append(body) }
        var user = ""
        if ["clearinghouseState", "spotClearinghouseState", "openOrders", "frontendOpenOrders", "orderStatus"].contains(type) {
            guard let text = body["user"]?.stringValue, Self.isAddress(text) else { return Self.deserializeFailure }
            user = text.lowercased()
        }
        let now = clock()
        return state.withLock { st -> LoopbackHTTPServer.Response in
            switch type {
            case "meta":
                return Self.json(.object([.init("universe", .array(st.perps.map { asset in
                    .object([.init("szDecimals", .number(String(asset.szDecimals))), .init("name", .string(asset.name)),
                             .init("maxLeverage", .number("20")), .init("marginTableId", .number("20"))])
                }))]))
            case "spotMeta":
                return Self.json(.object([
                    .init("universe", .array(st.pairs.map { pair in
                        .object([.init("tokens", .array([.number(String(pair.base)), .number(String(pair.quote))])),
                                 .init("name", .string(pair.name)), .init("index", .number(String(pair.index))),
                                 .init("isCanonical", .bool(!pair.name.hasPrefix("@")))])
                    })),
                    .init("tokens", .array(st.tokens.map { token in
                        .object([.init("name", .string(token.name)), .init("szDecimals", .number(String(token.szDecimals))),
                                 .init("weiDecimals", .number("8")), .init("index", .number(String(token.index))),
                                 .init("tokenId", .string("0x" + String(repeating: "0", count: 31) + String(token.index % 10))),
                                 .init("isCanonical", .bool(true))])
                    })),
                ]))
            case "allMids":
                return Self.json(.object(st.mids.keys.sorted().map { .init($0, .string(Self.text(st.mids[$0]!))) }))
            case "clearinghouseState":
                return Self.json(clearinghouse(user, now: now, in: st))
            case "spotClearinghouseState":
                let balances = (st.spot[user] ?? [:]).keys.sorted().map { coin -> EmulatorJSON in
                    let token = st.tokens.first { $0.name == coin }
                    return .object([.init("coin", .string(coin)), .init("token", .number(String(token?.index ?? 0))),
                                    .init("hold", .string(Self.text(Self.spotHold(user, coin: coin, in: st)))),
                                    .init("total", .string(Self.text(st.spot[user]![coin]!))), .init("entryNtl", .string("0.0"))])
                }
                return Self.json(.object([.init("balances", .array(balances))]))
            case "openOrders":
                return Self.json(.array(openOrders(user, in: st).map { order in
                    .object([.init("coin", .string(order.coin)), .init("limitPx", .string(Self.text(order.limitPx))),
                             .init("oid", .number(String(order.oid))), .init("side", .string(order.isBuy ? "B" : "A")),
                             .init("sz", .string(Self.text(order.sz))), .init("timestamp", .number(String(order.timestamp)))])
                }))
            case "frontendOpenOrders":
                return Self.json(.array(openOrders(user, in: st).map(Self.frontend)))
            case "orderStatus":
                let found: Order?
                if let oid = body["oid"]?.uintValue {
                    found = st.orders[oid].flatMap { $0.user == user ? $0 : nil }
                } else if let cloid = body["oid"]?.stringValue, cloid.count == 34 {
                    found = st.orderIds.reversed().compactMap { st.orders[$0] }.first { $0.user == user && $0.cloid == cloid }
                } else {
                    return Self.deserializeFailure
                }
                guard let order = found else { return Self.json(.object([.init("status", .string("unknownOid"))])) }
                return Self.json(.object([.init("status", .string("order")), .init("order", .object([
                    .init("order", Self.frontend(order)), .init("status", .string(order.status)),
                    .init("statusTimestamp", .number(String(order.statusTimestamp)))]))]))
            default:
                return Self.deserializeFailure
            }
        }
    }

    private func openOrders(_ user: String, in st: State) -> [Order] {
        st.orderIds.reversed().compactMap { st.orders[$0] }.filter { $0.user == user && $0.status == "open" }
    }

    static func frontend(_ order: Order) -> EmulatorJSON {
        .object([
            .init("children", .array([])), .init("coin", .string(order.coin)), .init("isPositionTpsl", .bool(false)),
            .init("isTrigger", .bool(false)), .init("limitPx", .string(text(order.limitPx))), .init("oid", .number(String(order.oid))),
            .init("orderType", .string("Limit")), .init("origSz", .string(text(order.origSz))), .init("reduceOnly", .bool(order.reduceOnly)),
            .init("side", .string(order.isBuy ? "B" : "A")), .init("sz", .string(text(order.sz))), .init("tif", .string(order.tif)),
            .init("timestamp", .number(String(order.timestamp))), .init("triggerCondition", .string("N/A")),
            .init("triggerPx", .string("0.0")), .init("cloid", order.cloid.map { .string($0) } ?? .null),
        ])
    }

    private func clearinghouse(_ user: String, now: Int64, in st: State) -> EmulatorJSON {
        let positions = (st.positions[user] ?? [:]).keys.sorted().compactMap { coin -> EmulatorJSON? in
            let p = st.positions[user]![coin]!
            guard p.szi != 0 else { return nil }
            let mid = st.mids[coin] ?? p.entry
            let value = abs(p.szi) * mid
            let pnl = (mid - p.entry) * p.szi
            return .object([.init("type", .string("oneWay")), .init("position", .object([
                .init("coin", .string(coin)), .init("entryPx", .string(Self.text(p.entry))),
                .init("leverage", .object([.init("type", .string("cross")), .init("value", .number("20"))])),
                .init("liquidationPx", .null), .init("marginUsed", .string(Self.text(value / 20))),
                .init("maxLeverage", .number("20")), .init("positionValue", .string(Self.text(value))),
                .init("returnOnEquity", .string("0.0")), .init("szi", .string(Self.text(p.szi))),
                .init("unrealizedPnl", .string(Self.text(pnl))),
                .init("cumFunding", .object([.init("allTime", .string("0.0")), .init("sinceChange", .string("0.0")),
                                              .init("sinceOpen", .string("0.0"))])),
            ]))])
        }
        let accountValue = Self.accountValue(user, in: st)
        let used = Self.marginUsed(user, in: st)
        let summary: EmulatorJSON = .object([
            .init("accountValue", .string(Self.text(accountValue))), .init("totalNtlPos", .string("0.0")),
            .init("totalRawUsd", .string(Self.text(st.usdc[user] ?? 0))), .init("totalMarginUsed", .string(Self.text(used))),
        ])
        return .object([
            .init("marginSummary", summary), .init("crossMarginSummary", summary),
            .init("crossMaintenanceMarginUsed", .string("0.0")),
            .init("withdrawable", .string(Self.text(Self.withdrawable(user, in: st)))),
            .init("assetPositions", .array(positions)), .init("time", .number(String(now))),
        ])
    }
}
