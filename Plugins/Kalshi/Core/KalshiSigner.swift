import PluginABI
import VenueKit

/// Signs Kalshi requests through the host's key store: RSASSA-PSS, SHA-256, MGF1-SHA-256, 32-byte salt.
///
/// The signed string is `timestamp_ms + METHOD + path`, where `path` is the full URL path (with
/// `/trade-api/v2`) and never the query string; the timestamp is the host clock in milliseconds. The
/// key id header is filled in by the host from a TEXT key, so the plugin never reads it either.
public struct KalshiSigner: Sendable {
    public let host: HostHandle
    public let apiKey: gw_key
    public let privateKey: gw_key

    public init(host: HostHandle, apiKey: gw_key, privateKey: gw_key) {
        self.host = host
        self.apiKey = apiKey
        self.privateKey = privateKey
    }

    /// The string Kalshi verifies.
    public static func message(timestampMs: Int64, method: String, path: String) -> String {
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        return "\(timestampMs)\(method.uppercased())\(bare)"
    }

    /// The three authentication headers for a request to `path` (a URL path, query ignored).
    public func headers(method: String, path: String) throws(VenueFailure) -> [HTTPRequest.Header] {
        let timestamp = host.nowUnixMs
        let message = Self.message(timestampMs: timestamp, method: method, path: path)
        let signature: [UInt8]
        do {
            signature = try host.rsaPSSSign(key: privateKey, message: Array(message.utf8))
        } catch {
            throw VenueFailure(error.status == .internalError ? .auth : error.status,
                               "signing \(method) \(path) with credential 'private_key' failed: \(error.message)")
        }
        return [
            HTTPRequest.Header("KALSHI-ACCESS-KEY", "", valueKey: apiKey),
            HTTPRequest.Header("KALSHI-ACCESS-TIMESTAMP", String(timestamp)),
            HTTPRequest.Header("KALSHI-ACCESS-SIGNATURE", Base64.encode(signature)),
        ]
    }
}

/// Standard base64 with padding (RFC 4648 §4), as Kalshi expects signatures.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes standard base64 with padding; nil for anything else.
    public static func decode(_ text: String) -> [UInt8]? {
        var lookup = [UInt8: UInt32]()
        for (i, c) in alphabet.enumerated() { lookup[c] = UInt32(i) }
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < chars.count {
            var n: UInt32 = 0
            var pad = 0
            for j in 0..<4 {
                let c = chars[i + j]
                if c == UInt8(ascii: "=") {
                    guard i + 4 == chars.count, j >= 2 else { return nil }
                    pad += 1
                    n <<= 6
                } else {
                    guard pad == 0, let v = lookup[c] else { return nil }
                    n = n << 6 | v
                }
            }
            out.append(UInt8(n >> 16 & 0xFF))
            if pad < 2 { out.append(UInt8(n >> 8 & 0xFF)) }
            if pad < 1 { out.append(UInt8(n & 0xFF)) }
            i += 4
        }
        return out
    }
}
