/// Which Kalshi deployment an instance talks to: production or demo (separate keys, separate hosts).
///
/// The manifest's `environment` picks the default REST root; `base_url` overrides it (tests point it at
/// a loopback emulator). A `base_url` without a path gets the venue's `/trade-api/v2` prefix appended,
/// so the reference gateway's host-only setting keeps working.
public enum KalshiEnvironment: String, Sendable, CaseIterable {
    case production
    case demo

    /// The documented REST root (venue facts §2.1).
    public var defaultBaseURL: String {
        switch self {
        case .production: "https://external-api.kalshi.com/trade-api/v2"
        case .demo: "https://external-api.demo.kalshi.co/trade-api/v2"
        }
    }

    /// Kalshi's own hosts for this environment (current and older names), to catch a `base_url` of the other one.
    public var knownHosts: Set<String> {
        switch self {
        case .production: ["external-api.kalshi.com", "api.elections.kalshi.com", "trading-api.kalshi.com"]
        case .demo: ["external-api.demo.kalshi.co", "demo-api.kalshi.co"]
        }
    }

    /// The path every REST call lives under, and which the signature covers.
    public static let apiPathPrefix = "/trade-api/v2"
}

/// A REST root split into the part before the path and the path, so a request's signed path is known exactly.
public struct KalshiBaseURL: Sendable, Equatable {
    /// Scheme and authority, e.g. `https://external-api.kalshi.com`.
    public var origin: String
    /// The path prefix, e.g. `/trade-api/v2` (no trailing slash).
    public var pathPrefix: String

    /// Parses an absolute http(s) URL; nil when it is not one or carries a query or fragment.
    public init?(_ text: String) {
        let lowered = text.lowercased()
        let scheme: String
        if lowered.hasPrefix("https://") { scheme = "https" } else if lowered.hasPrefix("http://") { scheme = "http" } else { return nil }
        let rest = text.dropFirst(scheme.count + 3)
        guard !rest.contains("?"), !rest.contains("#") else { return nil }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        guard !authority.isEmpty, !authority.contains(where: { $0 == " " }) else { return nil }
        var path = String(rest[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty { path = KalshiEnvironment.apiPathPrefix }
        origin = "\(scheme)://\(authority)"
        pathPrefix = path
    }

    /// The absolute URL of `path` (which starts with `/`), with an already encoded query.
    public func url(path: String, query: String) -> String {
        origin + pathPrefix + path + (query.isEmpty ? "" : "?" + query)
    }

    /// The host name, lower-cased, without port or user info.
    public var host: String {
        var authority = Substring(origin.split(separator: "/").last ?? "")
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        return String(authority.split(separator: ":").first ?? authority).lowercased()
    }

    /// The path the venue signs: the full URL path, without the query string.
    public func signedPath(_ path: String) -> String { pathPrefix + path }
}
