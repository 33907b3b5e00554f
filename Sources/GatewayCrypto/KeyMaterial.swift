/// Helpers for turning secrets as they are stored (environment variables, files, venue replies)
/// into the bytes ``KeyStore/add(kind:material:label:)`` expects.
///
/// `add` does not guess encodings for HMAC keys: a venue whose secret is base64url and whose HMAC
/// keys on the decoded bytes (Polymarket's API secret) decodes it with `base64URLDecoded(_:)`
/// first; venues that key on the secret string's bytes (Binance) pass it as is.
public enum KeyMaterial {
    /// Decodes base64url (`-` and `_`), also accepting the standard alphabet (`+` and `/`), with or
    /// without `=` padding. Errors say where the input is wrong, never what it contains.
    public static func base64URLDecoded(_ text: String) throws(CryptoError) -> [UInt8] {
        var ascii = Array(text.utf8)
        defer { wipe(&ascii) }
        return try base64URLDecoded(ascii)
    }

    /// Decodes base64url given as ASCII bytes; see `base64URLDecoded(_:)`.
    public static func base64URLDecoded(_ ascii: [UInt8]) throws(CryptoError) -> [UInt8] {
        var end = ascii.count
        while end > 0, ascii[end - 1] == UInt8(ascii: "=") { end -= 1 }
        guard ascii.count - end <= 2, end % 4 != 1 else {
            throw CryptoError(.invalidInput, "not base64url: impossible length \(ascii.count)")
        }
        var out: [UInt8] = []
        out.reserveCapacity(end * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for i in 0..<end {
            guard let value = sextet(ascii[i]) else {
                wipe(&out)
                throw CryptoError(.invalidInput, "not base64url: invalid character at offset \(i)")
            }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return out
    }

    private static func sextet(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): c - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): c - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"), UInt8(ascii: "+"): 62
        case UInt8(ascii: "_"), UInt8(ascii: "/"): 63
        default: nil
        }
    }

    /// Whether `material` looks like PEM text (has a `-----BEGIN ` line).
    static func isPEM(_ material: [UInt8]) -> Bool {
        contains(material, "-----BEGIN ")
    }

    /// PEM text ready for OpenSSL: surrounding blanks and quotes removed, and newlines that were
    /// written as the two characters `\n` (usual when a PEM file is pasted into an env variable)
    /// turned into real ones. The caller wipes the result.
    static func normalizedPEM(_ material: [UInt8]) -> [UInt8] {
        var start = 0
        var end = material.count
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        func isQuote(_ c: UInt8) -> Bool { c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") }
        while start < end, isBlank(material[start]) || isQuote(material[start]) { start += 1 }
        while end > start, isBlank(material[end - 1]) || isQuote(material[end - 1]) { end -= 1 }
        var out: [UInt8] = []
        out.reserveCapacity(end - start + 1)
        var i = start
        while i < end {
            if material[i] == UInt8(ascii: "\\"), i + 1 < end, material[i + 1] == UInt8(ascii: "n") || material[i + 1] == UInt8(ascii: "r") {
                if material[i + 1] == UInt8(ascii: "n") { out.append(0x0A) }
                i += 2
            } else {
                out.append(material[i])
                i += 1
            }
        }
        out.append(0x0A)
        return out
    }

    /// Whether `haystack` contains the ASCII `needle`.
    static func contains(_ haystack: [UInt8], _ needle: StaticString) -> Bool {
        let n = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard n.count <= haystack.count else { return false }
        for i in 0...(haystack.count - n.count) where haystack[i] == n[0] {
            if haystack[i..<(i + n.count)].elementsEqual(n) { return true }
        }
        return false
    }
}
