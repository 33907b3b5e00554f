import Foundation
import GatewayCore

/// Reads a strategy file strictly: the reference's keys and defaults, but every unknown key, wrong type
/// or out-of-range value is a ``StrategyConfigError`` naming the file, the JSON path and a suggestion.
/// Keys starting with `_` are comments and are kept for `strategy show`.
public enum StrategyConfigParser {
    static let topKeys = ["name", "enabled", "dry_run", "rules", "market_mappings", "market_time_zone", "risk_limits"]
    static let ruleKeys = ["name", "enabled", "signal_types", "signal_names", "venues", "symbols", "min_confidence",
                           "min_severity", "directions", "action", "dry_run"]
    static let actionKeys = ["side", "size", "order_type", "limit_price_offset_bps", "on_leg_failure"]
    static let riskKeys = ["max_position_size_per_market", "max_total_exposure_usd", "max_trades_per_minute",
                           "market_cooldown_seconds", "signal_dedup_window_seconds", "max_notional_per_order_usd",
                           "max_daily_loss_usd", "max_drawdown_usd", "kill_switch", "apply_to_manual_trades"]

    /// Loads and validates a file.
    /// - Throws: ``StrategyConfigError``; a missing file says how to create one.
    public static func load(path: String) throws(StrategyConfigError) -> StrategyConfig {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StrategyConfigError(file: path, path: "$", message: "Strategy config not found",
                                      suggestion: "copy strategy.example.json to strategy.json, or set STRATEGY_CONFIG_PATH")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StrategyConfigError(file: path, path: "$", message: "cannot read the file", suggestion: "check its permissions")
        }
        return try parse(data, file: path)
    }

    /// Validates JSON text; `file` names it in errors.
    public static func parse(_ data: Data, file: String = "<input>") throws(StrategyConfigError) -> StrategyConfig {
        let document: StrategyJSON
        do { document = try StrategyJSON.parse(data) } catch {
            throw StrategyConfigError(file: file, path: "$", message: "invalid JSON: \(error)", suggestion: "check for a missing comma or quote")
        }
        var reader = Reader(file: file)
        return try reader.config(document)
    }

    struct Reader {
        let file: String

        func fail(_ path: String, _ message: String, _ suggestion: String? = nil) -> StrategyConfigError {
            StrategyConfigError(file: file, path: path, message: message, suggestion: suggestion)
        }

        func object(_ value: StrategyJSON, _ path: String, keys: [String]) throws(StrategyConfigError) -> [(String, StrategyJSON)] {
            guard case .object(let pairs) = value else { throw fail(path, "must be an object, found \(value.typeName)") }
            for (key, _) in pairs where !key.hasPrefix("_") && !keys.contains(key) {
                let hint = Spelling.closest(key, in: keys).map { "did you mean '\($0)'?" }
                    ?? "known keys: \(keys.joined(separator: ", ")); keys starting with '_' are comments"
                throw fail(join(path, key), "unknown key", hint)
            }
            return pairs
        }

        func join(_ path: String, _ key: String) -> String { path == "$" ? key : "\(path).\(key)" }

        func bool(_ value: StrategyJSON?, _ path: String, default fallback: Bool) throws(StrategyConfigError) -> Bool {
            guard let value else { return fallback }
            guard case .bool(let flag) = value else { throw fail(path, "must be true or false, found \(value.typeName)") }
            return flag
        }

        func string(_ value: StrategyJSON, _ path: String) throws(StrategyConfigError) -> String {
            guard case .string(let text) = value else { throw fail(path, "must be a string, found \(value.typeName)") }
            return text
        }

        func number(_ value: StrategyJSON?, _ path: String) throws(StrategyConfigError) -> Decimal? {
            guard let value else { return nil }
            guard case .number = value, let number = value.decimal else {
                let hint: String? = if case .string(let s) = value, Decimal(string: s) != nil { "write it without quotes: \(s)" } else { nil }
                throw fail(path, "must be a number, found \(value.typeName)", hint)
            }
            return number
        }

        func positive(_ value: StrategyJSON?, _ path: String) throws(StrategyConfigError) -> Decimal? {
            guard let number = try number(value, path) else { return nil }
            if number <= 0 { throw fail(path, "must be greater than 0, found \(number)", "remove the key to turn this limit off") }
            return number
        }

        func integer(_ value: StrategyJSON?, _ path: String, minimum: Int, default fallback: Int) throws(StrategyConfigError) -> Int {
            guard let number = try number(value, path) else { return fallback }
            guard OrderBuilder.rounded(number, scale: 0) == number, abs(number) < 1_000_000_000,
                  case let int = NSDecimalNumber(decimal: number).intValue, Decimal(int) == number else {
                throw fail(path, "must be a whole number, found \(number)")
            }
            if int < minimum { throw fail(path, "must be at least \(minimum), found \(int)") }
            return int
        }

        func enumList<E: RawRepresentable & CaseIterable>(_ value: StrategyJSON?, _ path: String, _: E.Type,
                                                          nonEmpty: Bool) throws(StrategyConfigError) -> [E]? where E.RawValue == String {
            guard let value else { return nil }
            guard case .array(let items) = value else { throw fail(path, "must be an array, found \(value.typeName)") }
            if nonEmpty && items.isEmpty { throw fail(path, "must not be empty", "allowed: \(E.allCases.map(\.rawValue).joined(separator: ", "))") }
            var out: [E] = []
            for (index, item) in items.enumerated() {
                out.append(try enumValue(item, "\(path)[\(index)]", E.self))
            }
            return out
        }

        func enumValue<E: RawRepresentable & CaseIterable>(_ item: StrategyJSON, _ path: String, _: E.Type) throws(StrategyConfigError) -> E
        where E.RawValue == String {
            let text = try string(item, path)
            if let value = E(rawValue: text) { return value }
            let names = E.allCases.map(\.rawValue)
            let hint = Spelling.closest(text, in: names).map { "did you mean '\($0)'?" } ?? "allowed: \(names.joined(separator: ", "))"
            throw fail(path, "'\(text)' is not allowed", hint)
        }

        func strings(_ value: StrategyJSON?, _ path: String) throws(StrategyConfigError) -> [String]? {
            guard let value else { return nil }
            guard case .array(let items) = value else { throw fail(path, "must be an array of strings, found \(value.typeName)") }
            var out: [String] = []
            for (index, item) in items.enumerated() {
                let text = try string(item, "\(path)[\(index)]")
                if text.isEmpty { throw fail("\(path)[\(index)]", "must not be empty") }
                out.append(text)
            }
            return out
        }

        mutating func config(_ document: StrategyJSON) throws(StrategyConfigError) -> StrategyConfig {
            let pairs = try object(document, "$", keys: StrategyConfigParser.topKeys)
            let root = StrategyJSON.object(pairs)
            var name: String?
            if let value = root["name"] { name = try string(value, "name") }
            let enabled = try bool(root["enabled"], "enabled", default: true)
            let dryRun = try bool(root["dry_run"], "dry_run", default: true)
            guard let rulesValue = root["rules"] else {
                throw fail("rules", "is required", "add \"rules\": [] (an empty list is allowed)")
            }
            guard case .array(let ruleItems) = rulesValue else { throw fail("rules", "must be an array, found \(rulesValue.typeName)") }
            var rules: [StrategyRule] = []
            for (index, item) in ruleItems.enumerated() {
                let rule = try self.rule(item, "rules[\(index)]")
                if let first = rules.firstIndex(where: { $0.name == rule.name }) {
                    throw fail("rules[\(index)].name", "duplicate rule name '\(rule.name)' (also rules[\(first)])", "give each rule its own name")
                }
                rules.append(rule)
            }
            var mappings: [(String, String)] = []
            if let value = root["market_mappings"] {
                guard case .object(let entries) = value else { throw fail("market_mappings", "must be an object, found \(value.typeName)") }
                for (key, target) in entries {
                    let text = try string(target, "market_mappings.\(key)")
                    if !key.hasPrefix("_") {
                        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else {
                            throw fail("market_mappings.\(key)", "'\(text)' is not a \"venue:native_id\" market id", "e.g. \"kalshi:KXBTCD-26DEC31\"")
                        }
                        if let problem = MarketIdMapper.placeholderProblem(text) {
                            throw fail("market_mappings.\(key)", problem, "placeholders: \(MarketIdMapper.placeholders.joined(separator: ", ")), {payload.<key>}")
                        }
                    }
                    mappings.append((key, text))
                }
            }
            var zone = "America/New_York"
            if let value = root["market_time_zone"] {
                zone = try string(value, "market_time_zone")
                if TimeZone(identifier: zone) == nil {
                    throw fail("market_time_zone", "unknown time zone '\(zone)'", "use an IANA name such as America/New_York or UTC")
                }
            }
            let risk = try riskLimits(root["risk_limits"])
            return StrategyConfig(name: name, enabled: enabled, dryRun: dryRun, rules: rules, marketMappings: mappings,
                                  marketTimeZone: zone, riskLimits: risk, document: resolved(pairs, risk: risk, rules: rules))
        }

        func rule(_ value: StrategyJSON, _ path: String) throws(StrategyConfigError) -> StrategyRule {
            let pairs = try object(value, path, keys: StrategyConfigParser.ruleKeys)
            let rule = StrategyJSON.object(pairs)
            guard let nameValue = rule["name"] else { throw fail(join(path, "name"), "is required", "every rule needs a name") }
            let name = try string(nameValue, join(path, "name"))
            if name.isEmpty { throw fail(join(path, "name"), "must not be empty") }
            guard let types = try enumList(rule["signal_types"], join(path, "signal_types"), SignalType.self, nonEmpty: true) else {
                throw fail(join(path, "signal_types"), "is required", "e.g. [\"alert\"]; allowed: alert, strategy, cross_venue_arbitrage")
            }
            let symbols = try strings(rule["symbols"], join(path, "symbols"))
            for (index, symbol) in (symbols ?? []).enumerated() where symbol.split(separator: "/", omittingEmptySubsequences: false).count != 2
                || symbol.hasPrefix("/") || symbol.hasSuffix("/") {
                throw fail("\(join(path, "symbols"))[\(index)]", "'\(symbol)' is not BASE/QUOTE", "e.g. \"BTC/USDT\"")
            }
            let confidence = try number(rule["min_confidence"], join(path, "min_confidence"))
            // One scale, 0…100: a fraction such as 0.7 is almost certainly meant as 70 %, so it is refused.
            if let confidence, confidence < 0 || confidence > 100 || (confidence > 0 && confidence < 1) {
                let hint = confidence > 0 && confidence < 1 ? "confidence is a percentage: write \(confidence * 100) for \(confidence)" : "use 0 to 100"
                throw fail(join(path, "min_confidence"), "must be 0 or between 1 and 100 (a percentage), found \(confidence)", hint)
            }
            var severity: Severity?
            if let value = rule["min_severity"] { severity = try enumValue(value, join(path, "min_severity"), Severity.self) }
            var ruleDryRun: Bool?
            if let value = rule["dry_run"] { ruleDryRun = try bool(value, join(path, "dry_run"), default: false) }
            guard let actionValue = rule["action"] else {
                throw fail(join(path, "action"), "is required", "e.g. {\"side\": \"from_signal\", \"size\": 10}")
            }
            return StrategyRule(
                name: name, enabled: try bool(rule["enabled"], join(path, "enabled"), default: true), signalTypes: types,
                signalNames: try strings(rule["signal_names"], join(path, "signal_names")),
                venues: try strings(rule["venues"], join(path, "venues")), symbols: symbols, minConfidence: confidence,
                minSeverity: severity,
                directions: try enumList(rule["directions"], join(path, "directions"), SignalDirection.self, nonEmpty: false),
                action: try action(actionValue, join(path, "action")), dryRun: ruleDryRun)
        }

        func action(_ value: StrategyJSON, _ path: String) throws(StrategyConfigError) -> RuleAction {
            let action = StrategyJSON.object(try object(value, path, keys: StrategyConfigParser.actionKeys))
            guard let sideValue = action["side"] else {
                throw fail(join(path, "side"), "is required", "from_signal, buy, sell, yes or no")
            }
            let side = try enumValue(sideValue, join(path, "side"), RuleAction.SideChoice.self)
            guard let size = try positive(action["size"], join(path, "size")) else {
                throw fail(join(path, "size"), "is required", "a number greater than 0, in the venue's units")
            }
            var type = OrderType.market
            if let value = action["order_type"] { type = try enumValue(value, join(path, "order_type"), OrderType.self) }
            let offset = try number(action["limit_price_offset_bps"], join(path, "limit_price_offset_bps"))
            if let offset, offset <= -10_000 {
                throw fail(join(path, "limit_price_offset_bps"), "must be above -10000 (a price cannot fall to zero), found \(offset)")
            }
            var policy = RuleAction.LegFailurePolicy.unwind
            if let value = action["on_leg_failure"] { policy = try enumValue(value, join(path, "on_leg_failure"), RuleAction.LegFailurePolicy.self) }
            return RuleAction(side: side, size: size, orderType: type, limitPriceOffsetBps: offset, onLegFailure: policy)
        }

        func riskLimits(_ value: StrategyJSON?) throws(StrategyConfigError) -> RiskLimits {
            var limits = RiskLimits()
            guard let value else { return limits }
            let risk = StrategyJSON.object(try object(value, "risk_limits", keys: StrategyConfigParser.riskKeys))
            limits.maxPositionSizePerMarket = try positive(risk["max_position_size_per_market"], "risk_limits.max_position_size_per_market")
            limits.maxTotalExposureUsd = try positive(risk["max_total_exposure_usd"], "risk_limits.max_total_exposure_usd")
            limits.maxTradesPerMinute = try integer(risk["max_trades_per_minute"], "risk_limits.max_trades_per_minute", minimum: 1, default: 5)
            limits.marketCooldownSeconds = try integer(risk["market_cooldown_seconds"], "risk_limits.market_cooldown_seconds", minimum: 0, default: 30)
            limits.signalDedupWindowSeconds = try integer(risk["signal_dedup_window_seconds"], "risk_limits.signal_dedup_window_seconds",
                                                          minimum: 0, default: 300)
            limits.maxNotionalPerOrderUsd = try positive(risk["max_notional_per_order_usd"], "risk_limits.max_notional_per_order_usd")
            limits.maxDailyLossUsd = try positive(risk["max_daily_loss_usd"], "risk_limits.max_daily_loss_usd")
            limits.maxDrawdownUsd = try positive(risk["max_drawdown_usd"], "risk_limits.max_drawdown_usd")
            limits.killSwitch = try bool(risk["kill_switch"], "risk_limits.kill_switch", default: false)
            limits.applyToManualTrades = try bool(risk["apply_to_manual_trades"], "risk_limits.apply_to_manual_trades", default: true)
            return limits
        }

        /// The document with defaults filled in (what `strategy show` prints), comments kept.
        func resolved(_ pairs: [(String, StrategyJSON)], risk: RiskLimits, rules: [StrategyRule]) -> StrategyJSON {
            var out = pairs
            func set(_ key: String, _ value: StrategyJSON, in list: inout [(String, StrategyJSON)]) {
                if let index = list.firstIndex(where: { $0.0 == key }) { list[index].1 = value } else { list.append((key, value)) }
            }
            func setDefault(_ key: String, _ value: StrategyJSON, in list: inout [(String, StrategyJSON)]) {
                if !list.contains(where: { $0.0 == key }) { list.append((key, value)) }
            }
            setDefault("enabled", .bool(true), in: &out)
            setDefault("dry_run", .bool(true), in: &out)
            setDefault("market_mappings", .object([]), in: &out)
            if case .array(let items)? = StrategyJSON.object(out)["rules"] {
                let filled: [StrategyJSON] = items.map { item in
                    guard case .object(var rule) = item else { return item }
                    setDefault("enabled", .bool(true), in: &rule)
                    if case .object(var action)? = StrategyJSON.object(rule)["action"] {
                        setDefault("order_type", .string("market"), in: &action)
                        set("action", .object(action), in: &rule)
                    }
                    return .object(rule)
                }
                set("rules", .array(filled), in: &out)
            }
            var riskPairs: [(String, StrategyJSON)] = []
            if case .object(let given)? = StrategyJSON.object(out)["risk_limits"] { riskPairs = given }
            setDefault("max_trades_per_minute", .number(String(risk.maxTradesPerMinute)), in: &riskPairs)
            setDefault("market_cooldown_seconds", .number(String(risk.marketCooldownSeconds)), in: &riskPairs)
            setDefault("signal_dedup_window_seconds", .number(String(risk.signalDedupWindowSeconds)), in: &riskPairs)
            set("risk_limits", .object(riskPairs), in: &out)
            return .object(out)
        }
    }
}
