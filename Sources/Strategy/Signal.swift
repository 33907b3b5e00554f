import Foundation

/// One signal from the PumpAmp signal stream (reference §4), validated.
///
/// `market_id` is `"<venue>:<symbol>"` such as `binance:BTC/USDT` or `kalshi:BTC-100K/YES`; the
/// strategy's ``MarketIdMapper`` turns it into a venue-native id. `confidence` is on the documented
/// 0…100 scale (see ``StrategyConfig``).
public struct Signal: Sendable, Equatable {
    public var id: String
    public var type: SignalType
    public var name: String
    public var marketId: String
    public var venue: String
    public var baseCurrency: String
    public var quoteCurrency: String
    public var createdAt: Date?
    public var severity: Severity?
    public var direction: SignalDirection?
    /// 0…100.
    public var confidence: Decimal?
    /// Free-form, e.g. an ArbitragePayloadV1.
    public var payload: StrategyJSON
    public var expiresAt: Date?

    public init(id: String, type: SignalType, name: String, marketId: String, venue: String, baseCurrency: String = "",
                quoteCurrency: String = "", createdAt: Date? = nil, severity: Severity? = nil, direction: SignalDirection? = nil,
                confidence: Decimal? = nil, payload: StrategyJSON = .object([]), expiresAt: Date? = nil) {
        self.id = id
        self.type = type
        self.name = name
        self.marketId = marketId
        self.venue = venue
        self.baseCurrency = baseCurrency
        self.quoteCurrency = quoteCurrency
        self.createdAt = createdAt
        self.severity = severity
        self.direction = direction
        self.confidence = confidence
        self.payload = payload
        self.expiresAt = expiresAt
    }

    /// `BASE/QUOTE`, as rules' `symbols` filter compares it.
    public var symbol: String { "\(baseCurrency)/\(quoteCurrency)" }
}

/// Why an inbound frame is not a usable signal (the consumer counts and drops it; it never crashes).
public struct SignalError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Signal {
    /// Parses and validates one signal object. Unlike the reference, unknown types, severities and
    /// directions, a non-numeric or out-of-range confidence and an unparseable date are errors.
    public init(json: StrategyJSON) throws(SignalError) {
        guard case .object = json else { throw SignalError("a signal must be a JSON object") }
        func text(_ key: String, required: Bool = true) throws(SignalError) -> String? {
            guard let value = json[key], value != .null else {
                if required { throw SignalError("signal field '\(key)' is missing") }
                return nil
            }
            guard case .string(let s) = value else { throw SignalError("signal field '\(key)' must be a string, found \(value.typeName)") }
            if required && s.isEmpty { throw SignalError("signal field '\(key)' is empty") }
            return s
        }
        let id = try text("id")!
        let typeText = try text("signal_type")!
        guard let type = SignalType(rawValue: typeText) else { throw SignalError("signal \(id): unknown signal_type '\(typeText)'") }
        let severity = try text("severity", required: false).map { (s) throws(SignalError) -> Severity in
            guard let v = Severity(rawValue: s) else { throw SignalError("signal \(id): unknown severity '\(s)'") }
            return v
        }
        let direction = try text("direction", required: false).map { (s) throws(SignalError) -> SignalDirection in
            guard let v = SignalDirection(rawValue: s) else { throw SignalError("signal \(id): unknown direction '\(s)'") }
            return v
        }
        var confidence: Decimal?
        if let value = json["confidence"], value != .null, value != .string("") {
            guard let number = value.decimal, number >= 0, number <= 100 else {
                throw SignalError("signal \(id): confidence must be a number from 0 to 100")
            }
            confidence = number
        }
        func date(_ key: String) throws(SignalError) -> Date? {
            guard let s = try text(key, required: false) else { return nil }
            guard let d = ISOTime.parse(s) else { throw SignalError("signal \(id): \(key) '\(s)' is not an ISO-8601 time") }
            return d
        }
        self.init(id: id, type: type, name: try text("signal_name")!, marketId: try text("market_id")!, venue: try text("venue")!,
                  baseCurrency: try text("base_currency", required: false) ?? "",
                  quoteCurrency: try text("quote_currency", required: false) ?? "", createdAt: try date("created_at"),
                  severity: severity, direction: direction, confidence: confidence, payload: json["payload"] ?? .null,
                  expiresAt: try date("expires_at"))
    }
}

/// ISO-8601 times with or without fractional seconds.
enum ISOTime {
    static func parse(_ text: String) -> Date? {
        if let d = try? Date(text, strategy: .iso8601) { return d }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
