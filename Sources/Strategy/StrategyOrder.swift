import Foundation
import GatewayCore

/// An order a rule produced: already in the canonical vocabulary (an explicit ``Side`` and, on binary
/// venues, an ``Outcome``), so a buy can never be reinterpreted as a sell downstream.
public struct StrategyOrder: Sendable, Equatable {
    /// `auto-<rule>-<epoch ms>-<n>` (arbitrage legs: `auto-<rule>-buy-…`/`-sell-…`); the router derives
    /// the client order id from it.
    public var commandId: String
    public var rule: String
    public var signalId: String
    public var market: MarketId
    public var side: Side
    public var outcome: Outcome?
    public var type: OrderType
    public var quantity: Decimal
    public var limitPrice: Decimal?
    /// The price the signal quoted (payload `current_price`, …), used to value market orders for risk.
    public var referencePrice: Decimal?
    /// Built but not to be sent (engine or rule dry run).
    public var dryRun: Bool

    /// The relay-protocol `side` for ``RelayTradeMapping`` (`yes`/`no` on binary venues, else `buy`/`sell`).
    public var relaySide: String { outcome?.rawValue ?? side.rawValue }
    /// The relay-protocol `action`: the side itself, so the mapping table gives back exactly ``side``.
    public var relayAction: String { side.rawValue }

    /// The price risk values this order at: the limit price, else the signal's price, else 1 for a
    /// binary contract (its most it can cost); nil when unknown.
    public var valuationPrice: Decimal? { limitPrice ?? referencePrice ?? (outcome != nil ? 1 : nil) }
}

/// Builds orders from a matched rule and a signal (reference §6.3 step 8, with the fixes in §12.13).
public enum OrderBuilder {
    /// Venues whose markets are binary (YES/NO contracts).
    public static let binaryVenues: Set<String> = ["kalshi", "polymarket"]
    /// Payload keys tried for a base price, in order.
    public static let priceKeys = ["current_price", "trigger_price", "price", "yes_price", "last_price"]

    public enum BuildResult: Sendable, Equatable {
        case order(StrategyOrder)
        case skipped(reason: String)
    }

    /// The first parseable base price of the payload.
    public static func basePrice(_ payload: StrategyJSON) -> Decimal? {
        for key in priceKeys { if let value = payload[key]?.decimal, value > 0 { return value } }
        return nil
    }

    /// The direction (and outcome) of a rule's order for a signal on `venue`, or why there is none.
    public static func direction(_ choice: RuleAction.SideChoice, signal: SignalDirection?, venue: String)
        -> Result<(Side, GatewayCore.Outcome?), SkipReason> {
        let binary = binaryVenues.contains(venue)
        switch choice {
        case .yes: return binary ? .success((.buy, .yes)) : .failure(SkipReason("side 'yes' needs a binary venue, not \(venue)"))
        case .no: return binary ? .success((.buy, .no)) : .failure(SkipReason("side 'no' needs a binary venue, not \(venue)"))
        case .buy, .sell:
            if binary { return .failure(SkipReason("side '\(choice.rawValue)' on \(venue) needs an outcome: use yes, no or from_signal")) }
            return .success((choice == .buy ? .buy : .sell, nil))
        case .fromSignal:
            switch signal {
            case .long?, .above?: return .success(binary ? (.buy, .yes) : (.buy, nil))
            case .short?, .below?: return .success(binary ? (.buy, .no) : (.sell, nil))
            case .neutral?, .cross?, nil:
                return .failure(SkipReason("from_signal needs a long/short/above/below direction, signal has \(signal?.rawValue ?? "none")"))
            }
        }
    }

    public struct SkipReason: Error, Sendable, Equatable { public var message: String; init(_ m: String) { message = m } }

    /// Builds the order, or says why none (a limit rule with no price to start from is skipped rather
    /// than sent without a price; a binary price outside (0, 1) is skipped).
    public static func build(rule: StrategyRule, signal: Signal, market: MarketId, commandId: String, dryRun: Bool) -> BuildResult {
        let side: Side, outcome: GatewayCore.Outcome?
        switch direction(rule.action.side, signal: signal.direction, venue: market.venue) {
        case .success(let pair): (side, outcome) = pair
        case .failure(let reason): return .skipped(reason: reason.message)
        }
        let base = basePrice(signal.payload)
        var limit: Decimal?
        if rule.action.orderType == .limit {
            guard let base else { return .skipped(reason: "limit rule '\(rule.name)' found no price in the signal payload (\(priceKeys.joined(separator: ", ")))") }
            var price = base
            // × (1 + bps/10 000), with the division done as an exponent shift (exact and much cheaper).
            if let bps = rule.action.limitPriceOffsetBps { price = base + base * bps.scaled(byPowerOfTen: -4) }
            if binaryVenues.contains(market.venue) {
                price = rounded(price, scale: 2)
                if price <= 0 || price >= 1 { return .skipped(reason: "limit price \(price) is outside (0, 1) for a binary market") }
            } else {
                price = rounded(price, scale: 8)
            }
            limit = price
        }
        return .order(StrategyOrder(commandId: commandId, rule: rule.name, signalId: signal.id, market: market, side: side,
                                    outcome: outcome, type: rule.action.orderType, quantity: rule.action.size, limitPrice: limit,
                                    referencePrice: base, dryRun: dryRun))
    }

    /// Half-up rounding to `scale` decimal places.
    static func rounded(_ value: Decimal, scale: Int) -> Decimal {
        var input = value, output = Decimal()
        NSDecimalRound(&output, &input, scale, .plain)
        return output
    }
}

extension Decimal {
    /// `self × 10^power`, exactly, by moving the exponent.
    func scaled(byPowerOfTen power: Int) -> Decimal {
        Decimal(sign: sign, exponent: exponent + power, significand: significand)
    }
}
