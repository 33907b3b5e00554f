import PluginABI

/// A plugin instance's view of the host: its service table and the context that identifies it.
///
/// The contract promises the table and `host_ctx` outlive the instance and that every function is
/// thread-safe, which is why this wrapper may be `@unchecked Sendable`.
public struct HostHandle: @unchecked Sendable {
    public let api: UnsafePointer<gw_host_api>
    public let context: UnsafeMutableRawPointer?

    public init(api: UnsafePointer<gw_host_api>, context: UnsafeMutableRawPointer?) {
        self.api = api
        self.context = context
    }

    public func log(_ level: gw_log_level, _ message: String) {
        withGWStr(message) { api.pointee.log(context, level, $0) }
    }

    /// Wall-clock time in milliseconds since the Unix epoch (the host's clock: simulated in replays).
    public var nowUnixMs: Int64 { api.pointee.now_unix_ns(context) / 1_000_000 }
    public var nowUnixNs: Int64 { api.pointee.now_unix_ns(context) }
    public var monotonicNs: UInt64 { api.pointee.monotonic_ns(context) }

    public func randomBytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { api.pointee.random_bytes(context, $0.baseAddress!, count) }
        return out
    }

    /// Reports a later order update or fill to the host.
    public func emit(order: VenueOrderReport) {
        let arena = Arena()
        var event = gw_event(struct_size: UInt32(MemoryLayout<gw_event>.size), kind: GW_EVENT_ORDER_UPDATE,
                             order: arena.pointer(order.c(arena)), fill: nil, message: .empty)
        withExtendedLifetime(arena) { api.pointee.emit_event(context, &event) }
    }

    public func emit(fill: VenueFill) {
        let arena = Arena()
        var event = gw_event(struct_size: UInt32(MemoryLayout<gw_event>.size), kind: GW_EVENT_FILL, order: nil,
                             fill: arena.pointer(fill.c(arena)), message: .empty)
        withExtendedLifetime(arena) { api.pointee.emit_event(context, &event) }
    }

    /// Runs `body` once after `delayNs`, serialised with the instance's other calls.
    @discardableResult
    public func after(nanoseconds delayNs: UInt64, _ body: @escaping () -> Void) -> VenueStatus {
        let box = Unmanaged.passRetained(CallbackBox<Void>(body)).toOpaque()
        let status = api.pointee.set_timer(context, delayNs, { ctx in
            Unmanaged<CallbackBox<Void>>.fromOpaque(ctx!).takeRetainedValue().body(())
        }, box)
        if status != GW_OK { Unmanaged<CallbackBox<Void>>.fromOpaque(box).release() }
        return VenueStatus(rawValue: status)
    }

    /// Sends `request` through the host; `completion` runs later with the reply (or a transport failure).
    @discardableResult
    public func send(_ request: HTTPRequest, completion: @escaping (HTTPResponse) -> Void) -> VenueStatus {
        let box = Unmanaged.passRetained(CallbackBox<HTTPResponse>(completion)).toOpaque()
        let arena = Arena()
        let headers = request.headers.map {
            gw_http_header(name: arena.str($0.name), value: arena.str($0.value), value_key: $0.valueKey)
        }
        var c = gw_http_request(
            struct_size: UInt32(MemoryLayout<gw_http_request>.size), method: arena.str(request.method),
            url: arena.str(request.url), headers: arena.array(headers), header_count: headers.count,
            body: arena.bytes(request.body), timeout_ms: request.timeoutMs,
            flags: request.idempotent ? UInt32(GW_HTTP_FLAG_IDEMPOTENT) : 0,
            rate_limit_bucket: arena.str(request.rateLimitBucket), rate_limit_cost: request.rateLimitCost)
        let status = withExtendedLifetime(arena) {
            api.pointee.http_request(context, &c, { ctx, response in
                Unmanaged<CallbackBox<HTTPResponse>>.fromOpaque(ctx!).takeRetainedValue()
                    .body(HTTPResponse(response.pointee))
            }, box)
        }
        if status != GW_OK { Unmanaged<CallbackBox<HTTPResponse>>.fromOpaque(box).release() }
        return VenueStatus(rawValue: status)
    }

    // MARK: Key store

    public func hmacSHA256(key: gw_key, message: [UInt8]) throws(VenueFailure) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let status = message.withUnsafeBufferPointer { msg in
            out.withUnsafeMutableBufferPointer {
                api.pointee.hmac_sha256(context, key, gw_bytes(ptr: msg.baseAddress, len: msg.count), $0.baseAddress!)
            }
        }
        try check(status, "HMAC-SHA256")
        return out
    }

    public func ed25519Sign(key: gw_key, message: [UInt8]) throws(VenueFailure) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        let status = message.withUnsafeBufferPointer { msg in
            out.withUnsafeMutableBufferPointer {
                api.pointee.ed25519_sign(context, key, gw_bytes(ptr: msg.baseAddress, len: msg.count), $0.baseAddress!)
            }
        }
        try check(status, "Ed25519")
        return out
    }

    public func rsaPSSSign(key: gw_key, message: [UInt8]) throws(VenueFailure) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 1024)
        var length = 0
        let status = message.withUnsafeBufferPointer { msg in
            out.withUnsafeMutableBufferPointer {
                api.pointee.rsa_pss_sha256_sign(context, key, gw_bytes(ptr: msg.baseAddress, len: msg.count),
                                                $0.baseAddress!, $0.count, &length)
            }
        }
        try check(status, "RSA-PSS")
        return Array(out.prefix(length))
    }

    /// r || s || v (v = 0 or 1) over a 32-byte digest.
    public func secp256k1Sign(key: gw_key, digest: [UInt8]) throws(VenueFailure) -> [UInt8] {
        guard digest.count == 32 else { throw VenueFailure(.internalError, "secp256k1 digest must be 32 bytes") }
        var out = [UInt8](repeating: 0, count: 65)
        let status = digest.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { api.pointee.secp256k1_sign(context, key, d.baseAddress!, $0.baseAddress!) }
        }
        try check(status, "secp256k1")
        return out
    }

    public func publicKey(_ key: gw_key) throws(VenueFailure) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 1024)
        var length = 0
        let status = out.withUnsafeMutableBufferPointer {
            api.pointee.public_key(context, key, $0.baseAddress!, $0.count, &length)
        }
        try check(status, "public key")
        return Array(out.prefix(length))
    }

    public func importKey(kind: gw_key_kind, secret: [UInt8]) throws(VenueFailure) -> gw_key {
        var handle: gw_key = 0
        let status = secret.withUnsafeBufferPointer {
            api.pointee.import_key(context, kind, gw_bytes(ptr: $0.baseAddress, len: $0.count), &handle)
        }
        try check(status, "key import")
        return handle
    }

    public func keccak256(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        data.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer {
                api.pointee.keccak256(gw_bytes(ptr: d.baseAddress, len: d.count), $0.baseAddress!)
            }
        }
        return out
    }

    public func sha256(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        data.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer {
                api.pointee.sha256(gw_bytes(ptr: d.baseAddress, len: d.count), $0.baseAddress!)
            }
        }
        return out
    }

    private func check(_ status: gw_status, _ what: String) throws(VenueFailure) {
        guard status == GW_OK else {
            throw VenueFailure(status == GW_ERR_AUTH ? .auth : VenueStatus(rawValue: status),
                               "\(what) signing through the host failed (\(VenueStatus(rawValue: status)))")
        }
    }
}

/// Retains a Swift closure across a C callback.
final class CallbackBox<T> {
    let body: (T) -> Void
    init(_ body: @escaping (T) -> Void) { self.body = body }
}

/// An HTTP request a plugin asks the host to send.
public struct HTTPRequest: Sendable {
    public struct Header: Sendable {
        public var name: String
        public var value: String
        /// A TEXT key whose value the host sends instead of `value` (0: use `value`).
        public var valueKey: gw_key
        public init(_ name: String, _ value: String, valueKey: gw_key = 0) {
            self.name = name
            self.value = value
            self.valueKey = valueKey
        }
    }

    public var method: String
    public var url: String
    public var headers: [Header]
    public var body: [UInt8]
    public var timeoutMs: UInt32
    public var idempotent: Bool
    public var rateLimitBucket: String
    public var rateLimitCost: UInt32

    public init(method: String, url: String, headers: [Header] = [], body: [UInt8] = [], timeoutMs: UInt32 = 0,
                idempotent: Bool = false, rateLimitBucket: String = "", rateLimitCost: UInt32 = 1) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMs = timeoutMs
        self.idempotent = idempotent
        self.rateLimitBucket = rateLimitBucket
        self.rateLimitCost = rateLimitCost
    }
}

/// A reply the host received for a plugin (copied out of `gw_http_response`).
public struct HTTPResponse: Sendable {
    public var statusCode: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var transportStatus: VenueStatus
    public var transportMessage: String
    public var elapsedMicros: UInt64

    public init(_ c: gw_http_response) {
        statusCode = Int(c.status_code)
        var headers: [(String, String)] = []
        if let h = c.headers {
            for i in 0..<c.header_count { headers.append((h[i].name.string, h[i].value.string)) }
        }
        self.headers = headers
        body = c.body.array
        transportStatus = VenueStatus(rawValue: c.transport_status)
        transportMessage = c.transport_message.string
        elapsedMicros = c.elapsed_us
    }

    /// The first header with that (lower-case) name.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
