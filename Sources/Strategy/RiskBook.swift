import Foundation
import GatewayCore

/// One order as the risk limits see it.
public struct RiskOrder: Sendable, Equatable {
    /// Unique per order (the client order id): the reservation's key.
    public var id: String
    public var venue: String
    public var market: String
    public var outcome: Outcome?
    public var side: Side
    public var quantity: Decimal
    /// The price to value the order at (limit price, signal price, 1 for a binary contract); nil if unknown.
    public var price: Decimal?
    public var reduceOnly: Bool
    /// A relay (manual) command rather than a strategy order.
    public var manual: Bool

    public init(id: String, venue: String, market: String, outcome: Outcome? = nil, side: Side, quantity: Decimal,
                price: Decimal?, reduceOnly: Bool = false, manual: Bool = false) {
        self.id = id
        self.venue = venue
        self.market = market
        self.outcome = outcome
        self.side = side
        self.quantity = quantity
        self.price = price
        self.reduceOnly = reduceOnly
        self.manual = manual
    }

    var key: PositionKey { PositionKey(venue: venue, market: market, outcome: outcome) }
    var marketKey: String { "\(venue):\(market)" }
    var signedQuantity: Decimal { side == .buy ? quantity : -quantity }
}

/// Which limit refused an order; the raw value is the code reported to the relay.
public enum RiskCheck: String, Sendable, Equatable, CaseIterable {
    case killSwitch = "kill_switch_engaged"
    case dailyLoss = "daily_loss_limit_reached"
    case drawdown = "max_drawdown_reached"
    case rateLimit = "rate_limit_exceeded"
    case cooldown = "cooldown_active"
    case notional = "max_notional_exceeded"
    case position = "max_position_exceeded"
    case exposure = "max_exposure_exceeded"
    case priceUnknown = "price_unknown"
}

/// A refusal: the check and a sentence naming the numbers.
public struct RiskRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public var check: RiskCheck
    public var message: String
    public var description: String { "\(check.rawValue): \(message)" }
}

/// The risk limits as a state machine with **reservations**: ``reserve(_:now:)`` checks every limit
/// and, if the order passes, immediately counts it (rate window, cooldown, position, exposure) before
/// anything is sent. Concurrent signals therefore cannot all pass a limit that only one of them fits
/// (the reference recorded trades only after execution). ``settle(_:filled:averagePrice:open:)``
/// turns a reservation into position once the venue answered; an order that filled nothing and is
/// no longer open releases everything it reserved, including its rate-limit slot and cooldown.
///
/// Checks, first failure wins: kill switch, daily realized-loss breaker, drawdown breaker (these two
/// latch: daily loss until the next UTC day, drawdown until ``resetBreakers()``), trades per minute,
/// per-market cooldown, notional per order, position per market and side, total exposure. A
/// reduce-only order skips the position, exposure and notional checks (it can only lower them).
/// Manual orders skip the limits too when `apply_to_manual_trades` is false (never the kill switch or
/// the breakers). Pure value type: the owner (an actor) serialises access.
public struct RiskBook: Sendable {
    struct Reservation: Sendable {
        var order: RiskOrder
        var at: Date
        /// Quantity still reserved (unfilled and possibly fillable).
        var remaining: Decimal
        var settledOnce = false
    }

    struct Holding: Sendable, Equatable {
        var size: Decimal
        var price: Decimal
    }

    public private(set) var limits: RiskLimits
    private var holdings: [PositionKey: Holding] = [:]
    private var reservations: [String: Reservation] = [:] {
        didSet { reservedTotalsStale = true }
    }
    /// Signed reserved quantity per key and reserved notional, recomputed lazily (not per check).
    private var reservedByKey: [PositionKey: Decimal] = [:]
    private var reservedNotional: Decimal = 0
    private var reservedTotalsStale = false
    private var tradeTimes: [(id: String, at: Date)] = []
    /// Recent trades per market (newest last, a few kept) so a released order restores the previous cooldown.
    private var lastTrades: [String: [(id: String, at: Date)]] = [:]
    private var realizedPnl: Decimal = 0
    private var unrealizedPnl: Decimal = 0
    private var dayStart: (day: Int, realized: Decimal)?
    private var peakEquity: Decimal = 0
    private var dailyLossTrippedDay: Int?
    private var drawdownTripped = false

    public init(limits: RiskLimits) { self.limits = limits }

    /// New limits (hot reload); reservations and history are kept.
    public mutating func update(limits: RiskLimits) { self.limits = limits }

    /// Engages or releases the kill switch.
    public mutating func setKillSwitch(_ engaged: Bool) { limits.killSwitch = engaged }

    /// Clears the latched drawdown breaker (and today's loss breaker) after a human looked at it.
    public mutating func resetBreakers() {
        drawdownTripped = false
        dailyLossTrippedDay = nil
        peakEquity = realizedPnl + unrealizedPnl
    }

    /// Orders currently holding a reservation.
    public var reservationCount: Int { reservations.count }

    /// The circuit breakers' state of the day, as the journal keeps it across restarts: the realized P&L
    /// the UTC day started from, whether the daily-loss breaker tripped today, the equity peak and the
    /// drawdown latch. Without it a restart would forget a tripped breaker and the day's losses.
    public struct DayState: Sendable, Equatable {
        /// Days since the Unix epoch (UTC).
        public var day: Int
        public var dayStartRealized: Decimal
        public var dailyLossTripped: Bool
        public var peakEquity: Decimal
        public var drawdownTripped: Bool

        public init(day: Int, dayStartRealized: Decimal, dailyLossTripped: Bool, peakEquity: Decimal, drawdownTripped: Bool) {
            self.day = day
            self.dayStartRealized = dayStartRealized
            self.dailyLossTripped = dailyLossTripped
            self.peakEquity = peakEquity
            self.drawdownTripped = drawdownTripped
        }

        /// As named counters (the journal's `risk_counters` rows for `day`).
        public var counters: [String: Decimal] {
            ["day_start_realized_pnl": dayStartRealized, "daily_loss_tripped": dailyLossTripped ? 1 : 0,
             "peak_equity": peakEquity, "drawdown_tripped": drawdownTripped ? 1 : 0]
        }

        /// From the journal's counters of `day`; nil when that day has none.
        public init?(day: Int, counters: [String: Decimal]) {
            guard let start = counters["day_start_realized_pnl"] else { return nil }
            self.init(day: day, dayStartRealized: start, dailyLossTripped: (counters["daily_loss_tripped"] ?? 0) != 0,
                      peakEquity: counters["peak_equity"] ?? 0, drawdownTripped: (counters["drawdown_tripped"] ?? 0) != 0)
        }
    }

    /// The breakers' state now (nil before the first P&L update of the day).
    public var dayState: DayState? {
        guard let start = dayStart else { return nil }
        return DayState(day: start.day, dayStartRealized: start.realized, dailyLossTripped: dailyLossTrippedDay == start.day,
                        peakEquity: peakEquity, drawdownTripped: drawdownTripped)
    }

    /// Takes back the breakers' state saved earlier the same day (at start-up, before any order).
    public mutating func restore(_ state: DayState) {
        dayStart = (state.day, state.dayStartRealized)
        dailyLossTrippedDay = state.dailyLossTripped ? state.day : nil
        peakEquity = max(peakEquity, state.peakEquity)
        drawdownTripped = drawdownTripped || state.drawdownTripped
    }

    /// The UTC day number of `date`, as ``DayState/day`` counts.
    public static func day(of date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// Which breaker, if any, stops trading now.
    public var trippedBreaker: RiskCheck? {
        if limits.killSwitch { return .killSwitch }
        if dailyLossTrippedDay != nil { return .dailyLoss }
        if drawdownTripped { return .drawdown }
        return nil
    }

    // MARK: Reserving

    /// Checks every limit and, when all pass, reserves the order's share of them.
    public mutating func reserve(_ order: RiskOrder, now: Date) -> Result<Void, RiskRejection> {
        prune(now)
        refreshReservedTotals()
        rollDay(now)
        func reject(_ check: RiskCheck, _ message: String) -> Result<Void, RiskRejection> {
            .failure(RiskRejection(check: check, message: message))
        }
        if limits.killSwitch { return reject(.killSwitch, "the kill switch is engaged; every order is refused") }
        if dailyLossTrippedDay != nil, let limit = limits.maxDailyLossUsd {
            return reject(.dailyLoss, "realized loss today reached the daily limit \(limit) USD; trading resumes next UTC day")
        }
        if drawdownTripped, let limit = limits.maxDrawdownUsd {
            return reject(.drawdown, "equity fell \(limit) USD or more below its peak; reset the breaker to trade again")
        }
        if reservations[order.id] != nil { return reject(.rateLimit, "order \(order.id) already holds a reservation") }
        let exempt = order.manual && !limits.applyToManualTrades
        if !exempt {
            if tradeTimes.count >= limits.maxTradesPerMinute {
                return reject(.rateLimit, "\(tradeTimes.count) trades in the last 60 s (limit \(limits.maxTradesPerMinute)/min)")
            }
            if let last = lastTrades[order.marketKey]?.last, limits.marketCooldownSeconds > 0,
               now.timeIntervalSince(last.at) < TimeInterval(limits.marketCooldownSeconds) {
                let left = TimeInterval(limits.marketCooldownSeconds) - now.timeIntervalSince(last.at)
                return reject(.cooldown, "\(order.marketKey) traded \(Int(now.timeIntervalSince(last.at))) s ago; cooldown \(limits.marketCooldownSeconds) s (\(Int(left.rounded(.up))) s left)")
            }
            let held = (holdings[order.key]?.size ?? 0) + reserved(on: order.key)
            let projected = held + order.signedQuantity
            let increases = abs(projected) > abs(held)
            if !order.reduceOnly && increases {
                let needsPrice = limits.maxNotionalPerOrderUsd != nil || limits.maxTotalExposureUsd != nil
                let price = order.price ?? holdings[order.key]?.price
                if needsPrice && price == nil {
                    return reject(.priceUnknown, "no price to value \(order.quantity) of \(order.marketKey); send a limit order")
                }
                if let limit = limits.maxNotionalPerOrderUsd, let price, order.quantity * price > limit {
                    return reject(.notional, "order notional \(order.quantity * price) USD exceeds \(limit) USD")
                }
                if let limit = limits.maxPositionSizePerMarket, abs(projected) > limit {
                    return reject(.position, "\(order.key) would hold \(abs(projected)) (now \(abs(held)) incl. pending); limit \(limit)")
                }
                if let limit = limits.maxTotalExposureUsd, let price {
                    let total = holdingsExposure + reservedNotional + order.quantity * price
                    if total > limit { return reject(.exposure, "total exposure would be \(total) USD; limit \(limit) USD") }
                }
            }
        }
        reservations[order.id] = Reservation(order: order, at: now, remaining: order.quantity)
        // Keep the totals current without a full recount (the didSet marked them stale).
        reservedByKey[order.key, default: 0] += order.signedQuantity
        reservedNotional += order.quantity * (order.price ?? holdings[order.key]?.price ?? 0)
        reservedTotalsStale = false
        tradeTimes.append((order.id, now))
        lastTrades[order.marketKey, default: []].append((order.id, now))
        if lastTrades[order.marketKey]!.count > 4 { lastTrades[order.marketKey]!.removeFirst() }
        return .success(())
    }

    /// Releases a reservation whose order was never sent or was refused (no fill).
    public mutating func release(_ id: String) {
        settle(id, filled: 0, averagePrice: nil, open: false)
    }

    /// Applies the venue's answer: `filled` moves from reserved to held at `averagePrice`; an order still
    /// `open` keeps the unfilled remainder reserved; an order that filled nothing and is closed gives
    /// back its rate-limit slot and cooldown too.
    public mutating func settle(_ id: String, filled: Decimal, averagePrice: Decimal?, open: Bool) {
        guard var reservation = reservations[id] else { return }
        let newlyFilled = max(0, min(filled - (reservation.order.quantity - reservation.remaining), reservation.remaining))
        if newlyFilled > 0 {
            let key = reservation.order.key
            var holding = holdings[key] ?? Holding(size: 0, price: averagePrice ?? reservation.order.price ?? 0)
            holding.size += reservation.order.side == .buy ? newlyFilled : -newlyFilled
            if let averagePrice { holding.price = averagePrice }
            holdings[key] = holding
            reservation.remaining -= newlyFilled
        }
        if open && reservation.remaining > 0 {
            reservation.settledOnce = true
            reservations[id] = reservation
            return
        }
        reservations[id] = nil
        if filled == 0 {
            tradeTimes.removeAll { $0.id == id }
            lastTrades[reservation.order.marketKey]?.removeAll { $0.id == id }
        }
    }

    // MARK: Positions and P&L

    /// Replaces the held positions with the router's (authoritative) view and updates P&L for the
    /// breakers. `open` lists the orders still open; reservations of settled orders not in it are dropped.
    public mutating func sync(positions: [Position], openOrderIds: Set<String>? = nil, now: Date) {
        holdings = [:]
        var realized: Decimal = 0, unrealized: Decimal = 0
        for position in positions {
            realized += position.realizedPnl
            unrealized += position.unrealizedPnl ?? 0
            if !position.isFlat {
                holdings[position.key] = Holding(size: position.size, price: position.markPrice ?? position.averageEntryPrice)
            }
        }
        if let openOrderIds {
            for (id, reservation) in reservations where reservation.settledOnce && !openOrderIds.contains(id) { reservations[id] = nil }
        }
        updatePnl(realized: realized, unrealized: unrealized, now: now)
    }

    /// Feeds the breakers: realized P&L (cumulative, net of fees) and unrealized P&L.
    public mutating func updatePnl(realized: Decimal, unrealized: Decimal, now: Date) {
        realizedPnl = realized
        unrealizedPnl = unrealized
        rollDay(now)
        let equity = realized + unrealized
        peakEquity = max(peakEquity, equity)
        if let limit = limits.maxDailyLossUsd, let start = dayStart, start.realized - realized >= limit {
            dailyLossTrippedDay = start.day
        }
        if let limit = limits.maxDrawdownUsd, peakEquity - equity >= limit { drawdownTripped = true }
    }

    /// Total exposure: every holding at its mark (or entry) price plus every reservation at its order price.
    public var exposure: Decimal {
        var total = holdingsExposure
        for reservation in reservations.values { total += reservation.remaining * (reservation.order.price ?? holdings[reservation.order.key]?.price ?? 0) }
        return total
    }

    private var holdingsExposure: Decimal {
        var total: Decimal = 0
        for holding in holdings.values { total += abs(holding.size) * holding.price }
        return total
    }

    private func reserved(on key: PositionKey) -> Decimal { reservedByKey[key] ?? 0 }

    /// Recounts the reserved totals after reservations were settled or dropped.
    private mutating func refreshReservedTotals() {
        guard reservedTotalsStale else { return }
        reservedByKey = [:]
        reservedNotional = 0
        for reservation in reservations.values {
            let order = reservation.order
            reservedByKey[order.key, default: 0] += order.side == .buy ? reservation.remaining : -reservation.remaining
            reservedNotional += reservation.remaining * (order.price ?? holdings[order.key]?.price ?? 0)
        }
        reservedTotalsStale = false
    }

    private mutating func prune(_ now: Date) {
        let cutoff = now.addingTimeInterval(-60)
        if let first = tradeTimes.firstIndex(where: { $0.at > cutoff }) { tradeTimes.removeFirst(first) } else { tradeTimes.removeAll() }
    }

    private mutating func rollDay(_ now: Date) {
        let day = Self.day(of: now)
        if dayStart?.day != day {
            dayStart = (day, realizedPnl)
            if dailyLossTrippedDay != nil && dailyLossTrippedDay != day { dailyLossTrippedDay = nil }
        }
    }
}
