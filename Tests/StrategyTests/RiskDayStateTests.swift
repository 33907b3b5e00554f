import Foundation
import GatewayCore
import Testing
@testable import Strategy

/// The circuit breakers' day state survives a restart through the journal's counters.
@Suite struct RiskDayStateTests {
    @Test func aTrippedDailyLossBreakerIsRestoredByANewBook() throws {
        var before = RiskBook(limits: limits { $0.maxDailyLossUsd = 100 })
        before.updatePnl(realized: 50, unrealized: 0, now: t0)
        before.updatePnl(realized: -50, unrealized: 0, now: t0)   // -100 today: tripped
        #expect(before.reserve(order("a"), now: t0).check == .dailyLoss)
        let saved = try #require(before.dayState)
        #expect(saved.dailyLossTripped)
        #expect(saved.dayStartRealized == 50)

        // What the journal keeps, read back after a restart.
        let restoredState = try #require(RiskBook.DayState(day: saved.day, counters: saved.counters))
        #expect(restoredState == saved)
        var after = RiskBook(limits: limits { $0.maxDailyLossUsd = 100 })
        after.restore(restoredState)
        after.updatePnl(realized: -50, unrealized: 0, now: t0)   // the same realized P&L as before the restart
        #expect(after.reserve(order("b"), now: t0).check == .dailyLoss)
        // The next UTC day starts afresh.
        #expect(after.reserve(order("c"), now: t0.addingTimeInterval(86_400)).passed)
    }

    @Test func theLossBaselineOfTheDayIsKeptEvenBeforeTheBreakerTrips() throws {
        var before = RiskBook(limits: limits { $0.maxDailyLossUsd = 100 })
        before.updatePnl(realized: 200, unrealized: 0, now: t0)  // the day started at +200
        before.updatePnl(realized: 140, unrealized: 0, now: t0)  // -60 today
        let saved = try #require(before.dayState)
        var after = RiskBook(limits: limits { $0.maxDailyLossUsd = 100 })
        after.restore(try #require(RiskBook.DayState(day: saved.day, counters: saved.counters)))
        after.updatePnl(realized: 100, unrealized: 0, now: t0)   // -100 against the day's start, not against the restart
        #expect(after.reserve(order("d"), now: t0).check == .dailyLoss)
    }

    @Test func countersOfAnotherShapeAreIgnored() {
        #expect(RiskBook.DayState(day: 1, counters: [:]) == nil)
    }
}
