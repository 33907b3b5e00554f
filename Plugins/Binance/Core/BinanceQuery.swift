/// An ordered list of request parameters, encoded exactly as Binance's official Python connectors
/// encode them: `urllib.parse.urlencode` (that is `quote_plus`: unreserved characters kept, space as
/// `+`, everything else `%XX` in upper-case hex of the UTF-8 bytes), with `%40` turned back into `@`.
///
/// The signature is computed over ``encoded`` and appended last, so what is signed is byte for byte
/// what is sent (the reference connector used JavaScript's `encodeURIComponent`, which differs).
public struct BinanceQuery: Sendable, Equatable {
    public private(set) var parameters: [(name: String, value: String)] = []

    public init(_ parameters: [(String, String)] = []) {
        for (name, value) in parameters { append(name, value) }
    }

    public mutating func append(_ name: String, _ value: String) {
        parameters.append((name, value))
    }

    public func value(_ name: String) -> String? { parameters.first { $0.name == name }?.value }

    /// `name=value&…` in insertion order.
    public var encoded: String {
        parameters.map { Self.quotePlus($0.name) + "=" + Self.quotePlus($0.value) }.joined(separator: "&")
    }

    /// Python's `quote_plus(text)` followed by the connector's `%40` → `@`.
    public static func quotePlus(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                 UInt8(ascii: "~"), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + hexDigit(byte >> 4) + hexDigit(byte & 0x0F)
            }
        }
        return out
    }

    private static func hexDigit(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? nibble + 48 : nibble + 55))
    }

    public static func == (lhs: BinanceQuery, rhs: BinanceQuery) -> Bool {
        lhs.parameters.elementsEqual(rhs.parameters) { $0.name == $1.name && $0.value == $1.value }
    }
}
