import Foundation
import Testing
@testable import Strategy

@Suite struct RuleMatcherTests {
    @Test func everyFilter() {
        let s = signal()
        #expect(RuleMatcher.matches(rule(), s))
        #expect(!RuleMatcher.matches(rule(enabled: false), s))
        #expect(!RuleMatcher.matches(rule(types: [.alert]), s))
        #expect(RuleMatcher.matches(rule(names: ["MomentumBreakout"]), s))
        #expect(!RuleMatcher.matches(rule(names: ["VolumeSpike"]), s))
        #expect(RuleMatcher.matches(rule(venues: ["binance"]), s))
        #expect(!RuleMatcher.matches(rule(venues: ["Binance"]), s))
        #expect(RuleMatcher.matches(rule(symbols: ["BTC/USDT"]), s))
        #expect(!RuleMatcher.matches(rule(symbols: ["ETH/USDT"]), s))
        #expect(RuleMatcher.matches(rule(minConfidence: 90), s))
        #expect(!RuleMatcher.matches(rule(minConfidence: 91), s))
        #expect(!RuleMatcher.matches(rule(minConfidence: 50), signal(confidence: nil)))
        #expect(RuleMatcher.matches(rule(minSeverity: .high), s))
        #expect(!RuleMatcher.matches(rule(minSeverity: .critical), s))
        #expect(!RuleMatcher.matches(rule(minSeverity: .high), signal(severity: .low)))
        #expect(RuleMatcher.matches(rule(minSeverity: .low), signal(severity: nil)))
        #expect(!RuleMatcher.matches(rule(minSeverity: .medium), signal(severity: nil)))
        #expect(RuleMatcher.matches(rule(directions: [.long]), s))
        #expect(!RuleMatcher.matches(rule(directions: [.short]), s))
        #expect(RuleMatcher.matches(rule(directions: [.short]), signal(direction: nil)))
    }

    @Test func firstMatchWins() {
        let rules = [rule("a", types: [.alert]), rule("b", size: 2), rule("c", size: 3)]
        #expect(RuleMatcher.firstMatch(rules, signal())?.name == "b")
    }
}

@Suite struct SignalParsingTests {
    func parse(_ text: String) throws(SignalError) -> Signal { try Signal(json: try! StrategyJSON.parse(text)) }

    @Test func validSignal() throws {
        let s = try parse(#"{"id":"a","signal_type":"alert","signal_name":"x","market_id":"kalshi:A","venue":"kalshi","base_currency":"BTC","quote_currency":"USD","created_at":"2026-02-18T16:00:00.123Z","severity":"High","direction":"above","confidence":"85","payload":{"current_price":"0.5"},"expires_at":"2026-02-18T16:05:00Z"}"#)
        #expect(s.confidence == 85 && s.severity == .high && s.direction == .above && s.expiresAt != nil)
        #expect(OrderBuilder.basePrice(s.payload) == Decimal(string: "0.5"))
    }

    @Test(arguments: [
        #"{"signal_type":"alert","signal_name":"x","market_id":"k:A","venue":"k"}"#,
        #"{"id":"a","signal_type":"nope","signal_name":"x","market_id":"k:A","venue":"k"}"#,
        #"{"id":"a","signal_type":"alert","signal_name":"x","market_id":"k:A","venue":"k","confidence":"high"}"#,
        #"{"id":"a","signal_type":"alert","signal_name":"x","market_id":"k:A","venue":"k","confidence":"150"}"#,
        #"{"id":"a","signal_type":"alert","signal_name":"x","market_id":"k:A","venue":"k","severity":"Huge"}"#,
        #"{"id":"a","signal_type":"alert","signal_name":"x","market_id":"k:A","venue":"k","expires_at":"tomorrow"}"#,
        #"{"id":5,"signal_type":"alert","signal_name":"x","market_id":"k:A","venue":"k"}"#,
        #"[1]"#,
    ])
    func invalidSignalsAreRefused(text: String) {
        #expect(throws: SignalError.self) { try parse(text) }
    }
}
