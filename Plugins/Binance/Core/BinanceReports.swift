#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// Turns Binance's order, balance and position objects into the contract's reports.
///
/// Shapes (spot `newOrderRespType=FULL`, cancel, query, open orders; USD-M `RESULT` and the rest):
/// spot `{symbol, orderId, clientOrderId, origClientOrderId?, price, origQty, executedQty,
/// cummulativeQuoteQty, status, side, transactTime|updateTime, fills?}`; USD-M `{symbol, orderId,
/// clientOrderId, price, avgPrice, origQty, executedQty, cumQuote, status, side, updateTime}`.
public enum BinanceReports {
    /// A malformed reply, with the venue's text kept.
    public static func malformed(_ what: String, _ body: String) -> VenueFailure {
        VenueFailure(.internalError, "\(what): unexpected Binance reply: \(body.prefix(500))")
    }

    /// One order object. Nil when a required field is missing.
    public static func order(_ json: BinanceJSON) -> VenueOrderReport? {
        guard let symbol = json["symbol"]?.text, let orderId = json["orderId"]?.int64,
              let statusText = json["status"]?.text, let sideText = json["side"]?.text,
              let side = OrderMapping.side(sideText) else { return nil }
        // A spot cancel reply names the cancel's own id clientOrderId and the order's origClientOrderId.
        let clientId = json["origClientOrderId"]?.text ?? json["clientOrderId"]?.text ?? ""
        let quantity = decimalText(json["origQty"]) ?? "0"
        let executed = DecimalText.parse(json["executedQty"]?.text ?? "0") ?? 0
        var average = ""
        if executed > 0 {
            if let avg = json["avgPrice"]?.text, let value = DecimalText.parse(avg), value > 0 {
                average = DecimalText.format(value)
            } else if let quote = DecimalText.parse(json["cummulativeQuoteQty"]?.text ?? json["cumQuote"]?.text ?? ""), quote > 0 {
                average = DecimalText.format(DecimalText.round(quote / executed, scale: 8, .nearest))
            } else if let fills = json["fills"]?.array, !fills.isEmpty {
                average = averageOfFills(fills) ?? ""
            }
        }
        var limit = ""
        if let p = json["price"]?.text, let value = DecimalText.parse(p), value > 0 { limit = DecimalText.format(value) }
        let updated = json["updateTime"]?.int64 ?? json["transactTime"]?.int64 ?? json["workingTime"]?.int64
            ?? json["time"]?.int64 ?? 0
        return VenueOrderReport(
            clientOrderId: clientId, venueOrderId: String(orderId), market: symbol, side: side, outcome: GW_OUTCOME_NONE,
            state: OrderMapping.state(statusText), quantity: quantity, filledQuantity: DecimalText.format(executed),
            averageFillPrice: average, limitPrice: limit, fee: fee(json["fills"]?.array), updatedAtUnixMs: updated)
    }

    /// Total commission of spot fills when they are all in one asset ("" otherwise, or without fills).
    static func fee(_ fills: [BinanceJSON]?) -> String {
        guard let fills, !fills.isEmpty else { return "" }
        var total: Decimal = 0
        var asset: String?
        for fill in fills {
            guard let commission = DecimalText.parse(fill["commission"]?.text ?? "") else { return "" }
            let a = fill["commissionAsset"]?.text ?? ""
            if let asset, asset != a { return "" }
            asset = a
            total += commission
        }
        return DecimalText.format(total)
    }

    static func averageOfFills(_ fills: [BinanceJSON]) -> String? {
        var quantity: Decimal = 0, notional: Decimal = 0
        for fill in fills {
            guard let p = DecimalText.parse(fill["price"]?.text ?? ""), let q = DecimalText.parse(fill["qty"]?.text ?? "") else { return nil }
            quantity += q
            notional += p * q
        }
        guard quantity > 0 else { return nil }
        return DecimalText.format(DecimalText.round(notional / quantity, scale: 8, .nearest))
    }

    static func decimalText(_ json: BinanceJSON?) -> String? {
        guard let text = json?.text, let value = DecimalText.parse(text) else { return nil }
        return DecimalText.format(value)
    }

    /// A list of order objects (open orders, spot cancel-all). Entries without an order id (spot
    /// order lists) are skipped; nil if the reply is not an array.
    public static func orders(_ json: BinanceJSON) -> [VenueOrderReport]? {
        guard let items = json.array else { return nil }
        return items.compactMap { order($0) }
    }

    /// Spot `GET /api/v3/account` → non-zero balances (total = free + locked, available = free).
    public static func spotBalances(_ json: BinanceJSON) -> [VenueBalance]? {
        guard let rows = json["balances"]?.array else { return nil }
        var out: [VenueBalance] = []
        for row in rows {
            guard let asset = row["asset"]?.text, let free = DecimalText.parse(row["free"]?.text ?? ""),
                  let locked = DecimalText.parse(row["locked"]?.text ?? "") else { return nil }
            guard free != 0 || locked != 0 else { continue }
            out.append(VenueBalance(currency: asset, total: DecimalText.format(free + locked), available: DecimalText.format(free)))
        }
        return out
    }

    /// USD-M `GET /fapi/v3/balance` → non-zero balances (total = balance, available = availableBalance).
    public static func futuresBalances(_ json: BinanceJSON) -> [VenueBalance]? {
        guard let rows = json.array else { return nil }
        var out: [VenueBalance] = []
        for row in rows {
            guard let asset = row["asset"]?.text, let balance = DecimalText.parse(row["balance"]?.text ?? ""),
                  let available = DecimalText.parse(row["availableBalance"]?.text ?? "") else { return nil }
            guard balance != 0 || available != 0 else { continue }
            out.append(VenueBalance(currency: asset, total: DecimalText.format(balance), available: DecimalText.format(available)))
        }
        return out
    }

    /// USD-M `GET /fapi/v3/positionRisk` → positions with a non-zero amount, one per symbol (hedge-mode
    /// LONG and SHORT rows are netted; the entry price is then left empty).
    public static func positions(_ json: BinanceJSON) -> [VenuePosition]? {
        guard let rows = json.array else { return nil }
        var bySymbol: [String: (size: Decimal, entry: String, mark: String, pnl: Decimal, rows: Int)] = [:]
        var order: [String] = []
        for row in rows {
            guard let symbol = row["symbol"]?.text, let amount = DecimalText.parse(row["positionAmt"]?.text ?? "") else { return nil }
            guard amount != 0 else { continue }
            let entry = decimalText(row["entryPrice"]) ?? ""
            let mark = decimalText(row["markPrice"]) ?? ""
            let pnl = DecimalText.parse(row["unRealizedProfit"]?.text ?? "0") ?? 0
            if var existing = bySymbol[symbol] {
                existing.size += amount
                existing.pnl += pnl
                existing.rows += 1
                existing.entry = ""
                bySymbol[symbol] = existing
            } else {
                bySymbol[symbol] = (amount, entry, mark, pnl, 1)
                order.append(symbol)
            }
        }
        return order.sorted().compactMap { symbol in
            guard let p = bySymbol[symbol], p.size != 0 else { return nil }
            return VenuePosition(market: symbol, outcome: GW_OUTCOME_NONE, size: DecimalText.format(p.size),
                                 averageEntryPrice: p.entry, markPrice: p.mark, unrealizedPnl: DecimalText.format(p.pnl))
        }
    }
}
