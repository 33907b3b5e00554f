import Foundation
import GatewayCore
import Testing
@testable import Strategy

@Suite struct MarketIdMapperTests {
    let mapper = MarketIdMapper(mappings: [("kalshi:BTC-100K/YES", "kalshi:KXBTCD-26DEC31"),
                                           ("kalshi:BTC-15M/UP", "kalshi:KXBTC15M-{YY}{MON}{DD}T{HH}{mm}-B{payload.strike}"),
                                           ("polymarket:BTC-15M/UP", "polymarket:btc-updown-15m-{start_unix}")])

    func resolved(_ id: String, payload: StrategyJSON = .null, now: Date = t0) -> String? {
        if case .resolved(let m) = mapper.resolve(id, payload: payload, now: now) { return m.description }
        return nil
    }

    @Test func referenceRules() {
        #expect(resolved("binance:BTC/USDT") == "binance:BTCUSDT")
        #expect(resolved("binance:BTCUSDT") == "binance:BTCUSDT")
        #expect(resolved("hyperliquid:ETH/USD") == "hyperliquid:ETHUSD")
        #expect(resolved("kalshi:BTC-100K/YES") == "kalshi:KXBTCD-26DEC31")
        #expect(resolved("kalshi:ETH-5K/YES") == nil)
        #expect(resolved("POLYMARKET:x") == nil)
        #expect(resolved("") == nil)
        #expect(resolved("nocolon") == nil)
        #expect(resolved("binance:") == nil)
    }

    @Test func loadReplacesTheTable() {
        var m = mapper
        m.load([("kalshi:NEW", "kalshi:KXNEW")])
        #expect(m.resolve("kalshi:BTC-100K/YES", now: t0) != .resolved(MarketId(venue: "kalshi", native: "KXBTCD-26DEC31")))
        #expect(m.resolve("kalshi:NEW", now: t0) == .resolved(MarketId(venue: "kalshi", native: "KXNEW")))
    }

    @Test func rollingKalshi15MinuteTickerFollowsTheClock() {
        let payload = StrategyJSON.object([("strike", .number("100000"))])
        // 16:07 UTC = 11:07 New York (EST): the window closes at 11:15.
        #expect(resolved("kalshi:BTC-15M/UP", payload: payload, now: t0.addingTimeInterval(7 * 60)) == "kalshi:KXBTC15M-26FEB18T1115-B100000")
        // exactly on a boundary the next window is current.
        #expect(resolved("kalshi:BTC-15M/UP", payload: payload, now: t0.addingTimeInterval(15 * 60)) == "kalshi:KXBTC15M-26FEB18T1130-B100000")
        // summer time (EDT, UTC-4).
        let july = Date(timeIntervalSince1970: 1_783_000_000) // 2026-07-02T13:46:40Z
        #expect(resolved("kalshi:BTC-15M/UP", payload: payload, now: july) == "kalshi:KXBTC15M-26JUL02T1000-B100000")
        #expect(resolved("kalshi:BTC-15M/UP", now: t0) == nil) // no strike in the payload
    }

    @Test func rollingPolymarketWindowStart() {
        #expect(resolved("polymarket:BTC-15M/UP", now: t0.addingTimeInterval(899)) == "polymarket:btc-updown-15m-1771430400")
        #expect(resolved("polymarket:BTC-15M/UP", now: t0.addingTimeInterval(900)) == "polymarket:btc-updown-15m-1771431300")
    }
}
