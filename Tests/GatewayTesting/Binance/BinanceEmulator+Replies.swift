import Foundation

/// Binance's reply bodies: orders (placed, queried, cancelled), accounts, positions and exchangeInfo.
extension BinanceEmulator {
    enum Style {
        /// A new order's reply for `newOrderRespType` (spot ACK/RESULT/FULL, futures ACK/RESULT).
        case placed(String)
        case query
        case cancelled
    }

    func render(_ o: Order, symbol: Symbol, style: Style) -> String {
        market == .spot ? renderSpot(o, symbol: symbol, style: style) : renderFutures(o, symbol: symbol, style: style)
    }

    func renderSpot(_ o: Order, symbol: Symbol, style: Style) -> String {
        let f8 = { (d: Decimal) in Self.fixed(d, 8) }
        let common = #""price":"\#(f8(o.price))","origQty":"\#(f8(o.origQty))","executedQty":"\#(f8(o.executedQty))","cummulativeQuoteQty":"\#(f8(o.cumQuote))","status":"\#(o.status)","timeInForce":"\#(o.timeInForce)","type":"\#(o.type)","side":"\#(o.side)""#
        switch style {
        case .placed(let responseType):
            if responseType == "ACK" {
                return #"{"symbol":"\#(o.symbol)","orderId":\#(o.orderId),"orderListId":-1,"clientOrderId":"\#(o.clientOrderId)","transactTime":\#(o.time)}"#
            }
            var body = #"{"symbol":"\#(o.symbol)","orderId":\#(o.orderId),"orderListId":-1,"clientOrderId":"\#(o.clientOrderId)","transactTime":\#(o.time),\#(common),"origQuoteOrderQty":"0.00000000","workingTime":\#(o.time),"selfTradePreventionMode":"EXPIRE_MAKER""#
            if responseType == "FULL" {
                let fills = o.fills.map {
                    #"{"price":"\#(f8($0.price))","qty":"\#(f8($0.qty))","commission":"\#(f8($0.commission))","commissionAsset":"\#($0.asset)","tradeId":\#($0.tradeId)}"#
                }
                body += #","fills":[\#(fills.joined(separator: ","))]"#
            }
            return body + "}"
        case .query:
            return #"{"symbol":"\#(o.symbol)","orderId":\#(o.orderId),"orderListId":-1,"clientOrderId":"\#(o.clientOrderId)",\#(common),"stopPrice":"0.00000000","icebergQty":"0.00000000","time":\#(o.time),"updateTime":\#(o.updateTime),"isWorking":true,"workingTime":\#(o.time),"origQuoteOrderQty":"0.00000000","selfTradePreventionMode":"EXPIRE_MAKER"}"#
        case .cancelled:
            return #"{"symbol":"\#(o.symbol)","origClientOrderId":"\#(o.clientOrderId)","orderId":\#(o.orderId),"orderListId":-1,"clientOrderId":"emuCancel\#(o.orderId)","transactTime":\#(o.updateTime),\#(common),"origQuoteOrderQty":"0.00000000","selfTradePreventionMode":"EXPIRE_MAKER"}"#
        }
    }

    func renderFutures(_ o: Order, symbol: Symbol, style: Style) -> String {
        let q = { (d: Decimal) in Self.fixed(d, symbol.quantityPrecision) }
        let px = { (d: Decimal) in Self.fixed(d, symbol.pricePrecision) }
        var status = o.status, executed = o.executedQty, cumQuote = o.cumQuote
        if case .placed("ACK") = style {
            // ACK answers before matching: the order as accepted.
            status = "NEW"; executed = 0; cumQuote = 0
        }
        let average = executed > 0 ? Self.fixed(cumQuote / executed, 5) : "0.00"
        return #"{"orderId":\#(o.orderId),"symbol":"\#(o.symbol)","status":"\#(status)","clientOrderId":"\#(o.clientOrderId)","price":"\#(px(o.price))","avgPrice":"\#(average)","origQty":"\#(q(o.origQty))","executedQty":"\#(q(executed))","cumQty":"\#(q(executed))","cumQuote":"\#(Self.fixed(cumQuote, 5))","timeInForce":"\#(o.timeInForce)","type":"\#(o.type)","reduceOnly":\#(o.reduceOnly),"closePosition":false,"side":"\#(o.side)","positionSide":"BOTH","stopPrice":"0.00","workingType":"CONTRACT_PRICE","priceProtect":false,"origType":"\#(o.type)","priceMatch":"NONE","selfTradePreventionMode":"EXPIRE_MAKER","goodTillDate":0,"time":\#(o.time),"updateTime":\#(o.updateTime)}"#
    }

    func spotAccount(_ p: Params) -> Reply {
        state.withLock { s -> Reply in
            let rows = s.balances.keys.sorted().map { asset -> String in
                let b = s.balances[asset]!
                return #"{"asset":"\#(asset)","free":"\#(Self.fixed(b.free, 8))","locked":"\#(Self.fixed(b.locked, 8))"}"#
            }
            let body = #"{"makerCommission":10,"takerCommission":10,"buyerCommission":0,"sellerCommission":0,"commissionRates":{"maker":"0.00100000","taker":"0.00100000","buyer":"0.00000000","seller":"0.00000000"},"canTrade":true,"canWithdraw":true,"canDeposit":true,"brokered":false,"requireSelfTradePrevention":false,"preventSor":false,"updateTime":\#(now()),"accountType":"SPOT","balances":[\#(rows.joined(separator: ","))],"permissions":["SPOT"],"uid":354937868}"#
            return .success(ok(body, weight: 20))
        }
    }

    func futuresBalance(_ p: Params) -> Reply {
        state.withLock { s -> Reply in
            let available = futuresAvailable(s)
            let rows = s.balances.keys.sorted().map { asset -> String in
                let wallet = s.balances[asset]!.free
                let avail = asset == "USDT" ? available : wallet
                return #"{"accountAlias":"SgsR","asset":"\#(asset)","balance":"\#(Self.fixed(wallet, 8))","crossWalletBalance":"\#(Self.fixed(wallet, 8))","crossUnPnl":"0.00000000","availableBalance":"\#(Self.fixed(avail, 8))","maxWithdrawAmount":"\#(Self.fixed(avail, 8))","marginAvailable":true,"updateTime":\#(now())}"#
            }
            return .success(ok("[" + rows.joined(separator: ",") + "]", weight: 5))
        }
    }

    func positionRisk(_ p: Params) -> Reply {
        state.withLock { s -> Reply in
            let rows = s.positions.keys.sorted().compactMap { name -> String? in
                guard let position = s.positions[name], position.amount != 0, let symbol = s.symbols[name] else { return nil }
                let mark = symbol.lastPrice
                let pnl = (mark - position.entry) * position.amount
                return #"{"symbol":"\#(name)","positionSide":"BOTH","positionAmt":"\#(Self.fixed(position.amount, symbol.quantityPrecision))","entryPrice":"\#(Self.fixed(position.entry, 7))","breakEvenPrice":"\#(Self.fixed(position.entry, 7))","markPrice":"\#(Self.fixed(mark, 8))","unRealizedProfit":"\#(Self.fixed(pnl, 8))","liquidationPrice":"0","isolatedMargin":"0","notional":"\#(Self.fixed(position.amount * mark, 8))","marginAsset":"USDT","isolatedWallet":"0","initialMargin":"\#(Self.fixed(abs(position.amount * mark) / leverage, 8))","maintMargin":"0","positionInitialMargin":"0","openOrderInitialMargin":"0","adl":1,"bidNotional":"0","askNotional":"0","updateTime":\#(now())}"#
            }
            return .success(ok("[" + rows.joined(separator: ",") + "]", weight: 5))
        }
    }

    func exchangeInfo(_ p: Params) -> LoopbackHTTPServer.Response {
        let (symbols, weight): ([Symbol], Int) = state.withLock { s in
            (s.symbols.values.sorted { $0.symbol < $1.symbol }, market == .spot ? 20 : 1)
        }
        if market == .spot {
            var chosen = symbols
            if let name = p["symbol"] {
                chosen = symbols.filter { $0.symbol == name }
                if chosen.isEmpty { return BinanceError(400, -1121, "Invalid symbol.").response(self) }
            }
            let items = chosen.map { sym -> String in
                let f8 = { (d: Decimal) in Self.fixed(d, 8) }
                return #"{"symbol":"\#(sym.symbol)","status":"\#(sym.status)","baseAsset":"\#(sym.baseAsset)","baseAssetPrecision":8,"quoteAsset":"\#(sym.quoteAsset)","quotePrecision":8,"quoteAssetPrecision":8,"baseCommissionPrecision":8,"quoteCommissionPrecision":8,"orderTypes":["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS","STOP_LOSS_LIMIT","TAKE_PROFIT","TAKE_PROFIT_LIMIT"],"icebergAllowed":true,"ocoAllowed":true,"otoAllowed":true,"quoteOrderQtyMarketAllowed":true,"allowTrailingStop":true,"cancelReplaceAllowed":true,"isSpotTradingAllowed":true,"isMarginTradingAllowed":true,"filters":[{"filterType":"PRICE_FILTER","minPrice":"\#(f8(sym.minPrice))","maxPrice":"\#(f8(sym.maxPrice))","tickSize":"\#(f8(sym.tickSize))"},{"filterType":"LOT_SIZE","minQty":"\#(f8(sym.minQty))","maxQty":"\#(f8(sym.maxQty))","stepSize":"\#(f8(sym.stepSize))"},{"filterType":"ICEBERG_PARTS","limit":10},{"filterType":"MARKET_LOT_SIZE","minQty":"\#(f8(sym.marketMinQty))","maxQty":"\#(f8(sym.marketMaxQty))","stepSize":"\#(f8(sym.marketStepSize))"},{"filterType":"TRAILING_DELTA","minTrailingAboveDelta":10,"maxTrailingAboveDelta":2000,"minTrailingBelowDelta":10,"maxTrailingBelowDelta":2000},{"filterType":"PERCENT_PRICE_BY_SIDE","bidMultiplierUp":"5","bidMultiplierDown":"0.2","askMultiplierUp":"5","askMultiplierDown":"0.2","avgPriceMins":5},{"filterType":"NOTIONAL","minNotional":"\#(f8(sym.minNotional))","applyMinToMarket":true,"maxNotional":"\#(f8(sym.maxNotional))","applyMaxToMarket":false,"avgPriceMins":5},{"filterType":"MAX_NUM_ORDERS","maxNumOrders":200},{"filterType":"MAX_NUM_ALGO_ORDERS","maxNumAlgoOrders":5}],"permissions":[],"permissionSets":[["SPOT","MARGIN"]],"defaultSelfTradePreventionMode":"EXPIRE_MAKER","allowedSelfTradePreventionModes":["EXPIRE_TAKER","EXPIRE_MAKER","EXPIRE_BOTH"]}"#
            }
            return ok(#"{"timezone":"UTC","serverTime":\#(now()),"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},{"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":100},{"rateLimitType":"ORDERS","interval":"DAY","intervalNum":1,"limit":200000},{"rateLimitType":"RAW_REQUESTS","interval":"MINUTE","intervalNum":5,"limit":61000}],"exchangeFilters":[],"symbols":[\#(items.joined(separator: ","))]}"#,
                      weight: weight)
        }
        let items = symbols.map { sym -> String in
            let px = { (d: Decimal) in Self.fixed(d, sym.pricePrecision) }
            let q = { (d: Decimal) in Self.plain(d) }
            return #"{"symbol":"\#(sym.symbol)","pair":"\#(sym.symbol)","contractType":"PERPETUAL","deliveryDate":4133404800000,"onboardDate":1569398400000,"status":"\#(sym.status)","maintMarginPercent":"2.5000","requiredMarginPercent":"5.0000","baseAsset":"\#(sym.baseAsset)","quoteAsset":"\#(sym.quoteAsset)","marginAsset":"USDT","pricePrecision":\#(sym.pricePrecision),"quantityPrecision":\#(sym.quantityPrecision),"baseAssetPrecision":8,"quotePrecision":8,"underlyingType":"COIN","underlyingSubType":["PoW"],"triggerProtect":"0.0500","liquidationFee":"0.012500","marketTakeBound":"0.05","maxMoveOrderLimit":10000,"filters":[{"filterType":"PRICE_FILTER","minPrice":"\#(px(sym.minPrice))","maxPrice":"\#(q(sym.maxPrice))","tickSize":"\#(px(sym.tickSize))"},{"filterType":"LOT_SIZE","minQty":"\#(q(sym.minQty))","maxQty":"\#(q(sym.maxQty))","stepSize":"\#(q(sym.stepSize))"},{"filterType":"MARKET_LOT_SIZE","minQty":"\#(q(sym.marketMinQty))","maxQty":"\#(q(sym.marketMaxQty))","stepSize":"\#(q(sym.marketStepSize))"},{"filterType":"MAX_NUM_ORDERS","limit":200},{"filterType":"MAX_NUM_ALGO_ORDERS","limit":10},{"filterType":"MIN_NOTIONAL","notional":"\#(q(sym.minNotional))"},{"filterType":"PERCENT_PRICE","multiplierUp":"1.0500","multiplierDown":"0.9500","multiplierDecimal":"4"}],"orderTypes":["LIMIT","MARKET","STOP","STOP_MARKET","TAKE_PROFIT","TAKE_PROFIT_MARKET","TRAILING_STOP_MARKET"],"timeInForce":["GTC","IOC","FOK","GTX","GTD"]}"#
        }
        return ok(#"{"timezone":"UTC","serverTime":\#(now()),"futuresType":"U_MARGINED","rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":2400},{"rateLimitType":"ORDERS","interval":"MINUTE","intervalNum":1,"limit":1200},{"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":300}],"exchangeFilters":[],"assets":[{"asset":"USDT","marginAvailable":true,"autoAssetExchange":"-10000"}],"symbols":[\#(items.joined(separator: ","))]}"#,
                  weight: weight)
    }

    /// `value` rounded to `scale` decimals and printed with exactly that many.
    static func fixed(_ value: Decimal, _ scale: Int) -> String {
        var v = value
        var r = Decimal()
        NSDecimalRound(&r, &v, scale, .plain)
        var text = "\(r)"
        if text == "-0" { text = "0" }
        guard scale > 0 else { return text }
        let current = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? -1
        if current < 0 { text += "." }
        return text + String(repeating: "0", count: scale - max(current, 0))
    }

    static func plain(_ value: Decimal) -> String { "\(value)" }
}
