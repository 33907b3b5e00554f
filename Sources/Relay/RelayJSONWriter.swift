import Foundation

/// A tiny ordered JSON object writer for outbound frames.
///
/// Keys come out in the order written (stable frames, readable logs); `Decimal` is written from its
/// exact text, never through `Double`; `nil` values are omitted as the reference omits undefined fields.
struct RelayJSONWriter {
    private var parts: [String] = []

    init() {}

    mutating func add(_ key: String, _ value: String?) {
        guard let value else { return }
        parts.append("\(Self.quote(key)):\(Self.quote(value))")
    }

    mutating func add(_ key: String, _ value: Decimal?) {
        guard let value else { return }
        parts.append("\(Self.quote(key)):\(Self.number(value))")
    }

    mutating func add(_ key: String, _ value: Int?) {
        guard let value else { return }
        parts.append("\(Self.quote(key)):\(value)")
    }

    mutating func add(_ key: String, _ values: [String]) {
        parts.append("\(Self.quote(key)):[\(values.map(Self.quote).joined(separator: ","))]")
    }

    mutating func addRaw(_ key: String, json: String) {
        parts.append("\(Self.quote(key)):\(json)")
    }

    var text: String { "{" + parts.joined(separator: ",") + "}" }

    static func number(_ value: Decimal) -> String {
        var copy = value
        return NSDecimalString(&copy, Locale(identifier: "en_US_POSIX"))
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
