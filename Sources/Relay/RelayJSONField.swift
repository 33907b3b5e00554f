import Foundation

/// One top-level value of an inbound frame, decoded without losing a number's decimal digits.
///
/// `JSONDecoder` decodes `Decimal` from the number's text, so `0.42` stays exactly `0.42`; a boolean
/// never passes for a number or the other way round.
enum RelayJSONField: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    /// An array or object: no command field takes one.
    case nested

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        // Strings first (most fields): every failed attempt costs a thrown error.
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode(Decimal.self) { self = .number(value); return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        self = .nested
    }
}
