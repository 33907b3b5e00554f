import PluginABI
import VenueKit

/// A Polymarket market id as the gateway writes it (after the `polymarket:` prefix), parsed in one place.
///
/// Accepted forms:
/// - `<token id>`: the outcome token (ERC-1155 position id), a decimal integer of up to 78 digits — the
///   canonical form, used in reports the plugin makes up itself;
/// - `<condition id>:<0|1>`: the market's condition id (`0x` + 64 hex) and the outcome's index in the
///   CLOB's token list (0 is the first outcome, "Yes" in a yes/no market), as the reference's templates write it;
/// - `<condition id>:<yes|no>`: the outcome by its label (case-insensitive);
/// - `<condition id>:<token id>`: the reference connector's form, the token id wins;
/// - `<condition id>`: the outcome comes from the order (`GW_OUTCOME_YES` → Yes/first, `NO` → No/second).
///
/// A leading `polymarket:` is tolerated. Condition ids are resolved to token ids through the CLOB's
/// `GET /clob-markets/{condition_id}` (cached).
public enum MarketId: Sendable, Hashable {
    case token(String)
    case condition(String, OutcomeSelector)

    /// Which outcome of a condition is meant.
    public enum OutcomeSelector: Sendable, Hashable {
        case index(Int)
        case yes
        case no
        /// Taken from the order's `outcome`.
        case fromOrder
    }

    /// - Throws: `VenueFailure(.invalidOrder)` naming the id and the accepted forms.
    public static func parse(_ raw: String) throws(VenueFailure) -> MarketId {
        var text = raw.trimmingWhitespace
        if text.lowercased().hasPrefix("polymarket:") { text = String(text.dropFirst("polymarket:".count)) }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1, isTokenId(parts[0]) { return .token(parts[0]) }
        if parts.count == 1, isConditionId(parts[0]) { return .condition(parts[0].lowercased(), .fromOrder) }
        if parts.count == 2, isConditionId(parts[0]) {
            let condition = parts[0].lowercased()
            switch parts[1].lowercased() {
            case "0": return .condition(condition, .index(0))
            case "1": return .condition(condition, .index(1))
            case "yes": return .condition(condition, .yes)
            case "no": return .condition(condition, .no)
            default:
                if isTokenId(parts[1]) { return .token(parts[1]) }
            }
        }
        throw VenueFailure(.invalidOrder,
                           "market '\(raw)' is not a Polymarket market id: expected '<token id>' (decimal) or '<condition id>:<0|1|yes|no>' (condition id = 0x + 64 hex digits)",
                           venueCode: "market_id")
    }

    static func isTokenId(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 78 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            && ByteEncoding.uint256(decimal: text) != nil
    }

    static func isConditionId(_ text: String) -> Bool {
        text.utf8.count == 66 && (text.hasPrefix("0x") || text.hasPrefix("0X")) && ByteEncoding.unhex(text) != nil
    }

    /// Picks the token of a condition for this selector and the order's outcome.
    ///
    /// - Parameters:
    ///   - outcomes: the condition's tokens in the CLOB's order, with their labels.
    ///   - orderOutcome: the order's outcome (`GW_OUTCOME_*`); contradicting an explicit yes/no is an error.
    /// - Returns: the token id and the outcome to report.
    public static func pick(_ selector: OutcomeSelector, condition: String, outcomes: [(token: String, label: String)],
                            orderOutcome: gw_outcome) throws(VenueFailure) -> (token: String, outcome: gw_outcome) {
        func label(_ index: Int) -> gw_outcome {
            switch outcomes[index].label.lowercased() {
            case "yes": GW_OUTCOME_YES
            case "no": GW_OUTCOME_NO
            default: index == 0 ? GW_OUTCOME_YES : GW_OUTCOME_NO
            }
        }
        func byLabel(_ wanted: String, fallback: Int) -> Int? {
            if let index = outcomes.firstIndex(where: { $0.label.lowercased() == wanted }) { return index }
            return outcomes.count == 2 ? fallback : nil
        }
        let index: Int?
        switch selector {
        case .index(let i): index = i < outcomes.count ? i : nil
        case .yes: index = byLabel("yes", fallback: 0)
        case .no: index = byLabel("no", fallback: 1)
        case .fromOrder:
            switch orderOutcome {
            case GW_OUTCOME_YES: index = byLabel("yes", fallback: 0)
            case GW_OUTCOME_NO: index = byLabel("no", fallback: 1)
            default:
                throw VenueFailure(.invalidOrder,
                                   "market '\(condition)' is a condition id: add ':0' or ':1' (or ':yes'/':no'), or give the order an outcome",
                                   venueCode: "market_id")
            }
        }
        guard let index else {
            let labels = outcomes.map(\.label).joined(separator: ", ")
            throw VenueFailure(.notFound, "condition \(condition) has no outcome \(selector) (outcomes: \(labels))", venueCode: "market_id")
        }
        let outcome = label(index)
        if orderOutcome != GW_OUTCOME_NONE && orderOutcome != outcome {
            throw VenueFailure(.invalidOrder,
                               "the order's outcome (\(orderOutcome == GW_OUTCOME_YES ? "yes" : "no")) contradicts market '\(condition)' outcome '\(outcomes[index].label)'",
                               venueCode: "market_id")
        }
        return (outcomes[index].token, outcome)
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
