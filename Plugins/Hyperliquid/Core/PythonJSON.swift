import VenueKit

/// JSON text exactly as Python's `json.dumps` writes it with its defaults, which is what the official SDK
/// posts (`requests`' `json=`): separators `", "` and `": "`, keys in insertion order, non-ASCII escaped
/// as `\uXXXX`, `null` for None.
///
/// The venue re-parses the JSON, so the spacing does not change what is signed; writing the SDK's bytes
/// lets the test vectors compare whole bodies.
public enum PythonJSON {
    public static func serialize(_ value: MessagePackValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    static func write(_ value: MessagePackValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .uint(let number): out += String(number)
        case .string(let text): quote(text, into: &out)
        case .binary(let bytes): quote("0x" + bytes.map { String($0, radix: 16).leftPadded(2) }.joined(), into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                write(item, into: &out)
            }
            out += "]"
        case .map(let entries):
            out += "{"
            for (index, (key, item)) in entries.enumerated() {
                if index > 0 { out += ", " }
                quote(key, into: &out)
                out += ": "
                write(item, into: &out)
            }
            out += "}"
        }
    }

    /// `json.dumps` string quoting with `ensure_ascii=True`.
    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5c: out += "\\\\"
            case 0x0a: out += "\\n"
            case 0x0d: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0c: out += "\\f"
            case 0x20...0x7e: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default: out += "\\u" + String(unit, radix: 16).leftPadded(4)
            }
        }
        out += "\""
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
