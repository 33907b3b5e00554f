#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The state machine of one order: what was asked, what the venue said, and how much has filled.
///
/// A value type with mutating methods, one per event. Each method returns an ``OrderTransition`` and
/// never throws: contradictory events (a cancel for a filled order, an overfill, a fill on a rejected
/// order) are refused and leave the record untouched, so the caller can log them and carry on.
///
/// ## Fills and venue snapshots
/// Fill quantities reach the gateway two ways: individual executions with a trade id
/// (``fill(tradeId:quantity:price:fee:)``) and absolute snapshots of the order
/// (``venueReport(state:filled:avgPrice:fee:)``). Both describe the same cumulative truth and may
/// arrive in any order, so the record keeps them apart and ``filledQuantity`` is the larger of the two:
/// a snapshot never makes the filled quantity go down, and a fill already covered by an earlier snapshot
/// does not count twice. Trade ids are remembered, so a redelivered fill is ignored.
///
/// To feed a ``PositionTracker``, compare ``filledQuantity`` and ``filledNotional`` before and after an
/// event: the increase is what newly executed.
///
/// - Important: Late fills on a cancelled or expired order are accepted (without changing the state):
///   they executed before the cancel took effect, and dropping them would lose a position.
public struct OrderRecord: Sendable, Hashable, Codable {
    /// The order as routed.
    public let order: CanonicalOrder
    /// The gateway's id for the order, reported to the relay as `order_id` and used by `cancel` commands.
    public let gatewayOrderId: String
    /// The venue's id for the order, once acknowledged.
    public private(set) var venueOrderId: String?
    /// Where the order is in its life.
    public private(set) var state: OrderState
    /// The trade ids of every fill applied, in the order they were applied.
    public private(set) var appliedTradeIds: [String]
    /// Why the order was rejected, when ``state`` is ``OrderState/rejected``.
    public private(set) var rejectReason: String?
    /// When the order was created, in unix milliseconds (as given by the caller; the core has no clock).
    public var createdAt: Int64
    /// When the record last changed, in unix milliseconds. ``OrderBook`` maintains it.
    public var updatedAt: Int64

    private var fillsQuantity: Decimal = 0
    private var fillsNotional: Decimal = 0
    private var fillsFees: Decimal = 0
    private var reportedFilled: Decimal = 0
    private var reportedAveragePrice: Decimal?
    private var reportedFees: Decimal?

    /// Creates the record of an order that has not been sent yet (state ``OrderState/new``).
    /// - Parameters:
    ///   - order: The order.
    ///   - gatewayOrderId: The gateway's id for it.
    ///   - createdAt: Creation time in unix milliseconds.
    public init(order: CanonicalOrder, gatewayOrderId: String, createdAt: Int64 = 0) {
        self.order = order
        self.gatewayOrderId = gatewayOrderId
        self.venueOrderId = nil
        self.state = .new
        self.appliedTradeIds = []
        self.rejectReason = nil
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// The client order id (the ``OrderBook`` key).
    public var clientOrderId: String { order.clientOrderId }

    /// How much has executed: the larger of the sum of applied fills and the venue's latest snapshot.
    public var filledQuantity: Decimal { max(fillsQuantity, reportedFilled) }

    /// How much is still unfilled (zero once filled; not reduced by a cancel).
    public var remainingQuantity: Decimal { max(order.quantity - filledQuantity, 0) }

    /// The quantity-weighted average execution price, or `nil` if nothing filled (or the venue reported
    /// a filled quantity without a price).
    public var averageFillPrice: Decimal? {
        if snapshotLeads { return reportedAveragePrice }
        return fillsQuantity > 0 ? fillsNotional / fillsQuantity : nil
    }

    /// Total fees for the executed quantity (negative for a net rebate).
    public var fees: Decimal {
        if snapshotLeads, let reported = reportedFees { return reported }
        return fillsFees
    }

    /// ``filledQuantity`` × ``averageFillPrice`` (zero when the price is unknown).
    public var filledNotional: Decimal {
        if snapshotLeads { return reportedFilled * (reportedAveragePrice ?? 0) }
        return fillsNotional
    }

    /// Whether the venue's snapshot knows of more executed quantity than the individual fills.
    private var snapshotLeads: Bool { reportedFilled > fillsQuantity }

    // MARK: Events

    /// Applies any event; the same as calling the matching method.
    /// - Returns: What the event did.
    @discardableResult
    public mutating func apply(_ event: OrderEvent) -> OrderTransition {
        switch event {
        case .submitted(let venueOrderId): submitted(venueOrderId: venueOrderId)
        case .fill(let tradeId, let quantity, let price, let fee):
            fill(tradeId: tradeId, quantity: quantity, price: price, fee: fee)
        case .venueReport(let state, let filled, let avgPrice, let fee):
            venueReport(state: state, filled: filled, avgPrice: avgPrice, fee: fee)
        case .cancelled: cancelled()
        case .rejected(let reason): rejected(reason)
        case .expired: expired()
        }
    }

    /// The venue acknowledged the order: ``OrderState/new`` moves to ``OrderState/submitted``.
    ///
    /// An acknowledgement that arrives after fills or a final state (common when a stream is faster than
    /// the REST response) only records the venue order id. Repeats are ``OrderTransition/unchanged``.
    /// - Parameter venueOrderId: The venue's id for the order; `nil` or empty if the venue gave none.
    /// - Returns: ``OrderTransition/refused(_:)`` if the record already has a different venue order id.
    @discardableResult
    public mutating func submitted(venueOrderId: String?) -> OrderTransition {
        let before = self
        let id = venueOrderId.flatMap { $0.isEmpty ? nil : $0 }
        if let id, let known = self.venueOrderId, known != id {
            return refuse("acknowledgement", "it already has venue order id \"\(known)\", the venue now says \"\(id)\"")
        }
        if let id { self.venueOrderId = id }
        if state == .new { state = .submitted }
        return outcome(since: before)
    }

    /// One execution of part of the order.
    ///
    /// A trade id seen before is ignored (``OrderTransition/unchanged``). Otherwise the fill is refused if
    /// the quantity is not positive, the price negative, any number NaN, the order rejected, or the fills
    /// would add up to more than the order's quantity. An open order becomes ``OrderState/partiallyFilled``
    /// or, when complete, ``OrderState/filled``.
    /// - Parameters:
    ///   - tradeId: The venue's id of the execution (the de-duplication key).
    ///   - quantity: Executed quantity, > 0.
    ///   - price: Execution price, >= 0.
    ///   - fee: Fee charged for this execution (negative for a rebate).
    /// - Returns: What the fill did.
    @discardableResult
    public mutating func fill(tradeId: String, quantity: Decimal, price: Decimal, fee: Decimal = 0) -> OrderTransition {
        if appliedTradeIds.contains(tradeId) { return .unchanged }
        let what = "fill \"\(tradeId)\""
        if tradeId.isEmpty { return refuse(what, "the trade id is empty") }
        if quantity.isNaN || quantity <= 0 { return refuse(what, "quantity must be greater than 0, got \(quantity)") }
        if price.isNaN || price < 0 { return refuse(what, "price must not be negative or NaN, got \(price)") }
        if fee.isNaN { return refuse(what, "fee is NaN") }
        if state == .rejected { return refuse(what, "the order was rejected") }
        let total = fillsQuantity + quantity
        if total > order.quantity {
            return refuse(what, "overfill: fills would total \(total) of an order for \(order.quantity)")
        }
        let before = self
        appliedTradeIds.append(tradeId)
        fillsQuantity = total
        fillsNotional += quantity * price
        fillsFees += fee
        if !state.isTerminal { state = Self.workingState(filled: filledQuantity, of: order.quantity, else: state) }
        return outcome(since: before)
    }

    /// An absolute snapshot of the order from the venue (a query reply or a stream update).
    ///
    /// Applied monotonically: a snapshot with less filled than already known is stale and its numbers are
    /// ignored; a non-terminal state behind the current one is ignored too. A `filled` quantity that makes
    /// the order complete moves it to ``OrderState/filled`` whatever working state was reported. A
    /// snapshot may move the order only along ``OrderState/canMove(to:)``; from a terminal state only the
    /// same state is accepted (possibly with more filled, reconciling fills that raced a cancel). A
    /// terminal state is taken as reported, even `filled` with less than the full quantity (the venue is
    /// the authority on its order; an order stuck "open" forever is the worse failure).
    /// - Parameters:
    ///   - state: The state the venue reports.
    ///   - filled: The cumulative executed quantity the venue reports.
    ///   - avgPrice: The venue's average execution price, if it gives one.
    ///   - fee: The venue's cumulative fee for the order, if it gives one.
    /// - Returns: ``OrderTransition/refused(_:)`` for an overfill, fills on a rejected order, or a state
    ///   the order cannot move to.
    @discardableResult
    public mutating func venueReport(state reported: OrderState, filled: Decimal, avgPrice: Decimal?,
                                     fee: Decimal? = nil) -> OrderTransition {
        let what = "venue report (\(reported.rawValue), filled \(filled))"
        if filled.isNaN || filled < 0 { return refuse(what, "filled quantity must not be negative or NaN") }
        if filled > order.quantity { return refuse(what, "overfill: the order is for \(order.quantity)") }
        if let price = avgPrice, price.isNaN || price < 0 {
            return refuse(what, "average price must not be negative or NaN, got \(price)")
        }
        if let fee, fee.isNaN { return refuse(what, "fee is NaN") }
        let newFilled = max(filledQuantity, filled)
        if reported == .rejected, newFilled > 0 {
            return refuse(what, "a rejected order cannot have filled \(newFilled)")
        }
        // A working state is re-derived from the quantity (a "partially filled" report with nothing filled
        // is just an open order); a terminal state is taken as reported.
        let target = reported.isTerminal
            ? reported
            : Self.workingState(filled: newFilled, of: order.quantity,
                                else: reported == .partiallyFilled ? .submitted : reported)

        let before = self
        if state.isTerminal || target.isTerminal {
            guard target == state || state.canMove(to: target) else {
                return refuse(what, "a \(state.rawValue) order cannot become \(target.rawValue)")
            }
            state = target
        } else if target.progress > state.progress {
            state = target
        }
        if filled >= reportedFilled, filled > 0 {
            reportedFilled = filled
            if let avgPrice { reportedAveragePrice = avgPrice }
            if let fee { reportedFees = fee }
        }
        return outcome(since: before)
    }

    /// The order was cancelled (by the gateway, the user or the venue). Works from any non-terminal state;
    /// a repeat is ``OrderTransition/unchanged``; any other terminal state refuses.
    @discardableResult
    public mutating func cancelled() -> OrderTransition {
        finish(.cancelled, what: "cancel")
    }

    /// The order was expired by the venue (GTD expiry, IOC/FOK remainder). Works from any non-terminal
    /// state; a repeat is ``OrderTransition/unchanged``; any other terminal state refuses.
    @discardableResult
    public mutating func expired() -> OrderTransition {
        finish(.expired, what: "expiry")
    }

    /// The venue (or the gateway's own checks) refused the order.
    ///
    /// Only an order with nothing filled can be rejected (``OrderState/new`` or ``OrderState/submitted``);
    /// a repeat is ``OrderTransition/unchanged`` and keeps the first reason.
    /// - Parameter reason: The venue's or the gateway's explanation, reported to the relay.
    @discardableResult
    public mutating func rejected(_ reason: String) -> OrderTransition {
        if state == .rejected { return .unchanged }
        if filledQuantity > 0 { return refuse("rejection", "it has already filled \(filledQuantity)") }
        let before = self
        guard state.canMove(to: .rejected) else {
            return refuse("rejection", "a \(state.rawValue) order cannot become rejected")
        }
        state = .rejected
        rejectReason = reason
        return outcome(since: before)
    }

    // MARK: Helpers

    private mutating func finish(_ final: OrderState, what: String) -> OrderTransition {
        if state == final { return .unchanged }
        guard state.canMove(to: final) else {
            return refuse(what, "a \(state.rawValue) order cannot become \(final.rawValue)")
        }
        let before = state
        state = final
        return .changed(from: before, to: final)
    }

    /// The working state implied by a filled quantity: filled when complete, partially filled when
    /// something filled, otherwise `fallback`.
    private static func workingState(filled: Decimal, of quantity: Decimal, else fallback: OrderState) -> OrderState {
        if filled >= quantity { return .filled }
        if filled > 0 { return .partiallyFilled }
        return fallback
    }

    /// Everything a caller can see; a change in hidden bookkeeping alone (a snapshot confirming what the
    /// fills already said) is not reported as a change.
    private struct Observable: Equatable {
        var state: OrderState
        var venueOrderId: String?
        var filledQuantity: Decimal
        var averageFillPrice: Decimal?
        var fees: Decimal
        var appliedTradeIds: [String]
        var rejectReason: String?
    }

    private var observable: Observable {
        Observable(state: state, venueOrderId: venueOrderId, filledQuantity: filledQuantity,
                   averageFillPrice: averageFillPrice, fees: fees, appliedTradeIds: appliedTradeIds,
                   rejectReason: rejectReason)
    }

    private func outcome(since before: OrderRecord) -> OrderTransition {
        observable == before.observable ? .unchanged : .changed(from: before.state, to: state)
    }

    private func refuse(_ what: String, _ why: String) -> OrderTransition {
        .refused("order \"\(order.clientOrderId)\" (\(order.venue):\(order.market)): \(what) refused: \(why)")
    }
}
