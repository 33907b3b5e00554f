#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A parsed JSON value from a Binance reply.
///
/// Binance sends prices and quantities as strings and ids and times as integers; numbers are kept as
/// their text where possible so that nothing passes through floating point.
public indirect enum BinanceJSON: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([BinanceJSON])
    case object([String: BinanceJSON])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        // Strings first: they are most of Binance's values, and every failed attempt costs a thrown error.
        if c.decodeNil() { self = .null }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let i = try? c.decode(Int64.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let a = try? c.decode([BinanceJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: BinanceJSON].self)) }
    }

    /// Parses `bytes`; nil if they are not JSON.
    public static func parse(_ bytes: [UInt8]) -> BinanceJSON? {
        guard !bytes.isEmpty else { return nil }
        return try? JSONDecoder().decode(BinanceJSON.self, from: Data(bytes))
    }

    public subscript(key: String) -> BinanceJSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var object: [String: BinanceJSON]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var array: [BinanceJSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// A string value, or an integer written as text.
    public var text: String? {
        switch self {
        case .string(let s): s
        case .integer(let i): String(i)
        default: nil
        }
    }

    /// An integer value, or a string of digits.
    public var int64: Int64? {
        switch self {
        case .integer(let i): i
        case .string(let s): Int64(s)
        case .number(let d) where d == d.rounded() && abs(d) < 9e15: Int64(d)
        default: nil
        }
    }

    public var bool: Bool? {
        switch self {
        case .bool(let b): b
        case .string(let s) where s == "true" || s == "false": s == "true"
        default: nil
        }
    }
}
