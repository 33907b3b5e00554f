import Foundation
import GatewayCore

/// Plans the two legs of a `cross_venue_arbitrage` signal (ArbitragePayloadV1, reference §6.7).
///
/// Fixes over the reference: legs are canonical orders, so on binary venues the "sell" leg of a
/// directional arbitrage is a **buy of the other outcome** (selling YES you do not hold is not possible;
/// buying NO is the same bet), and super-hedge legs buy `buy_outcome` and `sell_outcome`; limit rules
/// get limit prices from `buy_price`/`sell_price` (for a NO leg bought against a YES quote: 1 − price),
/// and market legs carry those prices for risk valuation.
public enum ArbitragePlanner {
    public static let requiredKeys = ["buy_market_id", "sell_market_id", "buy_venue", "sell_venue"]

    /// Whether a signal takes the arbitrage path (§6.3 step 6).
    public static func isArbitrage(_ signal: Signal) -> Bool {
        guard signal.name == "cross_venue_arbitrage" || signal.type == .crossVenueArbitrage,
              signal.type == .alert || signal.type == .crossVenueArbitrage, case .object = signal.payload else { return false }
        return requiredKeys.allSatisfy { signal.payload[$0] != nil }
    }

    public enum Plan: Sendable, Equatable {
        case legs(StrategyOrder, StrategyOrder)
        case skipped(reason: String)
    }

    /// The two legs, or why none.
    public static func plan(rule: StrategyRule, signal: Signal, now: Date, idPrefix: String, dryRun: Bool) -> Plan {
        let p = signal.payload
        var fields: [String: String] = [:]
        for key in requiredKeys {
            guard let text = p[key]?.string, !text.isEmpty else { return .skipped(reason: "arbitrage payload lacks '\(key)'") }
            fields[key] = text
        }
        if let cutoff = p["signal_cutoff_utc"]?.string.flatMap(ISOTime.parse) {
            if now >= cutoff { return .skipped(reason: "past signal_cutoff_utc") }
        } else if let end = p["window_end_utc"]?.string.flatMap(ISOTime.parse), now >= end.addingTimeInterval(-15) {
            return .skipped(reason: "within 15 s of window_end_utc")
        }
        let buyMarket = MarketId(venue: fields["buy_venue"]!, native: fields["buy_market_id"]!)
        let sellMarket = MarketId(venue: fields["sell_venue"]!, native: fields["sell_market_id"]!)
        let buyPrice = p["buy_price"]?.decimal, sellPrice = p["sell_price"]?.decimal
        func outcome(_ key: String) -> Outcome? {
            switch p[key]?.string?.lowercased() { case "yes": .yes; case "no": .no; default: nil }
        }
        let superHedge = p["strategy"]?.string == "super_hedge" && outcome("buy_outcome") != nil && outcome("sell_outcome") != nil
        func leg(_ market: MarketId, _ tag: String, buying: Bool, outcomeKey: String, quote: Decimal?) -> StrategyOrder? {
            let binary = OrderBuilder.binaryVenues.contains(market.venue)
            var side: Side = buying ? .buy : .sell
            var legOutcome: Outcome?
            var price = quote
            if binary {
                side = .buy
                if superHedge {
                    legOutcome = outcome(outcomeKey)
                } else {
                    let quoted = outcome(outcomeKey) ?? .yes
                    legOutcome = buying ? quoted : (quoted == .yes ? .no : .yes)
                    if !buying, let q = quote { price = 1 - q }
                }
                if let p = price, p <= 0 || p >= 1 { return nil }
            }
            return StrategyOrder(commandId: "\(idPrefix)-\(tag)", rule: rule.name, signalId: signal.id, market: market, side: side,
                                 outcome: legOutcome, type: rule.action.orderType, quantity: rule.action.size,
                                 limitPrice: rule.action.orderType == .limit ? price : nil, referencePrice: price, dryRun: dryRun)
        }
        if rule.action.orderType == .limit && (buyPrice == nil || sellPrice == nil) {
            return .skipped(reason: "limit arbitrage rule needs buy_price and sell_price in the payload")
        }
        guard let first = leg(buyMarket, "buy", buying: true, outcomeKey: "buy_outcome", quote: buyPrice),
              let second = leg(sellMarket, "sell", buying: superHedge, outcomeKey: "sell_outcome", quote: sellPrice) else {
            return .skipped(reason: "arbitrage price outside (0, 1) for a binary market")
        }
        return .legs(first, second)
    }

    /// The order that undoes a filled first leg: the opposite side, same outcome, reduce-only, market.
    public static func unwind(_ leg: StrategyOrder, filled: Decimal, commandId: String) -> StrategyOrder {
        var order = leg
        order.commandId = commandId
        order.side = leg.side.opposite
        order.quantity = filled
        order.type = .market
        order.limitPrice = nil
        return order
    }
}
