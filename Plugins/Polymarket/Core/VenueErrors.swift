import VenueKit

/// Turns CLOB replies that are not a success into contract failures, keeping the venue's own words.
///
/// The CLOB has no error codes: it answers `{"error": "<text>"}` (HTTP 4xx) or, for orders,
/// `{"success": false, "errorMsg": "<text>"}`. The text decides the contract code; the HTTP status
/// becomes `venue_code`.
public enum VenueErrors {
    /// The venue's text in a reply body (`error`, `errorMsg`, `message`), else the body's first 300 bytes.
    public static func venueText(_ body: [UInt8]) -> String {
        if let json = try? PolyJSON.parse(body) {
            for key in ["error", "errorMsg", "message"] {
                if let text = json[key]?.stringValue, !text.isEmpty { return text }
                if let nested = json[key], nested.objectValue != nil { return nested.serialized }
            }
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return text.isEmpty ? "(empty body)" : text
    }

    /// The contract code for a rejection text, or nil when the text says nothing specific.
    public static func status(forText text: String) -> VenueStatus? {
        let t = text.lowercased()
        func has(_ words: String...) -> Bool { words.contains { t.contains($0) } }
        if has("not enough balance", "allowance", "insufficient") { return .insufficientBalance }
        if has("invalid signature", "unauthorized", "invalid api key", "api key", "l1 request headers", "l2 auth",
               "invalid authorization", "invalid l1", "invalid l2") { return .auth }
        if has("timestamp") { return .clockSkew }
        if has("rate limit", "too many requests") { return .rateLimited }
        if has("not found", "does not exist", "no orderbook") { return .notFound }
        if has("tick size", "minimum tick", "invalid price", "lower than the minimum", "min size", "invalid amount",
               "invalid expiration", "invalid nonce", "invalid post-only order", "invalid order", "order crosses book",
               "duplicate", "invalid fee", "order_version_mismatch", "invalid side") { return .invalidOrder }
        if has("fok orders are fully filled or killed", "fak orders are partially filled or killed", "no match",
               "not yet ready", "post-only mode", "closed only", "cancel-only", "trading is", "paused", "market is closed",
               "restricted") { return .venueRejected }
        return nil
    }

    /// A failed reply (`status_code` not 200, or no status at all) as a contract failure.
    ///
    /// - Parameters:
    ///   - what: the request, e.g. "POST /order", named in the message.
    ///   - mutating: whether the request changes state at the venue: a 5xx or dropped connection then
    ///     leaves the outcome unknown (the venue may have acted), while for reads it is only unavailable.
    public static func failure(_ response: HTTPResponse, what: String, mutating: Bool) -> VenueFailure {
        if response.statusCode == 0 {
            let status: VenueStatus = response.transportStatus == .ok ? .outcomeUnknown : response.transportStatus
            let effective = !mutating && status == .outcomeUnknown ? VenueStatus.venueUnavailable : status
            return VenueFailure(effective, "polymarket: \(what): no reply (\(response.transportMessage.isEmpty ? "transport failure" : response.transportMessage))",
                                retryable: effective == .venueUnavailable)
        }
        let text = venueText(response.body)
        let code = String(response.statusCode)
        let message = "polymarket: \(what) refused (HTTP \(response.statusCode)): \(text)"
        switch response.statusCode {
        case 429:
            let retry = response.header("retry-after").flatMap { UInt32($0) }.map { $0 * 1000 } ?? 0
            return VenueFailure(.rateLimited, message, venueCode: code, retryable: true, retryAfterMs: retry)
        case 401, 403:
            return VenueFailure(status(forText: text) == .clockSkew ? .clockSkew : .auth, message, venueCode: code)
        case 404:
            return VenueFailure(.notFound, message, venueCode: code)
        case 500...599:
            return VenueFailure(mutating ? .outcomeUnknown : .venueUnavailable, message, venueCode: code,
                                retryable: !mutating)
        default:
            return VenueFailure(status(forText: text) ?? .venueRejected, message, venueCode: code)
        }
    }

    /// An order the CLOB answered with HTTP 200 but `success: false` / a non-empty `errorMsg`.
    public static func orderRejection(_ text: String) -> VenueFailure {
        VenueFailure(status(forText: text) ?? .venueRejected, "polymarket: order refused: \(text)", venueCode: "order_rejected")
    }
}
