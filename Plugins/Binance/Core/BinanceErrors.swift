import VenueKit

/// Maps Binance's error replies (`{"code": <negative int>, "msg": "<text>"}` and HTTP statuses) to the
/// contract's codes, keeping Binance's code as `venue_code` and its message in the text.
///
/// The reference connector collapsed codes into labels and dropped the text, and called -2010
/// "order not found"; here every mapping keeps the original code and words.
public enum BinanceErrors {
    /// What kind of request failed: it decides what an unknown execution state means.
    public enum RequestKind: Sendable {
        /// Reads change nothing: an unknown state is just "unavailable, try again".
        case read
        /// Order placement and cancels may have taken effect when the reply is lost.
        case write
    }

    /// Codes whose text Binance uses for an unknown execution state (`-1000 UNKNOWN`,
    /// `-1001 DISCONNECTED`, `-1006 UNEXPECTED_RESP`, `-1007 TIMEOUT`): query before retrying.
    public static let unknownExecutionCodes: Set<Int> = [-1000, -1001, -1006, -1007]

    /// Codes of filter and parameter failures: the order breaks a rule and was refused.
    static let invalidOrderCodes: Set<Int> = [
        -1013, -1100, -1101, -1102, -1103, -1104, -1105, -1106, -1111, -1112, -1114, -1115, -1116, -1117, -1118,
        -1119, -1120, -1125, -1127, -1128, -1130, -1131, -4061,
    ]

    /// The failure for an HTTP error reply.
    ///
    /// - Parameters:
    ///   - httpStatus: the HTTP status (>= 400).
    ///   - code, message: Binance's `code` and `msg`, if the body had them.
    ///   - retryAfter: the `Retry-After` header (seconds), if any.
    ///   - what: the operation, for the message ("new order BTCUSDT").
    public static func failure(httpStatus: Int, code: Int?, message: String, retryAfter: String?, kind: RequestKind,
                               what: String) -> VenueFailure {
        let venueCode = code.map(String.init) ?? "HTTP \(httpStatus)"
        let text = "\(what): Binance \(code.map(String.init) ?? "HTTP \(httpStatus)"): \(message)"
        func make(_ status: VenueStatus, retryable: Bool = false, retryAfterMs: UInt32 = 0) -> VenueFailure {
            VenueFailure(status, text, venueCode: venueCode, retryable: retryable, retryAfterMs: retryAfterMs)
        }
        if httpStatus == 429 || httpStatus == 418 || code == -1003 || code == -1015 {
            let ms = retryAfterMilliseconds(retryAfter)
            let ban = httpStatus == 418 ? " (HTTP 418: the IP is banned for ignoring 429s)" : ""
            return VenueFailure(.rateLimited, text + ban, venueCode: venueCode, retryable: true, retryAfterMs: ms)
        }
        if let code {
            if unknownExecutionCodes.contains(code) {
                return kind == .write ? make(.outcomeUnknown) : make(.venueUnavailable, retryable: true)
            }
            switch code {
            case -1021: return make(.clockSkew, retryable: true)
            case -1002, -1022, -2014, -2015: return make(.auth)
            case -1008: return make(.venueUnavailable, retryable: true)  // server busy: refused before processing
            case -1121: return make(.notFound)
            case -2011, -2013: return make(.notFound)
            case -2018, -2019, -4050, -4051: return make(.insufficientBalance)
            case -2010:
                let lower = message.lowercased()
                if lower.contains("insufficient balance") || lower.contains("balance is insufficient") {
                    return make(.insufficientBalance)
                }
                return make(.venueRejected)
            case -2022, -4116, -5021, -5022: return make(.venueRejected)
            default:
                if invalidOrderCodes.contains(code) || (-4199 ... -4000).contains(code) { return make(.invalidOrder) }
            }
        }
        if httpStatus >= 500 {
            // Binance: "the execution status is UNKNOWN and could have been a success".
            return kind == .write ? make(.outcomeUnknown) : make(.venueUnavailable, retryable: true)
        }
        if httpStatus == 401 { return make(.auth) }
        if httpStatus == 403 { return make(.venueRejected) }  // WAF limit
        if code == nil { return make(kind == .write ? .venueRejected : .internalError) }
        return make(.venueRejected)
    }

    /// Whether Binance refused an order because its client order id is already used by an open order
    /// (spot -2010 "Duplicate order sent.", USD-M -4116 "ClientOrderId is duplicated.").
    public static func isDuplicateClientOrderId(_ failure: VenueFailure) -> Bool {
        failure.venueCode == "-4116" || (failure.venueCode == "-2010" && failure.message.contains("Duplicate order sent."))
    }

    /// Whether a failure was a filter rejection that stale cached rules could explain.
    public static func isFilterFailure(_ venueCode: String) -> Bool {
        ["-1013", "-1111", "-4014", "-4023", "-4164", "-4003", "-4004", "-4005", "-4013", "-4016"].contains(venueCode)
    }

    /// `Retry-After` in seconds (Binance sends an integer) → milliseconds; 0 if absent or unreadable.
    public static func retryAfterMilliseconds(_ header: String?) -> UInt32 {
        guard let header, let seconds = UInt32(header.trimmingSpaces()) else { return 0 }
        return seconds > UInt32.max / 1000 ? UInt32.max : seconds * 1000
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
