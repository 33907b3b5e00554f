import VenueKit

/// Turns Hyperliquid's error texts and HTTP outcomes into contract codes, keeping the venue's words.
///
/// Hyperliquid has no error codes: an envelope failure is `{"status":"err","response":"<text>"}` (HTTP 200),
/// a per-order failure is `{"error":"<text>"}` inside `statuses`. The text decides the code.
public enum VenueErrors {
    /// The contract code for a venue error text.
    public static func status(for text: String) -> VenueStatus {
        let lower = text.lowercased()
        func has(_ part: String) -> Bool { lower.contains(part) }
        if has("does not exist") && (has("user") || has("wallet") || has("agent")) { return .auth }
        if has("signature") || has("not authorized") || has("unauthorized") || has("agent") && has("expired") { return .auth }
        if has("nonce") || has("expired") || has("expires") { return .clockSkew }
        if has("rate limit") || has("too many cumulative requests") || has("too many requests") { return .rateLimited }
        if has("insufficient") || has("must deposit") || has("not enough") { return .insufficientBalance }
        if has("never placed") || has("already canceled") || has("unknown oid") || has("order not found")
            || has("does not exist") { return .notFound }
        if has("vault") { return .auth }
        if has("invalid price") || has("invalid size") || has("tick size") || has("minimum value") || has("post only")
            || has("reduce only") || has("invalid asset") || has("price must be") || has("size must be")
            || has("too far from") || has("leverage") { return .invalidOrder }
        return .venueRejected
    }

    /// A failure for a venue error text, prefixed with what was being done.
    public static func failure(_ text: String, doing what: String) -> VenueFailure {
        let status = status(for: text)
        // A refused nonce or expired action was certainly not applied: signing it again is safe.
        let retryable = status == .clockSkew || status == .rateLimited
        return VenueFailure(status, "hyperliquid: \(what): \(text)", retryable: retryable)
    }

    /// The failure for an HTTP reply that is not a 200 (nil for a 200), or a transport failure.
    ///
    /// - Parameter isAction: true for `/exchange` (an action that may have been executed), false for `/info`.
    public static func failure(for response: HTTPResponse, doing what: String, isAction: Bool) -> VenueFailure? {
        if response.statusCode == 0 {
            let status = response.transportStatus == .ok ? VenueStatus.outcomeUnknown : response.transportStatus
            return VenueFailure(status, "hyperliquid: \(what): transport failure: \(response.transportMessage)",
                                retryable: status == .venueUnavailable)
        }
        let body = excerpt(response.bodyText)
        switch response.statusCode {
        case 200..<300:
            return nil
        case 429:
            let seconds = response.header("retry-after").flatMap { UInt32($0.trimmingSpaces) } ?? 0
            return VenueFailure(.rateLimited, "hyperliquid: \(what): rate limited (HTTP 429): \(body)", venueCode: "429",
                                retryable: true, retryAfterMs: seconds.multipliedReportingOverflow(by: 1000).overflow ? 0 : seconds * 1000)
        case 500..<600:
            // A POST that reached the venue's front may have been executed: only reads are safely "unavailable".
            return VenueFailure(isAction ? .outcomeUnknown : .venueUnavailable,
                                "hyperliquid: \(what): HTTP \(response.statusCode): \(body)", venueCode: String(response.statusCode),
                                retryable: !isAction)
        default:
            // 4xx: the venue did not accept the request at all (422: it could not deserialise the body).
            return VenueFailure(.internalError, "hyperliquid: \(what): HTTP \(response.statusCode): \(body)",
                                venueCode: String(response.statusCode))
        }
    }

    /// At most 500 characters of a reply, for messages.
    public static func excerpt(_ text: String) -> String {
        text.count <= 500 ? text : String(text.prefix(500)) + "…"
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
