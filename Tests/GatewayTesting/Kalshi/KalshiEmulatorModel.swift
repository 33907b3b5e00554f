import Foundation

/// The Kalshi emulator's book-keeping: markets, orders, fills and positions, rendered in the venue's
/// current reply shapes (fixed-point `*_dollars` and `*_fp` strings; no legacy integer fields).
public enum KalshiEmulatorModel {
    /// A market with its price grid and the liquidity resting against incoming orders (one level per side).
    public struct Market: Sendable {
        public var ticker: String
        public var status: String
        public var priceLevelStructure: String
        /// (start, end, step) as the venue writes them.
        public var priceRanges: [(String, String, String)]
        public var fractionalTrading: Bool
        /// Best YES bid and ask with the size available there (nil: none).
        public var yesBid: (price: Decimal, size: Decimal)?
        public var yesAsk: (price: Decimal, size: Decimal)?

        public init(ticker: String, status: String = "active", priceLevelStructure: String = "linear_cent",
                    priceRanges: [(String, String, String)] = [("0.0000", "1.0000", "0.0100")], fractionalTrading: Bool = false,
                    yesBid: (price: Decimal, size: Decimal)? = nil, yesAsk: (price: Decimal, size: Decimal)? = nil) {
            self.ticker = ticker
            self.status = status
            self.priceLevelStructure = priceLevelStructure
            self.priceRanges = priceRanges
            self.fractionalTrading = fractionalTrading
            self.yesBid = yesBid
            self.yesAsk = yesAsk
        }

        /// A `tapered_deci_cent` market: 0.001 steps below 0.10 and above 0.90, 0.01 between.
        public static func tapered(_ ticker: String) -> Market {
            Market(ticker: ticker, priceLevelStructure: "tapered_deci_cent",
                   priceRanges: [("0.0000", "0.1000", "0.0010"), ("0.1000", "0.9000", "0.0100"), ("0.9000", "1.0000", "0.0010")])
        }

        func isValid(_ price: Decimal) -> Bool {
            guard price > 0, price < 1 else { return false }
            return priceRanges.contains { range in
                guard let start = Decimal(string: range.0), let end = Decimal(string: range.1), let step = Decimal(string: range.2),
                      price >= start, price <= end else { return false }
                let units = (price - start) / step
                return units == KalshiEmulatorModel.rounded(units, 0)
            }
        }

        var json: [String: Any] {
            [
                "ticker": ticker, "event_ticker": ticker.split(separator: "-").first.map(String.init) ?? ticker,
                "market_type": "binary", "status": status, "price_level_structure": priceLevelStructure,
                "price_ranges": priceRanges.map { ["start": $0.0, "end": $0.1, "step": $0.2] },
                "fractional_trading_enabled": fractionalTrading,
                "yes_bid_dollars": yesBid.map { dollars($0.price) } ?? "0.0000",
                "yes_ask_dollars": yesAsk.map { dollars($0.price) } ?? "1.0000",
                "no_bid_dollars": yesAsk.map { dollars(1 - $0.price) } ?? "0.0000",
                "no_ask_dollars": yesBid.map { dollars(1 - $0.price) } ?? "1.0000",
                "last_price_dollars": "0.5000", "volume_fp": "0.00", "open_interest_fp": "0.00",
            ]
        }
    }

    /// An order as the emulator keeps it.
    public struct Order: Sendable {
        public var orderId: String
        public var clientOrderId: String
        public var ticker: String
        /// `yes`/`no` and `buy`/`sell`.
        public var side: String
        public var action: String
        public var status: String
        /// Price of the order's own leg.
        public var price: Decimal
        public var initialCount: Decimal
        public var filledCount: Decimal
        public var remainingCount: Decimal
        public var takerFillCost: Decimal = 0
        public var makerFillCost: Decimal = 0
        public var takerFees: Decimal = 0
        public var makerFees: Decimal = 0
        public var expirationSeconds: Int64?
        public var createdMs: Int64
        public var updatedMs: Int64
        public var selfTradePrevention: String?

        var yesPrice: Decimal { side == "yes" ? price : 1 - price }

        var json: [String: Any] {
            var object: [String: Any] = [
                "order_id": orderId, "user_id": "emulator-user", "client_order_id": clientOrderId, "ticker": ticker,
                "side": side, "action": action,
                "outcome_side": (side == "yes") == (action == "buy") ? "yes" : "no",
                "book_side": (side == "yes") == (action == "buy") ? "bid" : "ask",
                "type": "limit", "status": status,
                "yes_price_dollars": dollars(yesPrice), "no_price_dollars": dollars(1 - yesPrice),
                "fill_count_fp": count(filledCount), "remaining_count_fp": count(remainingCount),
                "initial_count_fp": count(initialCount),
                "taker_fill_cost_dollars": dollars(takerFillCost), "maker_fill_cost_dollars": dollars(makerFillCost),
                "taker_fees_dollars": dollars(takerFees), "maker_fees_dollars": dollars(makerFees),
                "created_time": iso(createdMs), "last_update_time": iso(updatedMs),
                "cancel_order_on_pause": false, "exchange_index": 0, "subaccount_number": 0,
            ]
            object["expiration_time"] = expirationSeconds.map { iso($0 * 1000) } ?? NSNull()
            object["self_trade_prevention_type"] = selfTradePrevention ?? NSNull()
            object["order_group_id"] = NSNull()
            return object
        }
    }

    /// One execution.
    public struct Fill: Sendable {
        public var fillId: String
        public var orderId: String
        public var clientOrderId: String
        public var ticker: String
        public var side: String
        public var action: String
        public var count: Decimal
        /// YES price of the execution.
        public var yesPrice: Decimal
        public var fee: Decimal
        public var taker: Bool
        public var createdMs: Int64

        var json: [String: Any] {
            [
                "fill_id": fillId, "trade_id": fillId, "order_id": orderId, "client_order_id": clientOrderId,
                "ticker": ticker, "market_ticker": ticker, "side": side, "action": action,
                "outcome_side": (side == "yes") == (action == "buy") ? "yes" : "no",
                "book_side": (side == "yes") == (action == "buy") ? "bid" : "ask",
                "count_fp": KalshiEmulatorModel.count(count), "yes_price_dollars": dollars(yesPrice),
                "no_price_dollars": dollars(1 - yesPrice), "is_taker": taker, "fee_cost": dollars(fee),
                "created_time": iso(createdMs), "ts": createdMs / 1000, "exchange_index": 0,
            ]
        }
    }

    /// A market position: signed contracts (negative = NO) and the cost of the position held.
    public struct Position: Sendable {
        public var ticker: String
        public var position: Decimal
        public var exposure: Decimal
        public var totalTraded: Decimal
        public var realizedPnl: Decimal = 0
        public var feesPaid: Decimal = 0
        public var updatedMs: Int64

        public init(ticker: String, position: Decimal, exposure: Decimal, totalTraded: Decimal, updatedMs: Int64 = 0) {
            self.ticker = ticker
            self.position = position
            self.exposure = exposure
            self.totalTraded = totalTraded
            self.updatedMs = updatedMs
        }

        var json: [String: Any] {
            [
                "ticker": ticker, "exchange_index": 0, "total_traded_dollars": dollars(totalTraded),
                "position_fp": count(position), "market_exposure_dollars": dollars(exposure),
                "realized_pnl_dollars": dollars(realizedPnl), "fees_paid_dollars": dollars(feesPaid),
                "last_updated_ts": iso(updatedMs),
            ]
        }
    }

    // MARK: Formatting

    static func rounded(_ value: Decimal, _ scale: Int) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, .plain)
        return output
    }

    static func fixed(_ value: Decimal, _ places: Int) -> String {
        var text = "\(rounded(value, places))"
        if text == "-0" { text = "0" }
        if places > 0 {
            if !text.contains(".") { text += "." }
            let have = text.count - (text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? 0) - 1
            if have < places { text += String(repeating: "0", count: places - have) }
        }
        return text
    }

    /// Dollars with 4 decimals ("0.5600").
    public static func dollars(_ value: Decimal) -> String { fixed(value, 4) }
    /// Counts with 2 decimals ("10.00").
    public static func count(_ value: Decimal) -> String { fixed(value, 2) }

    /// RFC 3339 with milliseconds.
    public static func iso(_ ms: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

private func dollars(_ value: Decimal) -> String { KalshiEmulatorModel.dollars(value) }
private func count(_ value: Decimal) -> String { KalshiEmulatorModel.count(value) }
private func iso(_ ms: Int64) -> String { KalshiEmulatorModel.iso(ms) }
