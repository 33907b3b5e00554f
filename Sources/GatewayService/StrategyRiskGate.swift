import Foundation
import GatewayCore
import GatewayEngine
import Strategy

/// The one risk gate shared by relay (manual) commands and strategy orders: a ``RiskBook`` owned by an
/// actor, so every check-and-reserve is one uninterrupted step and concurrent orders cannot overshoot a
/// limit. Manual commands come in through ``evaluate(_:)`` (the relay session's ``RiskGate`` seam);
/// the strategy runner uses ``reserve(_:)`` with the signal's price. Both are settled by
/// ``completed(_:record:router:)`` once the router executed them.
///
/// Refusals use the code `RISK_` + the check in capitals, e.g. `RISK_MAX_POSITION_EXCEEDED`.
public actor StrategyRiskGate: RiskGate {
    private var book: RiskBook
    private let now: @Sendable () -> Date

    public init(limits: RiskLimits, now: @escaping @Sendable () -> Date = { Date() }) {
        self.book = RiskBook(limits: limits)
        self.now = now
    }

    /// A manual (relay) order: valued at its limit price, or 1 per binary contract, else its position's price.
    public func evaluate(_ order: OrderRouter.PreparedOrder) async -> RiskDecision {
        let o = order.order
        let price = o.limitPrice ?? (o.outcome != nil ? 1 : nil)
        return decision(book.reserve(RiskOrder(id: o.clientOrderId, venue: o.venue, market: o.market, outcome: o.outcome, side: o.side,
                                               quantity: o.quantity, price: price, reduceOnly: o.reduceOnly, manual: true), now: now()))
    }

    /// Reserves strategy orders all together (both arbitrage legs, or none).
    public func reserve(_ orders: [(StrategyOrder, OrderRouter.PreparedOrder)]) -> RiskDecision {
        var done: [String] = []
        for (strategy, prepared) in orders {
            let o = prepared.order
            let result = book.reserve(RiskOrder(id: o.clientOrderId, venue: o.venue, market: o.market, outcome: o.outcome, side: o.side,
                                                quantity: o.quantity, price: strategy.valuationPrice, reduceOnly: o.reduceOnly,
                                                manual: false), now: now())
            if case .failure = result {
                for id in done { book.release(id) }
                return decision(result)
            }
            done.append(o.clientOrderId)
        }
        return .allow
    }

    /// Gives back what an order reserved without sending it (dry run, or an aborted second leg).
    public func release(_ order: OrderRouter.PreparedOrder) { book.release(order.order.clientOrderId) }

    public func completed(_ order: OrderRouter.PreparedOrder, record: OrderRecord, router: OrderRouter) async {
        let positions = await router.positions
        let open = Set(await router.openOrders.map(\.clientOrderId))
        // No suspension point from here on: settle and sync are one step.
        book.settle(order.order.clientOrderId, filled: record.filledQuantity, averagePrice: record.averageFillPrice,
                    open: !record.state.isTerminal)
        book.sync(positions: positions, openOrderIds: open, now: now())
    }

    /// Re-reads positions and open orders from the router: drops reservations of resting orders that
    /// have since ended, and feeds the circuit breakers' P&L. `gateway start` calls it every few seconds.
    public func refresh(from router: OrderRouter) async {
        let positions = await router.positions
        let open = Set(await router.openOrders.map(\.clientOrderId))
        book.sync(positions: positions, openOrderIds: open, now: now())
    }

    /// The circuit breakers' state of the day, for the journal.
    public var dayState: RiskBook.DayState? { book.dayState }

    /// Takes back the breakers' state the journal kept for today (call before the first order).
    public func restore(_ state: RiskBook.DayState) { book.restore(state) }

    /// Engages or releases the kill switch.
    public func setKillSwitch(_ engaged: Bool) { book.setKillSwitch(engaged) }
    /// Clears latched circuit breakers.
    public func resetBreakers() { book.resetBreakers() }
    /// New limits (hot reload).
    public func update(limits: RiskLimits) { book.update(limits: limits) }
    /// Orders holding a reservation.
    public var reservationCount: Int { book.reservationCount }
    public var exposure: Decimal { book.exposure }

    private func decision(_ result: Result<Void, RiskRejection>) -> RiskDecision {
        switch result {
        case .success: .allow
        case .failure(let rejection): .reject(code: "RISK_" + rejection.check.rawValue.uppercased(), reason: rejection.message)
        }
    }
}
