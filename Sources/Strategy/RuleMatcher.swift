import Foundation

/// Whether a rule's filters all hold for a signal (reference §6.3 step 5), with two fixes: a signal
/// without a confidence fails `min_confidence` (the consumer already refused non-numeric ones), and
/// a signal without a severity fails `min_severity` unless the minimum is `Low`.
public enum RuleMatcher {
    /// The first enabled rule that matches, in file order.
    public static func firstMatch(_ rules: [StrategyRule], _ signal: Signal) -> StrategyRule? {
        // An index loop: no copy of each rule (and its arrays) per signal, unlike `first(where:)`.
        for index in rules.indices where matches(rules[index], signal) { return rules[index] }
        return nil
    }

    /// Every filter of `rule` against `signal`.
    public static func matches(_ rule: StrategyRule, _ signal: Signal) -> Bool {
        guard rule.enabled, rule.signalTypes.contains(signal.type) else { return false }
        if let names = rule.signalNames, !names.contains(signal.name) { return false }
        if let venues = rule.venues, !venues.contains(signal.venue) { return false }
        if let symbols = rule.symbols, !symbols.contains(signal.symbol) { return false }
        if let minimum = rule.minConfidence {
            guard let confidence = signal.confidence, confidence >= minimum else { return false }
        }
        if let minimum = rule.minSeverity, (signal.severity ?? .low) < minimum { return false }
        if let directions = rule.directions, let direction = signal.direction, !directions.contains(direction) { return false }
        return true
    }
}
