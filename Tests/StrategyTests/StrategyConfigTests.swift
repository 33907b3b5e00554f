import Foundation
import Testing
@testable import Strategy

/// The repository root, for the shipped templates.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func parse(_ text: String) throws(StrategyConfigError) -> StrategyConfig {
    try StrategyConfigParser.parse(Data(text.utf8), file: "s.json")
}

func parseError(_ text: String) -> StrategyConfigError? {
    do { _ = try parse(text); return nil } catch { return error }
}

@Suite struct StrategyConfigTests {
    @Test(arguments: ["crypto-15m-arb", "crypto-15m-momentum", "prediction-arb", "prediction-volume-spike",
                      "prediction-whale-follow", "sharp-line-movement"])
    func everyTemplateLoadsUnchanged(name: String) throws {
        let path = repositoryRoot.appendingPathComponent("templates/\(name).json").path
        let config = try StrategyConfigParser.load(path: path)
        #expect(config.dryRun)
        #expect(!config.rules.isEmpty)
        #expect(config.document["_description"]?.string?.isEmpty == false)
    }

    @Test func exampleLoadsWithTheReferenceValues() throws {
        let config = try StrategyConfigParser.load(path: repositoryRoot.appendingPathComponent("strategy.example.json").path)
        #expect(config.rules.map(\.name) == ["high_confidence_momentum", "prediction_arb", "kalshi_alerts", "crypto_15m_momentum"])
        #expect(config.rules[0].action.size == Decimal(string: "0.01"))
        #expect(config.rules[2].action.side == .yes && !config.rules[2].enabled && config.rules[2].action.limitPriceOffsetBps == -200)
        #expect(config.riskLimits.maxTotalExposureUsd == 5000 && config.riskLimits.maxTradesPerMinute == 3)
        #expect(config.subscribedSignalTypes == [.strategy, .crossVenueArbitrage])
    }

    @Test func templateValuesMatchTheReference() throws {
        let config = try StrategyConfigParser.load(path: repositoryRoot.appendingPathComponent("templates/prediction-volume-spike.json").path)
        #expect(config.rules[1].enabled == false)
        #expect(config.rules[1].action.orderType == .limit && config.rules[1].action.limitPriceOffsetBps == -300)
        #expect(config.riskLimits.maxPositionSizePerMarket == 30 && config.riskLimits.maxTotalExposureUsd == nil)
        #expect(config.riskLimits.marketCooldownSeconds == 90)
    }

    @Test func defaults() throws {
        let config = try parse(#"{"rules": []}"#)
        #expect(config.enabled && config.dryRun && config.rules.isEmpty)
        #expect(config.riskLimits.maxTradesPerMinute == 5 && config.riskLimits.marketCooldownSeconds == 30)
        #expect(config.riskLimits.signalDedupWindowSeconds == 300 && !config.riskLimits.killSwitch && config.riskLimits.applyToManualTrades)
        let rule = try parse(#"{"rules": [{"name": "r", "signal_types": ["alert"], "action": {"side": "buy", "size": 1}}]}"#).rules[0]
        #expect(rule.enabled && rule.action.orderType == .market && rule.action.onLegFailure == .unwind)
    }

    @Test func partialRiskLimitsKeepGivenValues() throws {
        let config = try parse(#"{"rules": [], "risk_limits": {"max_total_exposure_usd": 750}}"#)
        #expect(config.riskLimits.maxTotalExposureUsd == 750 && config.riskLimits.maxTradesPerMinute == 5)
    }

    @Test func showFillsDefaultsAndKeepsComments() throws {
        let config = try parse(#"{"_note": "hi", "rules": [{"name": "r", "signal_types": ["alert"], "action": {"side": "buy", "size": 0.01}}]}"#)
        let text = config.document.pretty()
        #expect(text.contains("\"_note\": \"hi\""))
        #expect(text.contains("\"order_type\": \"market\""))
        #expect(text.contains("\"size\": 0.01"))
        #expect(text.contains("\"max_trades_per_minute\": 5"))
        #expect(text.contains("\"dry_run\": true"))
    }

    static let errors: [(String, String, String, String?)] = [
        // (input, path, message fragment, suggestion fragment)
        (#"{}"#, "rules", "is required", "rules"),
        (#"{"enabled": true}"#, "rules", "is required", nil),
        (#"{"rules": [], "dryrun": true}"#, "dryrun", "unknown key", "did you mean 'dry_run'?"),
        (#"{"rules": [{"name": "r", "signal_types": ["alert"], "min_confidance": 70, "action": {"side": "buy", "size": 1}}]}"#,
         "rules[0].min_confidance", "unknown key", "did you mean 'min_confidence'?"),
        (#"{"rules": [{"name": "r", "signal_types": ["alrt"], "action": {"side": "buy", "size": 1}}]}"#,
         "rules[0].signal_types[0]", "'alrt' is not allowed", "did you mean 'alert'?"),
        (#"{"rules": [{"name": "r", "signal_types": [], "action": {"side": "buy", "size": 1}}]}"#,
         "rules[0].signal_types", "must not be empty", nil),
        (#"{"rules": [{"name": "r", "signal_types": ["alert"], "action": {"side": "buy", "size": 0}}]}"#,
         "rules[0].action.size", "greater than 0", nil),
        (#"{"rules": [{"name": "r", "signal_types": ["alert"], "action": {"side": "buy", "size": "5"}}]}"#,
         "rules[0].action.size", "must be a number", "without quotes"),
        (#"{"rules": [{"name": "r", "signal_types": ["alert"], "action": {"side": "up", "size": 1}}]}"#,
         "rules[0].action.side", "'up' is not allowed", nil),
        (#"{"rules": [{"name": "r", "signal_types": ["alert"], "action": {"side": "buy", "size": 1, "ordertype": "limit"}}]}"#,
         "rules[0].action.ordertype", "unknown key", "did you mean 'order_type'?"),
        (#"{"rules": [{"name": "r", "signal_types": ["alert"], "min_confidence": 0.7, "action": {"side": "buy", "size": 1}}]}"#,
         "rules[0].min_confidence", "a percentage", "write 70"),
        (#"{"rules": [{"name": "r", "signal_types": ["alert"], "min_severity": "high", "action": {"side": "buy", "size": 1}}]}"#,
         "rules[0].min_severity", "'high' is not allowed", "did you mean 'High'?"),
        (#"{"rules": [{"name": "r", "signal_types": ["alert"], "directions": ["up"], "action": {"side": "buy", "size": 1}}]}"#,
         "rules[0].directions[0]", "not allowed", nil),
        (#"{"rules": [{"name": "r", "signal_types": ["alert"], "symbols": ["BTCUSDT"], "action": {"side": "buy", "size": 1}}]}"#,
         "rules[0].symbols[0]", "is not BASE/QUOTE", "BTC/USDT"),
        (#"{"rules": [{"name": "r", "signal_types": ["alert"]}]}"#, "rules[0].action", "is required", nil),
        (#"{"rules": [{"signal_types": ["alert"], "action": {"side": "buy", "size": 1}}]}"#, "rules[0].name", "is required", nil),
        (#"{"rules": [{"name": "", "signal_types": ["alert"], "action": {"side": "buy", "size": 1}}]}"#, "rules[0].name", "must not be empty", nil),
        (#"{"rules": [{"name": "a", "signal_types": ["alert"], "action": {"side": "buy", "size": 1}}, {"name": "a", "signal_types": ["alert"], "action": {"side": "buy", "size": 1}}]}"#,
         "rules[1].name", "duplicate rule name", nil),
        (#"{"rules": [], "risk_limits": {"max_trades_per_minute": 0}}"#, "risk_limits.max_trades_per_minute", "at least 1", nil),
        (#"{"rules": [], "risk_limits": {"market_cooldown_seconds": 1.5}}"#, "risk_limits.market_cooldown_seconds", "whole number", nil),
        (#"{"rules": [], "risk_limits": {"max_position_size": 5}}"#, "risk_limits.max_position_size", "unknown key",
         "did you mean 'max_position_size_per_market'?"),
        (#"{"rules": [], "risk_limits": {"max_total_exposure_usd": -1}}"#, "risk_limits.max_total_exposure_usd", "greater than 0", nil),
        (#"{"rules": [], "risk_limits": {"kill_switch": "yes"}}"#, "risk_limits.kill_switch", "true or false", nil),
        (#"{"rules": [], "market_mappings": {"kalshi:X": "KXBTC"}}"#, "market_mappings.kalshi:X", "venue:native_id", nil),
        (#"{"rules": [], "market_mappings": {"kalshi:X": "kalshi:KXBTC15M-{YYYY}"}}"#, "market_mappings.kalshi:X", "unknown placeholder", nil),
        (#"{"rules": [], "market_time_zone": "Mars/Olympus"}"#, "market_time_zone", "unknown time zone", nil),
        (#"{"rules": [}"#, "$", "invalid JSON", nil),
        (#"[]"#, "$", "must be an object", nil),
        (#"{"rules": [{"name": "r", "signal_types": ["alert"], "action": {"side": "buy", "size": 1, "on_leg_failure": "panic"}}]}"#,
         "rules[0].action.on_leg_failure", "not allowed", nil),
    ]

    @Test(arguments: 0..<errors.count)
    func validationErrorNamesFilePathAndSuggestion(index: Int) {
        let (input, path, message, suggestion) = Self.errors[index]
        guard let error = parseError(input) else { Issue.record("accepted: \(input)"); return }
        #expect(error.file == "s.json")
        #expect(error.path == path, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        if let suggestion { #expect(error.suggestion?.contains(suggestion) == true, "\(error)") }
        #expect(error.description.hasPrefix("s.json: \(path): "))
    }

    @Test func commentKeysAreAllowedEverywhere() throws {
        _ = try parse(#"{"_x": 1, "rules": [{"_why": "c", "name": "r", "signal_types": ["alert"], "action": {"_n": 2, "side": "buy", "size": 1}}], "risk_limits": {"_r": true}}"#)
    }

    @Test func missingFileSaysHowToCreateOne() {
        #expect(throws: StrategyConfigError.self) { try StrategyConfigParser.load(path: "/nonexistent/strategy.json") }
        do { _ = try StrategyConfigParser.load(path: "/nonexistent/strategy.json") } catch {
            #expect(error.message == "Strategy config not found")
            #expect(error.suggestion?.contains("strategy.example.json") == true)
        }
    }

    @Test func decimalsStayExact() throws {
        #expect(try StrategyJSON.parse("0.1").decimal == Decimal(string: "0.1"))
        #expect(try StrategyJSON.parse(#"{"a":"x\u00e9\n"}"#)["a"] == .string("xé\n"))
        #expect(throws: StrategyJSON.SyntaxError.self) { try StrategyJSON.parse(#"{"a":1,"a":2}"#) }
    }
}
