/// Writes a JSON object with its members in the order they are added, compactly.
///
/// Request bodies are built field by field (in the SDK's field order), so what is sent is exactly what
/// the code says and tests can compare bodies; no floating point is ever involved (prices and counts
/// are strings, integers are integers).
public struct KalshiJSONWriter: Sendable {
    private var members: [String] = []

    public init() {}

    public mutating func add(_ key: String, _ value: String) { members.append("\(Self.quote(key)):\(Self.quote(value))") }
    public mutating func add(_ key: String, _ value: Int64) { members.append("\(Self.quote(key)):\(value)") }
    public mutating func add(_ key: String, _ value: Bool) { members.append("\(Self.quote(key)):\(value ? "true" : "false")") }

    /// Adds an already encoded JSON value (an array or object built by another writer).
    public mutating func addRaw(_ key: String, _ json: String) { members.append("\(Self.quote(key)):\(json)") }

    public var json: String { "{" + members.joined(separator: ",") + "}" }
    public var bytes: [UInt8] { Array(json.utf8) }

    /// A JSON array of already encoded values.
    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    /// A JSON string literal.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
