import Foundation
import GatewayCore
import Testing
@testable import Strategy

func limits(_ edit: (inout RiskLimits) -> Void) -> RiskLimits {
    var l = RiskLimits()
    l.maxTradesPerMinute = 1000
    l.marketCooldownSeconds = 0
    edit(&l)
    return l
}

func order(_ id: String, market: String = "BTCUSDT", venue: String = "binance", outcome: Outcome? = nil, side: Side = .buy,
           quantity: Decimal = 1, price: Decimal? = 100, reduceOnly: Bool = false, manual: Bool = false) -> RiskOrder {
    RiskOrder(id: id, venue: venue, market: market, outcome: outcome, side: side, quantity: quantity, price: price,
              reduceOnly: reduceOnly, manual: manual)
}

extension Result where Success == Void, Failure == RiskRejection {
    var check: RiskCheck? { if case .failure(let r) = self { r.check } else { nil } }
    var passed: Bool { if case .success = self { true } else { false } }
}

@Suite struct RiskBookTests {
    @Test func rateLimitSlidesOverSixtySeconds() {
        var book = RiskBook(limits: limits { $0.maxTradesPerMinute = 2 })
        #expect(book.reserve(order("a"), now: t0).passed)
        #expect(book.reserve(order("b", market: "ETH"), now: t0.addingTimeInterval(1)).passed)
        #expect(book.reserve(order("c", market: "SOL"), now: t0.addingTimeInterval(2)).check == .rateLimit)
        #expect(book.reserve(order("d", market: "SOL"), now: t0.addingTimeInterval(60.5)).passed)
    }

    @Test func cooldownPerMarket() {
        var book = RiskBook(limits: limits { $0.marketCooldownSeconds = 30 })
        #expect(book.reserve(order("a"), now: t0).passed)
        #expect(book.reserve(order("b"), now: t0.addingTimeInterval(29)).check == .cooldown)
        #expect(book.reserve(order("c", market: "ETH"), now: t0.addingTimeInterval(29)).passed)
        #expect(book.reserve(order("d"), now: t0.addingTimeInterval(31)).passed)
    }

    @Test func releasedOrderGivesBackRateSlotAndCooldown() {
        var book = RiskBook(limits: limits { $0.maxTradesPerMinute = 1; $0.marketCooldownSeconds = 30 })
        #expect(book.reserve(order("a"), now: t0).passed)
        #expect(book.reserve(order("b"), now: t0).check == .rateLimit)
        book.release("a")
        #expect(book.reservationCount == 0)
        #expect(book.reserve(order("b"), now: t0.addingTimeInterval(1)).passed)
    }

    @Test func positionLimitBySideCountsPendingOrders() {
        var book = RiskBook(limits: limits { $0.maxPositionSizePerMarket = 100 })
        book.sync(positions: [Position(key: PositionKey(venue: "binance", market: "BTCUSDT"), size: 80, averageEntryPrice: 1)], now: t0)
        #expect(book.reserve(order("a", quantity: 30, price: 1), now: t0).check == .position)
        #expect(book.reserve(order("b", quantity: 20, price: 1), now: t0).passed)
        #expect(book.reserve(order("c", quantity: 1, price: 1), now: t0).check == .position) // 80 held + 20 pending
        #expect(book.reserve(order("d", side: .sell, quantity: 50, price: 1), now: t0).passed) // reduces: allowed
        // The NO side of a binary market is its own position.
        #expect(book.reserve(order("e", market: "K", venue: "kalshi", outcome: .no, quantity: 100, price: Decimal(string: "0.4")), now: t0).passed)
        #expect(book.reserve(order("f", market: "K", venue: "kalshi", outcome: .yes, quantity: 100, price: Decimal(string: "0.4")), now: t0).passed)
        #expect(book.reserve(order("g", market: "K", venue: "kalshi", outcome: .yes, quantity: 1, price: Decimal(string: "0.4")), now: t0).check == .position)
    }

    @Test func exposureIsValuedAtTheOrdersRealPrice() {
        var book = RiskBook(limits: limits { $0.maxTotalExposureUsd = 5000 })
        book.sync(positions: [Position(key: PositionKey(venue: "binance", market: "ETH"), size: 49, averageEntryPrice: 100)], now: t0)
        #expect(book.reserve(order("a", quantity: 2, price: 100), now: t0).check == .exposure) // 4900 + 200
        #expect(book.reserve(order("b", quantity: 1, price: 100), now: t0).passed)            // 5000
        // Kalshi contracts at 0.40, not at $1 each.
        var kalshi = RiskBook(limits: limits { $0.maxTotalExposureUsd = 50 })
        #expect(kalshi.reserve(order("k", market: "K", venue: "kalshi", outcome: .yes, quantity: 120, price: Decimal(string: "0.40")), now: t0).passed)
        #expect(kalshi.exposure == 48)
    }

    @Test func unknownPriceIsRefusedWhenAValueLimitIsSet() {
        var book = RiskBook(limits: limits { $0.maxNotionalPerOrderUsd = 10 })
        #expect(book.reserve(order("a", price: nil), now: t0).check == .priceUnknown)
        #expect(book.reserve(order("b", quantity: 2, price: 6), now: t0).check == .notional)
        #expect(book.reserve(order("c", quantity: 2, price: 5), now: t0).passed)
    }

    @Test func killSwitchRefusesEverythingIncludingExemptManualTrades() {
        var book = RiskBook(limits: limits { $0.killSwitch = true; $0.applyToManualTrades = false })
        #expect(book.reserve(order("a", manual: true), now: t0).check == .killSwitch)
        book.setKillSwitch(false)
        #expect(book.reserve(order("a", manual: true), now: t0).passed)
    }

    @Test func manualTradesFollowTheLimitsUnlessExempted() {
        var book = RiskBook(limits: limits { $0.maxNotionalPerOrderUsd = 10 })
        #expect(book.reserve(order("a", quantity: 1, price: 50, manual: true), now: t0).check == .notional)
        book.update(limits: limits { $0.maxNotionalPerOrderUsd = 10; $0.applyToManualTrades = false })
        #expect(book.reserve(order("b", quantity: 1, price: 50, manual: true), now: t0).passed)
        #expect(book.reserve(order("c", quantity: 1, price: 50), now: t0).check == .notional)
    }

    @Test func dailyLossBreakerLatchesUntilTheNextUTCDay() {
        var book = RiskBook(limits: limits { $0.maxDailyLossUsd = 100 })
        book.updatePnl(realized: 50, unrealized: 0, now: t0)       // day starts at +50
        book.updatePnl(realized: -49, unrealized: 0, now: t0)      // -99 today
        #expect(book.reserve(order("a"), now: t0).passed)
        book.updatePnl(realized: -50, unrealized: 0, now: t0)      // -100 today
        #expect(book.reserve(order("b"), now: t0).check == .dailyLoss)
        book.updatePnl(realized: 0, unrealized: 0, now: t0)        // recovered, still latched today
        #expect(book.reserve(order("c"), now: t0).check == .dailyLoss)
        #expect(book.reserve(order("d"), now: t0.addingTimeInterval(86_400)).passed)
    }

    @Test func drawdownBreakerLatchesUntilReset() {
        var book = RiskBook(limits: limits { $0.maxDrawdownUsd = 100 })
        book.updatePnl(realized: 300, unrealized: 0, now: t0)
        book.updatePnl(realized: 250, unrealized: -50, now: t0)    // 200: 100 below the 300 peak
        #expect(book.reserve(order("a"), now: t0).check == .drawdown)
        #expect(book.trippedBreaker == .drawdown)
        book.resetBreakers()
        #expect(book.reserve(order("a"), now: t0).passed)
    }

    @Test func settleMovesFillsFromReservedToHeld() {
        var book = RiskBook(limits: limits { $0.maxPositionSizePerMarket = 10 })
        #expect(book.reserve(order("a", quantity: 10, price: 1), now: t0).passed)
        book.settle("a", filled: 4, averagePrice: 1, open: true)   // resting: 4 held, 6 still reserved
        #expect(book.reserve(order("b", quantity: 1, price: 1), now: t0).check == .position)
        book.settle("a", filled: 4, averagePrice: 1, open: false)  // cancelled: remainder released
        #expect(book.reserve(order("c", quantity: 6, price: 1), now: t0).passed)
        #expect(book.reserve(order("d", quantity: 1, price: 1), now: t0).check == .position)
    }

    /// The owner of a book in production is an actor; many concurrent reservations never overshoot.
    actor Gate {
        var book: RiskBook
        init(_ limits: RiskLimits) { book = RiskBook(limits: limits) }
        func reserve(_ order: RiskOrder) -> Bool { book.reserve(order, now: t0).passed }
    }

    @Test(arguments: [(RiskLimits?).none])
    func concurrentSignalsNeverExceedALimit(_: RiskLimits?) async {
        let cases: [(RiskLimits, Int)] = [
            (limits { $0.maxTradesPerMinute = 7 }, 7),
            (limits { $0.maxPositionSizePerMarket = 25 }, 25),
            (limits { $0.maxTotalExposureUsd = 1200 }, 12),
            (limits { $0.marketCooldownSeconds = 60 }, 1),
        ]
        for (limit, expected) in cases {
            let gate = Gate(limit)
            let passed = await withTaskGroup(of: Bool.self) { group in
                for i in 0..<200 { group.addTask { await gate.reserve(order("o\(i)", quantity: 1, price: 100)) } }
                var count = 0
                for await ok in group where ok { count += 1 }
                return count
            }
            #expect(passed == expected)
        }
    }
}

@Suite struct StrategyBenchmarkTests {
    /// Correctness only (no timing assertion): every signal passes matching and risk.
    @Test func benchmarkPathProducesAnOrderPerSignal() {
        let result = StrategyBenchmark.run(signals: 2_000)
        #expect(result.orders == 2_000)
    }
}
