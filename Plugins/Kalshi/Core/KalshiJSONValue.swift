#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Any JSON value, decoded with `JSONDecoder` (available without full Foundation), for the few places
/// that read loosely shaped JSON: the configuration and error bodies.
public enum KalshiJSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([KalshiJSONValue])
    case object([String: KalshiJSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let list = try? container.decode([KalshiJSONValue].self) {
            self = .array(list)
        } else {
            self = .object(try container.decode([String: KalshiJSONValue].self))
        }
    }

    /// Parses `bytes`; nil when they are not JSON.
    public static func parse(_ bytes: [UInt8]) -> KalshiJSONValue? {
        try? JSONDecoder().decode(KalshiJSONValue.self, from: Data(bytes))
    }

    public subscript(key: String) -> KalshiJSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
