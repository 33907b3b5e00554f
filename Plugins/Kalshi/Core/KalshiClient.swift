import PluginABI
import VenueKit

/// Builds, signs and sends Kalshi REST requests through the host, and classifies what comes back.
///
/// Reads go through the tier's read bucket, writes through its write bucket (a batch cancel costs one
/// token per order). A transport failure keeps the host's verdict (`venue_unavailable`: certainly not
/// delivered; `outcome_unknown`: maybe delivered); a non-2xx reply becomes the mapped venue failure.
public struct KalshiClient {
    public let host: HostHandle
    public let config: KalshiConfig

    public init(host: HostHandle, config: KalshiConfig) {
        self.host = host
        self.config = config
    }

    /// A request before signing.
    public struct Call {
        public var method: String
        /// Path below the REST root, e.g. `/portfolio/orders`.
        public var path: String
        public var query: [(String, String)] = []
        public var body: [UInt8] = []
        public var access: KalshiErrorMapper.Access
        public var cost: UInt32 = 1
        /// Public market data and exchange status need no signature.
        public var signed = true

        public init(_ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8] = [],
                    access: KalshiErrorMapper.Access, cost: UInt32 = 1, signed: Bool = true) {
            self.method = method
            self.path = path
            self.query = query
            self.body = body
            self.access = access
            self.cost = cost
            self.signed = signed
        }

        /// `METHOD /trade-api/v2/path` for messages.
        func label(_ base: KalshiBaseURL) -> String { "\(method) \(base.signedPath(path))" }
    }

    /// A successful (2xx) reply.
    public struct Reply {
        public var status: Int
        public var body: [UInt8]
        public var elapsedMicros: UInt64
    }

    /// Whether the instance has what authenticated calls need, naming what is missing.
    public func credentialProblem() -> VenueFailure? {
        var missing: [String] = []
        if config.apiKeyHandle == 0 { missing.append("'\(KalshiConfig.apiKeyCredential)' (the API key id, kind text, env KALSHI_API_KEY)") }
        if config.privateKeyHandle == 0 {
            missing.append("'\(KalshiConfig.privateKeyCredential)' (the RSA private key, kind rsa, file_env KALSHI_PRIVATE_KEY_PATH)")
        }
        guard !missing.isEmpty else { return nil }
        return VenueFailure(.auth, "Kalshi credentials not configured: manifest credential \(missing.joined(separator: " and ")) \(missing.count == 1 ? "is" : "are") missing")
    }

    /// Percent-encodes a query (RFC 3986 unreserved characters kept).
    public static func encodeQuery(_ items: [(String, String)]) -> String {
        func escape(_ text: String) -> String {
            var out = ""
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    let hex = String(byte, radix: 16, uppercase: true)
                    out += "%" + (hex.count == 1 ? "0" : "") + hex
                }
            }
            return out
        }
        return items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// The HTTP request for `call`, signed when it needs to be.
    public func request(_ call: Call) throws(VenueFailure) -> HTTPRequest {
        var headers = [HTTPRequest.Header("Accept", "application/json")]
        if !call.body.isEmpty { headers.append(HTTPRequest.Header("Content-Type", "application/json")) }
        if call.signed {
            if let problem = credentialProblem() { throw problem }
            let signer = KalshiSigner(host: host, apiKey: config.apiKeyHandle, privateKey: config.privateKeyHandle)
            headers += try signer.headers(method: call.method, path: config.baseURL.signedPath(call.path))
        }
        let tier = config.rateTier
        return HTTPRequest(
            method: call.method, url: config.baseURL.url(path: call.path, query: Self.encodeQuery(call.query)),
            headers: headers, body: call.body, timeoutMs: config.requestTimeoutMs, idempotent: call.access == .read,
            rateLimitBucket: call.access == .read ? tier.readBucket : tier.writeBucket, rateLimitCost: max(call.cost, 1))
    }

    /// Sends `call`; `completion` runs later (serialised with the instance) with the reply or the failure.
    public func send(_ call: Call, _ completion: @escaping (Result<Reply, VenueFailure>) -> Void) {
        let request: HTTPRequest
        do { request = try self.request(call) } catch { return completion(.failure(error)) }
        let label = call.label(config.baseURL)
        let access = call.access
        let status = host.send(request) { response in
            if response.statusCode == 0 {
                let transport = response.transportStatus == .ok ? VenueStatus.outcomeUnknown : response.transportStatus
                let message = "\(label): \(response.transportMessage.isEmpty ? "no reply" : response.transportMessage)"
                return completion(.failure(VenueFailure(transport, message, retryable: transport == .venueUnavailable)))
            }
            guard (200..<300).contains(response.statusCode) else {
                return completion(.failure(KalshiErrorMapper.failure(
                    status: response.statusCode, body: response.body, retryAfter: response.header("retry-after"),
                    access: access, what: label)))
            }
            completion(.success(Reply(status: response.statusCode, body: response.body, elapsedMicros: response.elapsedMicros)))
        }
        if status != .ok {
            completion(.failure(VenueFailure(status == .auth ? .auth : .venueUnavailable,
                                             "\(label): the host refused to send the request (\(status))")))
        }
    }
}
