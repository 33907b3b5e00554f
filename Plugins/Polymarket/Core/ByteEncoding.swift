/// Hex, url-safe base64 and 256-bit big-endian integers: the encodings the CLOB's signing uses.
public enum ByteEncoding {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex without a prefix.
    public static func hex(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex, with or without `0x`; nil for odd lengths or other characters.
    public static func unhex(_ text: String) -> [UInt8]? {
        var utf8 = Array(text.utf8)
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") {
            utf8.removeFirst(2)
        }
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// URL-safe base64 with `=` padding, as Python's `base64.urlsafe_b64encode`.
    public static func base64URL(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(base64URLAlphabet[Int(b0 >> 2)])
            out.append(base64URLAlphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? base64URLAlphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? base64URLAlphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes base64 in either alphabet (url-safe or standard), padding optional, as Python's
    /// `base64.urlsafe_b64decode` accepts what the venue issues. Nil for anything else.
    public static func unbase64(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        var padding = 0
        for c in text.utf8 {
            let value: UInt8
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = c - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = c - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = c - UInt8(ascii: "0") + 52
            case UInt8(ascii: "-"), UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "_"), UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="): padding += 1; continue
            default: return nil
            }
            guard padding == 0 else { return nil }
            values.append(value)
        }
        guard values.count % 4 != 1, padding <= 2 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = Array(values[index..<min(index + 4, values.count)])
            let v0 = chunk[0], v1 = chunk.count > 1 ? chunk[1] : 0
            out.append(v0 << 2 | v1 >> 4)
            if chunk.count > 2 { out.append((v1 & 0x0F) << 4 | chunk[2] >> 2) }
            if chunk.count > 3 { out.append((chunk[2] & 0x03) << 6 | chunk[3]) }
            index += 4
        }
        return out
    }

    /// A non-negative decimal integer string as a 32-byte big-endian word; nil if it is not one or exceeds 2^256-1.
    ///
    /// Works on four 64-bit limbs, up to 19 digits at a time (token ids have ~77 digits and are hashed per order).
    public static func uint256(decimal text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count <= 78 else { return nil }
        var limbs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // least significant first
        var index = 0
        while index < digits.count {
            let end = min(index + 19, digits.count)
            var chunk: UInt64 = 0
            var scale: UInt64 = 1
            var i = index
            while i < end {
                let c = digits[i]
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                chunk = chunk * 10 + UInt64(c - UInt8(ascii: "0"))
                scale *= 10
                i += 1
            }
            // limbs = limbs * scale + chunk
            var carry = chunk
            func step(_ limb: inout UInt64) {
                let product = limb.multipliedFullWidth(by: scale)
                let (sum, overflow) = product.low.addingReportingOverflow(carry)
                limb = sum
                carry = product.high &+ (overflow ? 1 : 0)
            }
            step(&limbs.0)
            step(&limbs.1)
            step(&limbs.2)
            step(&limbs.3)
            guard carry == 0 else { return nil }
            index = end
        }
        var word = [UInt8](repeating: 0, count: 32)
        let ordered = [limbs.3, limbs.2, limbs.1, limbs.0]
        var position = 0
        while position < 4 {
            let limb = ordered[position]
            var byte = 0
            while byte < 8 {
                word[position * 8 + byte] = UInt8(truncatingIfNeeded: limb >> (56 - 8 * UInt64(byte)))
                byte += 1
            }
            position += 1
        }
        return word
    }

    /// An unsigned integer as a 32-byte big-endian word.
    public static func uint256(_ value: UInt64) -> [UInt8] {
        var word = [UInt8](repeating: 0, count: 32)
        for i in 0..<8 { word[31 - i] = UInt8((value >> (8 * UInt64(i))) & 0xFF) }
        return word
    }

    /// `bytes` left-padded with zeros to 32 (addresses in ABI encoding).
    public static func leftPad32(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8](repeating: 0, count: max(0, 32 - bytes.count)) + bytes
    }
}
