import Foundation

/// The relay endpoint for one connection: `<scheme>://<host>/api/v1/relay?api_key=…&pairing_id=…`.
///
/// The query carries the API key, as the reference relay expects (wire compatibility), so the full URL
/// is a secret: ``description`` and ``sanitized`` print `scheme://host/path` only, and nothing in the
/// gateway logs ``secretURL``. Unlike the reference, every query value is percent-encoded, and only
/// real private ranges (and 100.64/10, Tailscale's CGNAT range, not all of 100/8) default to plain `ws`.
public struct RelayURL: Sendable, Equatable, CustomStringConvertible {
    /// What the gateway identifies itself with on this connection.
    public enum Pairing: Sendable, Equatable {
        /// A pairing id saved by an earlier `gateway pair`.
        case pairingId(String)
        /// A six-character code from the dashboard (first-time pairing).
        case pairingCode(String)
    }

    /// `ws` or `wss`.
    public let scheme: String
    /// Host with an optional `:port`.
    public let authority: String
    public let path: String
    /// The full URL including the API key: hand it to the transport only, never to a logger.
    public let secretURL: String

    /// - Parameters:
    ///   - host: `PUMPAMP_HOST`: a host (`api.pumpamp.com`, `127.0.0.1:8080`) or a `ws://`/`wss://` prefix.
    ///   - apiKey: `PUMPAMP_API_KEY`.
    ///   - pairing: the saved pairing id (preferred) or a pairing code.
    public init(host: String, apiKey: String, pairing: Pairing) {
        var rest = host.trimmingCharacters(in: .whitespaces)
        var scheme: String
        if rest.lowercased().hasPrefix("wss://") {
            scheme = "wss"; rest = String(rest.dropFirst(6))
        } else if rest.lowercased().hasPrefix("ws://") {
            scheme = "ws"; rest = String(rest.dropFirst(5))
        } else {
            scheme = Self.isPrivate(hostname: String(rest.split(separator: ":").first ?? "")) ? "ws" : "wss"
        }
        while rest.hasSuffix("/") { rest.removeLast() }
        let slash = rest.firstIndex(of: "/")
        let authority = slash.map { String(rest[..<$0]) } ?? rest
        let prefix = slash.map { String(rest[$0...]) } ?? ""
        self.scheme = scheme
        self.authority = authority
        self.path = prefix + "/api/v1/relay"
        let pairingItem = switch pairing {
        case .pairingId(let id): "pairing_id=" + Self.encode(id)
        case .pairingCode(let code): "pairing_code=" + Self.encode(code)
        }
        self.secretURL = "\(scheme)://\(authority)\(path)?api_key=\(Self.encode(apiKey))&\(pairingItem)"
    }

    /// `scheme://host/path`: safe to log.
    public var sanitized: String { "\(scheme)://\(authority)\(path)" }
    public var description: String { sanitized }

    /// Whether a hostname is loopback or private (plain `ws` by default there).
    public static func isPrivate(hostname: String) -> Bool {
        let name = hostname.lowercased()
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        let octets = name.split(separator: ".").compactMap { UInt8($0) }
        guard octets.count == 4, name.split(separator: ".").count == 4 else { return false }
        switch (octets[0], octets[1]) {
        case (127, _), (10, _), (192, 168): return true
        case (172, 16...31): return true
        case (100, 64...127): return true
        default: return false
        }
    }

    /// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Removes the query and fragment (and any user info) of any URL text, for log lines.
    public static func sanitize(_ text: String) -> String {
        var cut = text
        if let i = cut.firstIndex(where: { $0 == "?" || $0 == "#" }) { cut = String(cut[..<i]) }
        if let schemeEnd = cut.range(of: "://"), let at = cut[schemeEnd.upperBound...].firstIndex(of: "@") {
            cut = String(cut[..<schemeEnd.upperBound]) + String(cut[cut.index(after: at)...])
        }
        return cut
    }
}
