/// Lower-case hexadecimal encoding, and decoding with an optional `0x` prefix.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex, two characters per byte, no prefix.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let array = Array(bytes)
        return String(unsafeUninitializedCapacity: array.count * 2) { out in
            for (i, byte) in array.enumerated() {
                out[2 * i] = digits[Int(byte >> 4)]
                out[2 * i + 1] = digits[Int(byte & 0x0F)]
            }
            return array.count * 2
        }
    }

    /// Decodes hex (either case), with or without a leading `0x`/`0X`.
    ///
    /// The error says where the input is wrong but never quotes it (it may be a secret).
    public static func decode(_ text: String) throws(CryptoError) -> [UInt8] {
        var utf8 = Array(text.utf8)
        defer { wipe(&utf8) }
        return try decode(utf8)
    }

    /// Decodes hex given as ASCII bytes (with or without a leading `0x`).
    static func decode(_ ascii: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard let bytes = decodeIfHex(ascii) else {
            let body = stripPrefix(ascii)
            if body.count % 2 != 0 {
                throw CryptoError(.invalidInput, "not hex: odd number of digits (\(body.count))")
            }
            // Slice indices are offsets into `ascii`, prefix included.
            let offset = body.firstIndex { nibble($0) == nil } ?? ascii.count
            throw CryptoError(.invalidInput, "not hex: invalid character at offset \(offset)")
        }
        return bytes
    }

    /// The bytes, or nil if `ascii` is not (optionally `0x`-prefixed) hex of even length.
    static func decodeIfHex(_ ascii: [UInt8]) -> [UInt8]? {
        let body = stripPrefix(ascii)
        guard body.count % 2 == 0 else { return nil }
        var out = [UInt8](repeating: 0, count: body.count / 2)
        var i = body.startIndex
        for j in 0..<out.count {
            guard let high = nibble(body[i]), let low = nibble(body[i + 1]) else {
                wipe(&out)
                return nil
            }
            out[j] = high << 4 | low
            i += 2
        }
        return out
    }

    private static func stripPrefix(_ ascii: [UInt8]) -> ArraySlice<UInt8> {
        if ascii.count >= 2, ascii[0] == UInt8(ascii: "0"), ascii[1] | 0x20 == UInt8(ascii: "x") {
            return ascii[2...]
        }
        return ascii[...]
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
