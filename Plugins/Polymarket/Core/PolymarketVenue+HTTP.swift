#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// How a request authenticates.
enum ClobAuth {
    /// Public endpoint.
    case none
    /// L2: POLY_* headers with the HMAC of the API secret.
    case level2(ApiCredentials)
}

extension PolymarketVenue {
    /// Sends a request to the CLOB (or `host` if given) through the host.
    ///
    /// - Parameters:
    ///   - path: the path without the query string (what L2 signs).
    ///   - query: `name=value` pairs, percent-encoded here.
    ///   - onFailure: called instead of `handler` when the host refuses to queue the request or signing fails;
    ///     the request certainly did not reach the venue.
    func request(_ method: String, _ path: String, query: [(String, String)] = [], body: String? = nil, auth: ClobAuth,
                 base: String? = nil, bucket: String, idempotent: Bool = false,
                 onFailure: @escaping (VenueFailure) -> Void, _ handler: @escaping (HTTPResponse) -> Void) {
        let bodyBytes = body.map { Array($0.utf8) } ?? []
        var headers = [HTTPRequest.Header("Accept", "application/json"),
                       HTTPRequest.Header("User-Agent", "gateway-polymarket/\(Self.info.version)")]
        if body != nil { headers.append(HTTPRequest.Header("Content-Type", "application/json")) }
        if case .level2(let credentials) = auth {
            guard let signer else { return onFailure(missingKeyFailure) }
            do throws(VenueFailure) {
                headers += try credentials.level2Headers(
                    address: signer.checksummedAddress, timestampSeconds: host.nowUnixMs / 1000, method: method, path: path,
                    body: bodyBytes) { key, message throws(VenueFailure) in try host.hmacSHA256(key: key, message: message) }
            } catch {
                return onFailure(error)
            }
        }
        send(HTTPRequest(method: method, url: (base ?? config.baseURL) + path + Self.queryString(query), headers: headers,
                         body: bodyBytes, timeoutMs: config.requestTimeoutMs, idempotent: idempotent, rateLimitBucket: bucket),
             onFailure: onFailure, handler)
    }

    func send(_ request: HTTPRequest, onFailure: @escaping (VenueFailure) -> Void, _ handler: @escaping (HTTPResponse) -> Void) {
        let status = host.send(request, completion: handler)
        if status != .ok {
            let path = request.url.split(separator: "?").first.map(String.init) ?? request.url
            onFailure(VenueFailure(status == .auth ? .auth : .venueUnavailable,
                                   "polymarket: the host refused to send \(request.method) \(path) (\(status))"))
        }
    }

    static func queryString(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        return "?" + query.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    /// The JSON of a 200 reply, or the failure it stands for.
    func decode(_ response: HTTPResponse, what: String, mutating: Bool) throws(VenueFailure) -> PolyJSON {
        guard response.statusCode == 200 else {
            let failure = VenueErrors.failure(response, what: what, mutating: mutating)
            if failure.status == .auth, response.statusCode == 401 { forgetCredentials() }
            throw failure
        }
        do throws(PolyJSON.ParseError) {
            return try PolyJSON.parse(response.body)
        } catch {
            throw VenueFailure(.internalError, "polymarket: \(what): unreadable reply (\(error)): \(VenueErrors.venueText(response.body))",
                               venueCode: "200")
        }
    }

    var missingKeyFailure: VenueFailure {
        VenueFailure(.auth, "polymarket: no wallet key: configure credentials.private_key (POLYMARKET_PRIVATE_KEY, a secp256k1 key)")
    }

    // MARK: API credentials

    /// Runs `body` with the L2 credentials, creating or deriving them first if needed.
    ///
    /// Operations that arrive while the key is being derived wait in a queue; they all get the same result.
    /// A failure is reported to every waiting operation (none of them reached the venue) and the next
    /// operation tries again.
    func withCredentials(_ body: @escaping (Result<ApiCredentials, VenueFailure>) -> Void) {
        switch credentialPhase {
        case .ready(let credentials):
            body(.success(credentials))
        case .pending(let waiting):
            credentialPhase = .pending(waiting + [body])
        case .idle:
            guard signer != nil else { return body(.failure(missingKeyFailure)) }
            credentialPhase = .pending([body])
            createApiKey()
        }
    }

    func forgetCredentials() {
        if case .ready = credentialPhase { credentialPhase = .idle }
    }

    private func finishCredentials(_ result: Result<ApiCredentials, VenueFailure>) {
        guard case .pending(let waiting) = credentialPhase else { return }
        switch result {
        case .success(let credentials):
            credentialPhase = .ready(credentials)
            host.log(GW_LOG_INFO, "polymarket: API key ready for \(signer?.checksummedAddress ?? "?") (nonce \(config.apiKeyNonce))")
        case .failure(let failure):
            credentialPhase = .idle
            lastCredentialError = failure.message
            host.log(GW_LOG_ERROR, failure.message)
        }
        for body in waiting { body(result) }
    }

    /// `POST /auth/api-key`, then on any failure `GET /auth/derive-api-key` (the official create-or-derive).
    private func createApiKey() {
        l1Request("POST", "/auth/api-key") { [self] response in
            if response.statusCode == 200, let json = try? PolyJSON.parse(response.body), json["apiKey"]?.stringValue?.isEmpty == false {
                return importCredentials(json, what: "POST /auth/api-key")
            }
            let createText = response.statusCode == 0 ? response.transportMessage : VenueErrors.venueText(response.body)
            host.log(GW_LOG_INFO, "polymarket: creating an API key failed (\(createText)); deriving the existing one")
            deriveApiKey(createText: createText)
        }
    }

    private func deriveApiKey(createText: String) {
        l1Request("GET", "/auth/derive-api-key") { [self] response in
            guard response.statusCode == 200 else {
                var failure = VenueErrors.failure(response, what: "GET /auth/derive-api-key", mutating: false)
                // The waiting operation never reached the venue.
                if ![.auth, .clockSkew, .rateLimited].contains(failure.status) { failure.status = .venueUnavailable }
                failure.message = "polymarket: no API key: create failed (\(createText)); derive failed: \(failure.message)"
                return finishCredentials(.failure(failure))
            }
            guard let json = try? PolyJSON.parse(response.body) else {
                return finishCredentials(.failure(VenueFailure(.internalError,
                    "polymarket: GET /auth/derive-api-key: unreadable reply: \(VenueErrors.venueText(response.body))")))
            }
            importCredentials(json, what: "GET /auth/derive-api-key")
        }
    }

    private func importCredentials(_ json: PolyJSON, what: String) {
        do throws(VenueFailure) {
            finishCredentials(.success(try ApiCredentials.importing(reply: json, into: host)))
        } catch {
            finishCredentials(.failure(VenueFailure(error.status, "polymarket: \(what): \(error.message)")))
        }
    }

    private func l1Request(_ method: String, _ path: String, _ handler: @escaping (HTTPResponse) -> Void) {
        guard let signer else { return finishCredentials(.failure(missingKeyFailure)) }
        let headers: [HTTPRequest.Header]
        do throws(VenueFailure) {
            headers = try signer.level1Headers(timestampSeconds: host.nowUnixMs / 1000, nonce: config.apiKeyNonce)
        } catch {
            return finishCredentials(.failure(error))
        }
        send(HTTPRequest(method: method, url: config.baseURL + path,
                         headers: [HTTPRequest.Header("Accept", "application/json")] + headers,
                         timeoutMs: config.requestTimeoutMs, rateLimitBucket: "auth"),
             onFailure: { [self] in finishCredentials(.failure($0)) }, handler)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
