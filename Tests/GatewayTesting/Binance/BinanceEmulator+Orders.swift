import Foundation

/// Order entry, cancels and queries, judged with the symbol's filters and the account's funds.
extension BinanceEmulator {
    typealias Reply = Result<LoopbackHTTPServer.Response, BinanceError>

    static let spotOrderParameters: Set<String> = [
        "symbol", "side", "type", "timeInForce", "quantity", "quoteOrderQty", "price", "newClientOrderId", "strategyId",
        "strategyType", "stopPrice", "trailingDelta", "icebergQty", "newOrderRespType", "selfTradePreventionMode",
        "recvWindow", "timestamp", "signature",
    ]
    static let futuresOrderParameters: Set<String> = [
        "symbol", "side", "positionSide", "type", "timeInForce", "quantity", "reduceOnly", "price", "newClientOrderId",
        "stopPrice", "closePosition", "activationPrice", "callbackRate", "workingType", "priceProtect",
        "newOrderRespType", "priceMatch", "selfTradePreventionMode", "goodTillDate", "recvWindow", "timestamp", "signature",
    ]
    static let decimalPattern = #"^([0-9]{1,20})(\.[0-9]{1,20})?$"#
    static let clientIdPattern = #"^[\.A-Z\:/a-z0-9_-]{1,36}$"#

    func newOrder(_ p: Params) -> Reply {
        guard let symbolName = p["symbol"], !symbolName.isEmpty else { return .failure(.mandatory("symbol")) }
        guard let side = p["side"], !side.isEmpty else { return .failure(.mandatory("side")) }
        guard let type = p["type"], !type.isEmpty else { return .failure(.mandatory("type")) }
        let known = market == .spot ? Self.spotOrderParameters : Self.futuresOrderParameters
        let read = p.pairs.filter { known.contains($0.name) }.count
        if read != p.count {
            return .failure(BinanceError(400, -1104, "Not all sent parameters were read; read '\(read)' parameter(s) but was sent '\(p.count)'."))
        }
        guard ["BUY", "SELL"].contains(side) else { return .failure(BinanceError(400, -1117, "Invalid side.")) }
        let types = market == .spot ? ["LIMIT", "MARKET", "LIMIT_MAKER"] : ["LIMIT", "MARKET"]
        guard types.contains(type) else { return .failure(BinanceError(400, -1116, "Invalid orderType.")) }
        for name in ["quantity", "price"] {
            if let text = p[name], text.range(of: Self.decimalPattern, options: .regularExpression) == nil {
                return .failure(.illegal(name, Self.decimalPattern))
            }
        }
        if let id = p["newClientOrderId"], id.range(of: Self.clientIdPattern, options: .regularExpression) == nil {
            return .failure(.illegal("newClientOrderId", Self.clientIdPattern))
        }
        let tif = p["timeInForce"]
        let tifs = market == .spot ? ["GTC", "IOC", "FOK"] : ["GTC", "IOC", "FOK", "GTX", "GTD"]
        switch type {
        case "LIMIT":
            guard let tif else { return .failure(.mandatory("timeInForce")) }
            guard tifs.contains(tif) else { return .failure(BinanceError(400, -1115, "Invalid timeInForce.")) }
            guard p["price"] != nil else { return .failure(.mandatory("price")) }
            if tif == "GTD" && p["goodTillDate"] == nil { return .failure(.mandatory("goodTillDate")) }
        case "LIMIT_MAKER":
            if tif != nil { return .failure(BinanceError(400, -1106, "Parameter 'timeInForce' sent when not required.")) }
            guard p["price"] != nil else { return .failure(.mandatory("price")) }
        default:  // MARKET
            if p["price"] != nil { return .failure(BinanceError(400, -1106, "Parameter 'price' sent when not required.")) }
            if market == .spot && tif != nil { return .failure(BinanceError(400, -1106, "Parameter 'timeInForce' sent when not required.")) }
        }
        guard let qtyText = p["quantity"], let qty = Decimal(string: qtyText) else { return .failure(.mandatory("quantity")) }
        let price = p["price"].flatMap { Decimal(string: $0) }
        var reduceOnly = false
        if let text = p["reduceOnly"] {
            guard ["true", "false"].contains(text.lowercased()) else {
                return .failure(BinanceError(400, -1130, "Data sent for parameter 'reduceOnly' is not valid."))
            }
            reduceOnly = text.lowercased() == "true"
        }
        if let responseType = p["newOrderRespType"] {
            let allowed = market == .spot ? ["ACK", "RESULT", "FULL"] : ["ACK", "RESULT"]
            guard allowed.contains(responseType) else {
                return .failure(BinanceError(400, -1100, "Illegal characters found in parameter 'newOrderRespType'; legal range is '\(allowed.joined(separator: ", "))'."))
            }
        }
        let serverTime = now()
        return state.withLock { s -> Reply in
            guard let symbol = s.symbols[symbolName] else { return .failure(BinanceError(400, -1121, "Invalid symbol.")) }
            if let error = checkFilters(symbol: symbol, type: type, qty: qty, qtyText: qtyText, price: price,
                                        priceText: p["price"], reduceOnly: reduceOnly) {
                return .failure(error)
            }
            let clientId = p["newClientOrderId"] ?? "emu\(s.nextOrderId)"
            if s.orders.values.contains(where: { $0.isOpen && $0.clientOrderId == clientId }) {
                return .failure(market == .spot ? BinanceError(400, -2010, "Duplicate order sent.")
                                                : BinanceError(400, -4116, "ClientOrderId is duplicated."))
            }
            let buy = side == "BUY"
            let last = symbol.lastPrice
            let marketable = type == "MARKET" || (buy ? price! >= last : price! <= last)
            let execution = last
            if marketable && type == "LIMIT_MAKER" {
                return .failure(BinanceError(400, -2010, "Order would immediately match and take."))
            }
            if marketable && tif == "GTX" {
                return .failure(BinanceError(400, -5022, "Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history"))
            }
            // Funds.
            if market == .spot {
                if buy {
                    let cost = (marketable ? execution : price!) * qty
                    if (s.balances[symbol.quoteAsset]?.free ?? 0) < cost {
                        return .failure(BinanceError(400, -2010, "Account has insufficient balance for requested action."))
                    }
                } else if (s.balances[symbol.baseAsset]?.free ?? 0) < qty {
                    return .failure(BinanceError(400, -2010, "Account has insufficient balance for requested action."))
                }
            } else {
                let position = s.positions[symbolName]?.amount ?? 0
                if reduceOnly {
                    let reduces = buy ? position < 0 : position > 0
                    if !reduces || qty > abs(position) {
                        return .failure(BinanceError(400, -2022, "ReduceOnly Order is rejected."))
                    }
                } else {
                    let notional = (type == "MARKET" ? execution : price!) * qty
                    if futuresAvailable(s) < notional / leverage {
                        return .failure(BinanceError(400, -2019, "Margin is insufficient."))
                    }
                }
            }
            let orderId = s.nextOrderId
            s.nextOrderId += 1
            var order = Order(symbol: symbolName, orderId: orderId, clientOrderId: clientId, side: side, type: type,
                              timeInForce: tif ?? (type == "LIMIT_MAKER" ? "GTC" : "GTC"), price: price ?? 0, origQty: qty,
                              reduceOnly: reduceOnly, time: serverTime, updateTime: serverTime)
            if marketable {
                fill(&order, price: execution, symbol: symbol, state: &s)
            } else if tif == "IOC" || tif == "FOK" {
                order.status = "EXPIRED"
            } else if market == .spot {
                // Resting: lock the funds it may use.
                if buy { s.balances[symbol.quoteAsset, default: (0, 0)].free -= price! * qty; s.balances[symbol.quoteAsset, default: (0, 0)].locked += price! * qty }
                else { s.balances[symbol.baseAsset, default: (0, 0)].free -= qty; s.balances[symbol.baseAsset, default: (0, 0)].locked += qty }
            }
            s.orders[orderId] = order
            let responseType = p["newOrderRespType"] ?? (market == .spot ? "FULL" : "ACK")
            return .success(ok(render(order, symbol: symbol, style: .placed(responseType)), weight: 1))
        }
    }

    /// Spot -1013 `Filter failure: …`, futures -4014/-4023/-4004/-4005/-4013/-4016/-4164, both -1111.
    func checkFilters(symbol: Symbol, type: String, qty: Decimal, qtyText: String, price: Decimal?, priceText: String?,
                      reduceOnly: Bool) -> BinanceError? {
        if market == .spot {
            if decimals(qtyText) > 8 { return BinanceError(400, -1111, "Parameter 'quantity' has too much precision.") }
            if let priceText, decimals(priceText) > 8 { return BinanceError(400, -1111, "Parameter 'price' has too much precision.") }
            func filter(_ name: String) -> BinanceError { BinanceError(400, -1013, "Filter failure: \(name)") }
            if let price {
                if price < symbol.minPrice || (symbol.maxPrice > 0 && price > symbol.maxPrice)
                    || !onGrid(price - symbol.minPrice, symbol.tickSize) { return filter("PRICE_FILTER") }
            }
            if qty < symbol.minQty || qty > symbol.maxQty || !onGrid(qty - symbol.minQty, symbol.stepSize) { return filter("LOT_SIZE") }
            if type == "MARKET" {
                if (symbol.marketMinQty > 0 && qty < symbol.marketMinQty) || (symbol.marketMaxQty > 0 && qty > symbol.marketMaxQty)
                    || (symbol.marketStepSize > 0 && !onGrid(qty - symbol.marketMinQty, symbol.marketStepSize)) {
                    return filter("MARKET_LOT_SIZE")
                }
            }
            let notional = (price ?? symbol.lastPrice) * qty
            if notional < symbol.minNotional || (type != "MARKET" && notional > symbol.maxNotional) { return filter("NOTIONAL") }
            return nil
        }
        if decimals(qtyText) > symbol.quantityPrecision || (priceText.map(decimals) ?? 0) > symbol.pricePrecision {
            return BinanceError(400, -1111, "Precision is over the maximum defined for this asset.")
        }
        if let price {
            if price < symbol.minPrice { return BinanceError(400, -4013, "Price less than min price.") }
            if price > symbol.maxPrice { return BinanceError(400, -4016, "Limit price can't be higher than \(symbol.maxPrice).") }
            if !onGrid(price - symbol.minPrice, symbol.tickSize) { return BinanceError(400, -4014, "Price not increased by tick size.") }
        }
        let (minQty, maxQty, step) = type == "MARKET" ? (symbol.marketMinQty, symbol.marketMaxQty, symbol.marketStepSize)
                                                      : (symbol.minQty, symbol.maxQty, symbol.stepSize)
        if qty <= 0 { return BinanceError(400, -4003, "Quantity less than or equal to zero.") }
        if qty < minQty { return BinanceError(400, -4004, "Quantity less than min quantity.") }
        if qty > maxQty { return BinanceError(400, -4005, "Quantity greater than max quantity.") }
        if !onGrid(qty - minQty, step) { return BinanceError(400, -4023, "Quantity not increased by step size.") }
        let notional = (price ?? symbol.lastPrice) * qty
        if !reduceOnly && notional < symbol.minNotional {
            return BinanceError(400, -4164, "Order's notional must be no smaller than \(symbol.minNotional) (unless you choose reduce only).")
        }
        return nil
    }

    func fill(_ order: inout Order, price: Decimal, symbol: Symbol, state s: inout State) {
        let qty = order.origQty - order.executedQty
        let tradeId = s.nextTradeId
        s.nextTradeId += 1
        order.executedQty += qty
        order.cumQuote += qty * price
        order.status = "FILLED"
        if market == .spot {
            let buy = order.side == "BUY"
            let commission = buy ? qty / 1000 : qty * price / 1000
            let asset = buy ? symbol.baseAsset : symbol.quoteAsset
            if buy {
                s.balances[symbol.quoteAsset, default: (0, 0)].free -= qty * price
                s.balances[symbol.baseAsset, default: (0, 0)].free += qty - commission
            } else {
                s.balances[symbol.baseAsset, default: (0, 0)].free -= qty
                s.balances[symbol.quoteAsset, default: (0, 0)].free += qty * price - commission
            }
            order.fills.append((price, qty, commission, asset, tradeId))
        } else {
            let signed = order.side == "BUY" ? qty : -qty
            let old = s.positions[order.symbol] ?? (0, 0)
            var new = old
            if old.amount == 0 || (old.amount > 0) == (signed > 0) {
                new.entry = (abs(old.amount) * old.entry + qty * price) / (abs(old.amount) + qty)
                new.amount = old.amount + signed
            } else {
                let closing = min(qty, abs(old.amount))
                let pnl = closing * (price - old.entry) * (old.amount > 0 ? 1 : -1)
                s.balances["USDT", default: (0, 0)].free += pnl
                new.amount = old.amount + signed
                if new.amount == 0 { new.entry = 0 } else if (new.amount > 0) != (old.amount > 0) { new.entry = price }
            }
            s.positions[order.symbol] = new
        }
    }

    /// Futures: wallet minus the margin of positions and open orders.
    func futuresAvailable(_ s: State) -> Decimal {
        var used: Decimal = 0
        for (_, p) in s.positions { used += abs(p.amount) * p.entry / leverage }
        for o in s.orders.values where o.isOpen && !o.reduceOnly { used += (o.origQty - o.executedQty) * o.price / leverage }
        return (s.balances["USDT"]?.free ?? 0) - used
    }

    func lookup(_ p: Params, _ s: State) -> Result<Order?, BinanceError> {
        guard let symbol = p["symbol"], !symbol.isEmpty else { return .failure(.mandatory("symbol")) }
        guard s.symbols[symbol] != nil else { return .failure(BinanceError(400, -1121, "Invalid symbol.")) }
        if let idText = p["orderId"] {
            guard let id = Int64(idText) else { return .failure(.illegal("orderId", "^[0-9]{1,20}$")) }
            return .success(s.orders[id].flatMap { $0.symbol == symbol ? $0 : nil })
        }
        guard let clientId = p["origClientOrderId"], !clientId.isEmpty else {
            return .failure(BinanceError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!"))
        }
        return .success(s.orders.values.filter { $0.symbol == symbol && $0.clientOrderId == clientId }.max { $0.orderId < $1.orderId })
    }

    func queryOrder(_ p: Params) -> Reply {
        state.withLock { s -> Reply in
            switch lookup(p, s) {
            case .failure(let e): return .failure(e)
            case .success(nil): return .failure(BinanceError(400, -2013, "Order does not exist."))
            case .success(let order?): return .success(ok(render(order, symbol: s.symbols[order.symbol]!, style: .query), weight: 4))
            }
        }
    }

    func cancelOrder(_ p: Params) -> Reply {
        let serverTime = now()
        return state.withLock { s -> Reply in
            switch lookup(p, s) {
            case .failure(let e): return .failure(e)
            case .success(let found):
                guard var order = found, order.isOpen else { return .failure(BinanceError(400, -2011, "Unknown order sent.")) }
                cancel(&order, at: serverTime, state: &s)
                return .success(ok(render(order, symbol: s.symbols[order.symbol]!, style: .cancelled), weight: 1))
            }
        }
    }

    func cancel(_ order: inout Order, at time: Int64, state s: inout State) {
        order.status = "CANCELED"
        order.updateTime = time
        if market == .spot, let symbol = s.symbols[order.symbol] {
            let rest = order.origQty - order.executedQty
            if order.side == "BUY" {
                s.balances[symbol.quoteAsset, default: (0, 0)].locked -= rest * order.price
                s.balances[symbol.quoteAsset, default: (0, 0)].free += rest * order.price
            } else {
                s.balances[symbol.baseAsset, default: (0, 0)].locked -= rest
                s.balances[symbol.baseAsset, default: (0, 0)].free += rest
            }
        }
        s.orders[order.orderId] = order
    }

    func openOrders(_ p: Params) -> Reply {
        state.withLock { s -> Reply in
            let symbol = p["symbol"]
            if let symbol, s.symbols[symbol] == nil { return .failure(BinanceError(400, -1121, "Invalid symbol.")) }
            let open = s.orders.values.filter { $0.isOpen && (symbol == nil || $0.symbol == symbol) }.sorted { $0.orderId < $1.orderId }
            let body = "[" + open.map { render($0, symbol: s.symbols[$0.symbol]!, style: .query) }.joined(separator: ",") + "]"
            return .success(ok(body, weight: symbol == nil ? (market == .spot ? 80 : 40) : (market == .spot ? 6 : 1)))
        }
    }

    func cancelAll(_ p: Params) -> Reply {
        let serverTime = now()
        return state.withLock { s -> Reply in
            guard let symbol = p["symbol"], !symbol.isEmpty else { return .failure(.mandatory("symbol")) }
            guard s.symbols[symbol] != nil else { return .failure(BinanceError(400, -1121, "Invalid symbol.")) }
            var cancelled: [Order] = []
            for id in s.orders.keys.sorted() {
                guard var order = s.orders[id], order.isOpen, order.symbol == symbol else { continue }
                cancel(&order, at: serverTime, state: &s)
                cancelled.append(order)
            }
            if market == .futures {
                return .success(ok(#"{"code":200,"msg":"The operation of cancel all open order is done."}"#, weight: 1))
            }
            guard !cancelled.isEmpty else { return .failure(BinanceError(400, -2011, "Unknown order sent.")) }
            let body = "[" + cancelled.map { render($0, symbol: s.symbols[$0.symbol]!, style: .cancelled) }.joined(separator: ",") + "]"
            return .success(ok(body, weight: 1))
        }
    }

    func onGrid(_ value: Decimal, _ step: Decimal) -> Bool {
        guard step > 0 else { return true }
        var quotient = value / step
        var rounded = Decimal()
        NSDecimalRound(&rounded, &quotient, 0, .plain)
        return rounded == quotient
    }

    func decimals(_ text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: dot, to: text.endIndex) - 1
    }
}
