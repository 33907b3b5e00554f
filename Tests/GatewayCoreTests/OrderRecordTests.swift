import Foundation
import GatewayCore
import Testing

/// The per-order state machine: legal and illegal transitions, fills, snapshots.
@Suite struct OrderRecordTests {
    static let order = CanonicalOrder(clientOrderId: "gwtest", venue: "kalshi", market: "KX-1", side: .buy,
                                      outcome: .yes, type: .limit, quantity: dec("10"), limitPrice: dec("0.60"))

    /// A record driven into `state` by ordinary events (partial = 4 of 10 filled).
    static func record(in state: OrderState) -> OrderRecord {
        var record = OrderRecord(order: order, gatewayOrderId: "g-1", createdAt: 1000)
        switch state {
        case .new: break
        case .submitted: record.submitted(venueOrderId: "V1")
        case .partiallyFilled:
            record.submitted(venueOrderId: "V1")
            record.fill(tradeId: "t1", quantity: dec("4"), price: dec("0.50"))
        case .filled:
            record.submitted(venueOrderId: "V1")
            record.fill(tradeId: "t1", quantity: dec("10"), price: dec("0.50"))
        case .cancelled:
            record.submitted(venueOrderId: "V1")
            record.cancelled()
        case .rejected: record.rejected("insufficient balance")
        case .expired:
            record.submitted(venueOrderId: "V1")
            record.expired()
        }
        #expect(record.state == state)
        return record
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var from: OrderState
        var event: OrderEvent
        var to: OrderState
        var testDescription: String { "\(from) --\(event)--> \(to)" }
    }

    static let legal: [Case] = [
        Case(from: .new, event: .submitted(venueOrderId: "V1"), to: .submitted),
        Case(from: .new, event: .fill(tradeId: "x", quantity: dec("3"), price: dec("0.5"), fee: 0), to: .partiallyFilled),
        Case(from: .new, event: .fill(tradeId: "x", quantity: dec("10"), price: dec("0.5"), fee: 0), to: .filled),
        Case(from: .new, event: .cancelled, to: .cancelled),
        Case(from: .new, event: .rejected(reason: "bad tick"), to: .rejected),
        Case(from: .new, event: .expired, to: .expired),
        Case(from: .new, event: .venueReport(state: .submitted, filled: 0, avgPrice: nil, fee: nil), to: .submitted),
        Case(from: .submitted, event: .fill(tradeId: "x", quantity: dec("3"), price: dec("0.5"), fee: 0),
             to: .partiallyFilled),
        Case(from: .submitted, event: .fill(tradeId: "x", quantity: dec("10"), price: dec("0.5"), fee: 0), to: .filled),
        Case(from: .submitted, event: .cancelled, to: .cancelled),
        Case(from: .submitted, event: .rejected(reason: "post-only would cross"), to: .rejected),
        Case(from: .submitted, event: .expired, to: .expired),
        Case(from: .submitted, event: .venueReport(state: .partiallyFilled, filled: dec("2"), avgPrice: dec("0.5"),
                                                   fee: nil), to: .partiallyFilled),
        Case(from: .submitted, event: .venueReport(state: .filled, filled: dec("10"), avgPrice: dec("0.5"), fee: nil),
             to: .filled),
        Case(from: .submitted, event: .venueReport(state: .cancelled, filled: 0, avgPrice: nil, fee: nil),
             to: .cancelled),
        Case(from: .submitted, event: .venueReport(state: .rejected, filled: 0, avgPrice: nil, fee: nil), to: .rejected),
        Case(from: .submitted, event: .venueReport(state: .expired, filled: 0, avgPrice: nil, fee: nil), to: .expired),
        Case(from: .partiallyFilled, event: .fill(tradeId: "x", quantity: dec("1"), price: dec("0.5"), fee: 0),
             to: .partiallyFilled),
        Case(from: .partiallyFilled, event: .fill(tradeId: "x", quantity: dec("6"), price: dec("0.5"), fee: 0),
             to: .filled),
        Case(from: .partiallyFilled, event: .cancelled, to: .cancelled),
        Case(from: .partiallyFilled, event: .expired, to: .expired),
        Case(from: .partiallyFilled, event: .venueReport(state: .filled, filled: dec("10"), avgPrice: dec("0.5"),
                                                         fee: nil), to: .filled),
        Case(from: .partiallyFilled, event: .venueReport(state: .cancelled, filled: dec("4"), avgPrice: dec("0.5"),
                                                         fee: nil), to: .cancelled),
    ]

    @Test(arguments: legal)
    func legalTransition(_ test: Case) {
        var record = Self.record(in: test.from)
        #expect(record.apply(test.event) == .changed(from: test.from, to: test.to))
        #expect(record.state == test.to)
    }

    static let illegal: [Case] = [
        Case(from: .filled, event: .cancelled, to: .filled),
        Case(from: .filled, event: .expired, to: .filled),
        Case(from: .filled, event: .rejected(reason: "late"), to: .filled),
        Case(from: .filled, event: .venueReport(state: .cancelled, filled: dec("10"), avgPrice: nil, fee: nil),
             to: .filled),
        Case(from: .cancelled, event: .expired, to: .cancelled),
        Case(from: .cancelled, event: .rejected(reason: "late"), to: .cancelled),
        Case(from: .cancelled, event: .venueReport(state: .submitted, filled: 0, avgPrice: nil, fee: nil),
             to: .cancelled),
        Case(from: .cancelled, event: .venueReport(state: .filled, filled: dec("10"), avgPrice: nil, fee: nil),
             to: .cancelled),
        Case(from: .rejected, event: .cancelled, to: .rejected),
        Case(from: .rejected, event: .expired, to: .rejected),
        Case(from: .rejected, event: .fill(tradeId: "x", quantity: dec("1"), price: dec("0.5"), fee: 0), to: .rejected),
        Case(from: .rejected, event: .venueReport(state: .submitted, filled: 0, avgPrice: nil, fee: nil), to: .rejected),
        Case(from: .expired, event: .cancelled, to: .expired),
        Case(from: .expired, event: .rejected(reason: "late"), to: .expired),
        Case(from: .partiallyFilled, event: .rejected(reason: "late"), to: .partiallyFilled),
        Case(from: .partiallyFilled, event: .venueReport(state: .rejected, filled: 0, avgPrice: nil, fee: nil),
             to: .partiallyFilled),
        Case(from: .filled, event: .fill(tradeId: "x", quantity: dec("1"), price: dec("0.5"), fee: 0), to: .filled),
    ]

    @Test(arguments: illegal)
    func illegalTransitionIsRefusedAndNotApplied(_ test: Case) {
        var record = Self.record(in: test.from)
        let before = record
        let transition = record.apply(test.event)
        #expect(transition.isRefused, "\(transition)")
        #expect(record == before)
        if case .refused(let reason) = transition {
            #expect(reason.contains("gwtest"), "the reason names the order: \(reason)")
        }
    }

    @Test(arguments: [OrderState.cancelled, .rejected, .expired])
    func repeatedTerminalEventIsIdempotent(_ state: OrderState) {
        var record = Self.record(in: state)
        let before = record
        let event: OrderEvent = switch state {
        case .cancelled: .cancelled
        case .rejected: .rejected(reason: "another reason")
        default: .expired
        }
        #expect(record.apply(event) == .unchanged)
        #expect(record == before)
        #expect(record.apply(.venueReport(state: state, filled: 0, avgPrice: nil, fee: nil)) == .unchanged)
        if state == .rejected { #expect(record.rejectReason == "insufficient balance") }
    }

    @Test func rejectionKeepsTheReason() {
        var record = Self.record(in: .submitted)
        record.rejected("price outside band")
        #expect(record.rejectReason == "price outside band")
    }

    // MARK: Acknowledgement

    @Test func acknowledgementRecordsTheVenueIdOnce() {
        var record = Self.record(in: .new)
        #expect(record.submitted(venueOrderId: "V1") == .changed(from: .new, to: .submitted))
        #expect(record.venueOrderId == "V1")
        #expect(record.submitted(venueOrderId: "V1") == .unchanged)
        let conflict = record.submitted(venueOrderId: "V2")
        #expect(conflict.isRefused)
        #expect(record.venueOrderId == "V1")
    }

    @Test func acknowledgementWithoutIdStillMovesToSubmitted() {
        var record = Self.record(in: .new)
        #expect(record.submitted(venueOrderId: nil) == .changed(from: .new, to: .submitted))
        #expect(record.submitted(venueOrderId: "") == .unchanged)
        #expect(record.venueOrderId == nil)
    }

    @Test func lateAcknowledgementOnlyAddsTheVenueId() {
        var record = Self.record(in: .new)
        record.fill(tradeId: "t1", quantity: dec("10"), price: dec("0.5"))
        #expect(record.state == .filled)
        #expect(record.submitted(venueOrderId: "V9") == .changed(from: .filled, to: .filled))
        #expect(record.venueOrderId == "V9")
        #expect(record.state == .filled)
    }

    // MARK: Fills

    @Test func fillsAccumulateWithWeightedAveragePriceAndFees() {
        var record = Self.record(in: .submitted)
        #expect(record.fill(tradeId: "t1", quantity: dec("4"), price: dec("0.50"), fee: dec("0.02"))
            == .changed(from: .submitted, to: .partiallyFilled))
        #expect(record.fill(tradeId: "t2", quantity: dec("6"), price: dec("0.60"), fee: dec("0.03"))
            == .changed(from: .partiallyFilled, to: .filled))
        #expect(record.filledQuantity == dec("10"))
        #expect(record.remainingQuantity == 0)
        #expect(record.averageFillPrice == dec("0.56"))
        #expect(record.filledNotional == dec("5.6"))
        #expect(record.fees == dec("0.05"))
        #expect(record.appliedTradeIds == ["t1", "t2"])
    }

    @Test func duplicateTradeIdIsIgnored() {
        var record = Self.record(in: .submitted)
        record.fill(tradeId: "t1", quantity: dec("4"), price: dec("0.50"), fee: dec("0.01"))
        let before = record
        #expect(record.fill(tradeId: "t1", quantity: dec("4"), price: dec("0.50"), fee: dec("0.01")) == .unchanged)
        #expect(record.fill(tradeId: "t1", quantity: dec("99"), price: dec("7"), fee: 0) == .unchanged)
        #expect(record == before)
        #expect(record.filledQuantity == dec("4"))
        #expect(record.fees == dec("0.01"))
    }

    @Test func overfillIsRefusedAndNotApplied() {
        var record = Self.record(in: .submitted)
        #expect(record.fill(tradeId: "big", quantity: dec("11"), price: dec("0.5")).isRefused)
        #expect(record.filledQuantity == 0)
        record.fill(tradeId: "t1", quantity: dec("5"), price: dec("0.5"))
        let before = record
        #expect(record.fill(tradeId: "t2", quantity: dec("6"), price: dec("0.5")).isRefused)
        #expect(record == before)
        #expect(!record.appliedTradeIds.contains("t2"))
        #expect(record.fill(tradeId: "t3", quantity: dec("5"), price: dec("0.5")) == .changed(from: .partiallyFilled,
                                                                                              to: .filled))
        #expect(record.filledQuantity == dec("10"))
    }

    @Test(arguments: [
        ("", "1", "0.5", "0"),
        ("t", "0", "0.5", "0"),
        ("t", "-1", "0.5", "0"),
        ("t", "NaN", "0.5", "0"),
        ("t", "1", "-0.5", "0"),
        ("t", "1", "NaN", "0"),
        ("t", "1", "0.5", "NaN"),
    ])
    func invalidFillIsRefused(_ tradeId: String, _ quantity: String, _ price: String, _ fee: String) {
        var record = Self.record(in: .submitted)
        let before = record
        let number = { (text: String) in text == "NaN" ? Decimal.nan : dec(text) }
        #expect(record.fill(tradeId: tradeId, quantity: number(quantity), price: number(price), fee: number(fee))
            .isRefused)
        #expect(record == before)
    }

    @Test func rebateFeesAreNegative() {
        var record = Self.record(in: .submitted)
        record.fill(tradeId: "t1", quantity: dec("10"), price: dec("0.5"), fee: dec("-0.01"))
        #expect(record.fees == dec("-0.01"))
    }

    @Test func lateFillOnCancelledOrderIsKeptWithoutLeavingCancelled() {
        var record = Self.record(in: .cancelled)
        #expect(record.fill(tradeId: "t1", quantity: dec("3"), price: dec("0.55"))
            == .changed(from: .cancelled, to: .cancelled))
        #expect(record.state == .cancelled)
        #expect(record.filledQuantity == dec("3"))
        #expect(record.fill(tradeId: "t2", quantity: dec("8"), price: dec("0.55")).isRefused)
    }

    // MARK: Venue snapshots

    @Test func snapshotIsMonotonic() {
        var record = Self.record(in: .submitted)
        #expect(record.venueReport(state: .partiallyFilled, filled: dec("5"), avgPrice: dec("0.5"))
            == .changed(from: .submitted, to: .partiallyFilled))
        // An older snapshot arrives late: the filled quantity never goes down, the state never goes back.
        #expect(record.venueReport(state: .partiallyFilled, filled: dec("3"), avgPrice: dec("0.5")) == .unchanged)
        #expect(record.venueReport(state: .submitted, filled: 0, avgPrice: nil) == .unchanged)
        #expect(record.venueReport(state: .new, filled: 0, avgPrice: nil) == .unchanged)
        #expect(record.filledQuantity == dec("5"))
        #expect(record.state == .partiallyFilled)
        #expect(record.averageFillPrice == dec("0.5"))
    }

    @Test func snapshotThatCompletesTheOrderMeansFilled() {
        var record = Self.record(in: .submitted)
        #expect(record.venueReport(state: .partiallyFilled, filled: dec("10"), avgPrice: dec("0.58"), fee: dec("0.1"))
            == .changed(from: .submitted, to: .filled))
        #expect(record.averageFillPrice == dec("0.58"))
        #expect(record.fees == dec("0.1"))
    }

    @Test func partiallyFilledSnapshotWithNothingFilledIsJustOpen() {
        var record = Self.record(in: .new)
        #expect(record.venueReport(state: .partiallyFilled, filled: 0, avgPrice: nil)
            == .changed(from: .new, to: .submitted))
    }

    @Test func snapshotOverfillAndRejectedWithFillsAreRefused() {
        var record = Self.record(in: .submitted)
        #expect(record.venueReport(state: .filled, filled: dec("11"), avgPrice: nil).isRefused)
        #expect(record.venueReport(state: .partiallyFilled, filled: dec("-1"), avgPrice: nil).isRefused)
        #expect(record.venueReport(state: .partiallyFilled, filled: .nan, avgPrice: nil).isRefused)
        #expect(record.venueReport(state: .partiallyFilled, filled: dec("1"), avgPrice: dec("-1")).isRefused)
        #expect(record.venueReport(state: .rejected, filled: dec("2"), avgPrice: nil).isRefused)
        #expect(record.state == .submitted)
        #expect(record.filledQuantity == 0)
    }

    /// Fills and snapshots describe the same executions: neither counts twice, whichever comes first.
    @Test func fillsCoveredBySnapshotDoNotCountTwice() {
        var record = Self.record(in: .submitted)
        record.venueReport(state: .partiallyFilled, filled: dec("5"), avgPrice: dec("0.52"))
        #expect(record.fill(tradeId: "t1", quantity: dec("3"), price: dec("0.50")) == .changed(from: .partiallyFilled,
                                                                                              to: .partiallyFilled))
        #expect(record.filledQuantity == dec("5"))
        #expect(record.averageFillPrice == dec("0.52"))
        record.fill(tradeId: "t2", quantity: dec("2"), price: dec("0.55"))
        #expect(record.filledQuantity == dec("5"))
        #expect(record.averageFillPrice == dec("0.52"))
        record.fill(tradeId: "t3", quantity: dec("1"), price: dec("0.60"))
        #expect(record.filledQuantity == dec("6"))
        #expect(record.averageFillPrice == dec("3.2") / dec("6"))
        // And a snapshot behind the fills changes nothing.
        #expect(record.venueReport(state: .partiallyFilled, filled: dec("5"), avgPrice: dec("0.52")) == .unchanged)
        #expect(record.filledQuantity == dec("6"))
    }

    @Test func snapshotAfterLocalCancelAddsRacingFills() {
        var record = Self.record(in: .cancelled)
        #expect(record.venueReport(state: .cancelled, filled: dec("2"), avgPrice: dec("0.6"))
            == .changed(from: .cancelled, to: .cancelled))
        #expect(record.filledQuantity == dec("2"))
        #expect(record.state == .cancelled)
    }

    @Test func filledSnapshotThenMatchingFillsAreAccepted() {
        var record = Self.record(in: .submitted)
        record.venueReport(state: .filled, filled: dec("10"), avgPrice: dec("0.5"))
        #expect(record.fill(tradeId: "t1", quantity: dec("10"), price: dec("0.5"))
            == .changed(from: .filled, to: .filled))
        #expect(record.filledQuantity == dec("10"))
        #expect(record.fill(tradeId: "t2", quantity: dec("1"), price: dec("0.5")).isRefused)
    }

    @Test func applyMatchesTheMethods() {
        var viaEvents = Self.record(in: .new)
        var viaMethods = viaEvents
        let events: [OrderEvent] = [
            .submitted(venueOrderId: "V1"),
            .fill(tradeId: "a", quantity: dec("2"), price: dec("0.4"), fee: dec("0.01")),
            .venueReport(state: .partiallyFilled, filled: dec("3"), avgPrice: dec("0.45"), fee: nil),
            .cancelled,
        ]
        let fromEvents = events.map { viaEvents.apply($0) }
        let fromMethods = [
            viaMethods.submitted(venueOrderId: "V1"),
            viaMethods.fill(tradeId: "a", quantity: dec("2"), price: dec("0.4"), fee: dec("0.01")),
            viaMethods.venueReport(state: .partiallyFilled, filled: dec("3"), avgPrice: dec("0.45")),
            viaMethods.cancelled(),
        ]
        #expect(fromEvents == fromMethods)
        #expect(viaEvents == viaMethods)
        #expect(viaEvents.state == .cancelled && viaEvents.filledQuantity == dec("3"))
    }
}

extension OrderRecordTests {
    /// A snapshot that only confirms what the fills already said is not a change worth reporting.
    @Test func confirmingSnapshotIsUnchanged() {
        var record = Self.record(in: .filled)
        #expect(record.venueReport(state: .filled, filled: dec("10"), avgPrice: dec("0.5")) == .unchanged)
        #expect(record.averageFillPrice == dec("0.5"))
    }
}
