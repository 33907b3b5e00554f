#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// Turns Kalshi's failures into the contract's codes, keeping the venue's own code and message.
///
/// Kalshi answers errors as `{"error":{"code","message","details","service"}}`. The HTTP status picks
/// the contract code (a few venue codes refine it: insufficient balance, a stale timestamp); the venue
/// code goes to `venue_code` and the message keeps the venue's words. A write that ends in a 5xx may
/// have been processed, so it is `outcome_unknown`, never a definite rejection.
public enum KalshiErrorMapper {
    /// Whether a request only reads (safe to retry) or may change state at the venue.
    public enum Access: Sendable { case read, write }

    /// The venue's error body, when there is one.
    public struct VenueError: Sendable, Equatable {
        public var code: String
        public var message: String
        public var details: String

        /// Parses `{"error":{...}}` (also a bare `{"code","message"}`); nil for anything else.
        public static func parse(_ body: [UInt8]) -> VenueError? {
            guard let root = KalshiJSONValue.parse(body) else { return nil }
            let error = root["error"] ?? root
            guard case .object = error else { return nil }
            let code = error["code"]?.stringValue ?? ""
            let message = error["message"]?.stringValue ?? ""
            guard !code.isEmpty || !message.isEmpty else { return nil }
            return VenueError(code: code, message: message, details: error["details"]?.stringValue ?? "")
        }
    }

    /// The failure for an HTTP reply with a non-2xx status.
    public static func failure(status: Int, body: [UInt8], retryAfter: String?, access: Access, what: String)
        -> VenueFailure
    {
        let venue = VenueError.parse(body)
        let code = venue?.code ?? ""
        var text = venue.map { [$0.message, $0.details].filter { !$0.isEmpty }.joined(separator: ": ") } ?? ""
        if text.isEmpty { text = "HTTP \(status): \(excerpt(body))" }
        let message = "\(what): \(text)"
        let lowered = (code + " " + text).lowercased()
        switch status {
        case 400, 422:
            if lowered.contains("insufficient") { return VenueFailure(.insufficientBalance, message, venueCode: code) }
            return VenueFailure(.invalidOrder, message, venueCode: code)
        case 401, 403:
            if lowered.contains("timestamp") || lowered.contains("expired") || lowered.contains("clock") {
                return VenueFailure(.clockSkew, message, venueCode: code)
            }
            return VenueFailure(.auth, message, venueCode: code)
        case 404:
            return VenueFailure(.notFound, message, venueCode: code)
        case 409:
            return VenueFailure(.invalidOrder, message, venueCode: code)
        case 429:
            let seconds = retryAfter.flatMap { Double($0.filter { $0 != " " }) } ?? 0
            return VenueFailure(.rateLimited, message, venueCode: code, retryable: true,
                                retryAfterMs: UInt32(clamping: Int(max(0, seconds) * 1000)))
        case 500...599:
            if access == .read { return VenueFailure(.venueUnavailable, message, venueCode: code, retryable: true) }
            return VenueFailure(.outcomeUnknown, "\(message) (the venue may have processed it: look the order up before resending)",
                                venueCode: code)
        default:
            if lowered.contains("insufficient") { return VenueFailure(.insufficientBalance, message, venueCode: code) }
            return VenueFailure(.venueRejected, message, venueCode: code)
        }
    }

    /// Decodes a reply body, turning a decoding error into ``malformed(_:_:_:)-(_,_,any Error)``.
    public static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], what: String) throws(VenueFailure) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw malformed(what, body, error)
        }
    }

    /// The failure for a reply whose body could not be understood: internal, with the venue's text kept.
    public static func malformed(_ what: String, _ body: [UInt8], _ reason: any Error) -> VenueFailure {
        malformed(what, body, describe(reason))
    }

    public static func malformed(_ what: String, _ body: [UInt8], _ reason: String) -> VenueFailure {
        VenueFailure(.internalError, "\(what): unreadable venue reply (\(reason)): \(excerpt(body))")
    }

    /// At most 300 characters of a body, for messages.
    public static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(600), as: UTF8.self)
        let trimmed = text.count > 300 ? String(text.prefix(300)) + "…" : text
        return trimmed.isEmpty ? "(empty body)" : trimmed
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "field '\(path(context.codingPath + [key]))' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "field '\(path(context.codingPath))' has the wrong type"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "field '\(path(context.codingPath))' is corrupted"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
