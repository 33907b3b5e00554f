import Foundation
import GatewayCore

/// Turns a signal's `market_id` into the venue-native id to trade (reference §6.4), plus rolling
/// markets: a mapping value may contain placeholders expanded from the current time, so that 15-minute
/// crypto markets (Kalshi `KXBTC15M-…`, Polymarket `…-updown-15m-<start>`) need no edit every 15 minutes.
///
/// 1. Empty input → unmapped.
/// 2. An exact `market_mappings` key → its value (placeholders expanded).
/// 3. No `:` or an empty part → unmapped.
/// 4. `kalshi`/`polymarket` (any case) without a mapping → unmapped (prediction markets need one).
/// 5. A symbol with `/` loses its first slash (`binance:BTC/USDT` → `binance:BTCUSDT`).
/// 6. Otherwise unchanged.
///
/// Placeholders (the current 15-minute window, aligned to :00/:15/:30/:45):
/// `{YY}` `{MON}` (`FEB`) `{DD}` `{HH}` `{mm}` of the window's **end** in `market_time_zone` (Kalshi names
/// 15-minute events by their close in New York time: `KXBTC15M-{YY}{MON}{DD}T{HH}{mm}`), `{start_unix}` and
/// `{end_unix}` (seconds), and `{payload.<key>}` from the signal's payload (e.g. a strike).
public struct MarketIdMapper: Sendable {
    public static let placeholders = ["{YY}", "{MON}", "{DD}", "{HH}", "{mm}", "{start_unix}", "{end_unix}"]
    public static let windowSeconds: Int64 = 900

    public enum Resolution: Sendable, Equatable {
        case resolved(MarketId)
        case unmapped(reason: String)
    }

    private var mappings: [String: String]
    private let timeZone: TimeZone

    public init(mappings: [(String, String)], timeZone: String = "America/New_York") {
        self.mappings = Dictionary(mappings, uniquingKeysWith: { _, last in last })
        self.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
    }

    /// Replaces the whole table (the reference's `loadMappings`).
    public mutating func load(_ mappings: [(String, String)]) {
        self.mappings = Dictionary(mappings, uniquingKeysWith: { _, last in last })
    }

    /// Resolves a signal market id at time `now`.
    public func resolve(_ marketId: String, payload: StrategyJSON = .null, now: Date) -> Resolution {
        if marketId.isEmpty { return .unmapped(reason: "empty market id") }
        if let target = mappings[marketId] {
            switch expand(target, payload: payload, now: now) {
            case .success(let text):
                guard let id = try? MarketId(parsing: text) else { return .unmapped(reason: "mapping for \(marketId) gives '\(text)', not venue:id") }
                return .resolved(id)
            case .failure(let error): return .unmapped(reason: error.message)
            }
        }
        guard let colon = marketId.firstIndex(of: ":") else { return .unmapped(reason: "'\(marketId)' has no venue prefix") }
        let venue = marketId[..<colon], symbol = marketId[marketId.index(after: colon)...]
        if venue.isEmpty || symbol.isEmpty { return .unmapped(reason: "'\(marketId)' has an empty part") }
        if ["kalshi", "polymarket"].contains(venue.lowercased()) {
            return .unmapped(reason: "No market mapping found for \(marketId) (prediction markets need one in market_mappings)")
        }
        var native = String(symbol)
        if let slash = native.firstIndex(of: "/") { native.remove(at: slash) }
        return .resolved(MarketId(venue: String(venue), native: native))
    }

    struct ExpandError: Error { var message: String }

    /// Expands the placeholders of a mapping value.
    func expand(_ template: String, payload: StrategyJSON, now: Date) -> Result<String, ExpandError> {
        guard template.contains("{") else { return .success(template) }
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let start = seconds - ((seconds % Self.windowSeconds) + Self.windowSeconds) % Self.windowSeconds
        let end = start + Self.windowSeconds
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(end)))
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return .failure(ExpandError(message: "unclosed '{' in '\(template)'")) }
            let name = String(rest[rest.index(after: open)..<close])
            switch name {
            case "YY": out += two((parts.year ?? 0) % 100)
            case "MON": out += months[(parts.month ?? 1) - 1]
            case "DD": out += two(parts.day)
            case "HH": out += two(parts.hour)
            case "mm": out += two(parts.minute)
            case "start_unix": out += String(start)
            case "end_unix": out += String(end)
            default:
                guard name.hasPrefix("payload."), let value = payload[String(name.dropFirst(8))] else {
                    return .failure(ExpandError(message: "signal payload has no '\(name.dropFirst(8))' for '\(template)'"))
                }
                switch value {
                case .string(let s): out += s
                case .number(let n): out += n
                default: return .failure(ExpandError(message: "payload '\(name.dropFirst(8))' is \(value.typeName), not text"))
                }
            }
            rest = rest[rest.index(after: close)...]
        }
        return .success(out + rest)
    }

    /// A problem with the placeholders of a mapping value, for validation; nil when fine.
    static func placeholderProblem(_ template: String) -> String? {
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { return "unclosed '{' in '\(template)'" }
            let token = String(rest[open...close])
            if !placeholders.contains(token) && !(token.hasPrefix("{payload.") && token.count > 10) {
                return "unknown placeholder \(token)"
            }
            rest = rest[rest.index(after: close)...]
        }
        return nil
    }
}
