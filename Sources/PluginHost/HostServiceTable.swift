import Dispatch
import Foundation
import GatewayCrypto
import Logging
import PluginABI
import VenueKit

#if canImport(Glibc)
import Glibc
#endif

/// The `gw_host_api` table every plugin instance receives: non-capturing C functions that find their
/// ``HostContext`` through `host_ctx`.
enum HostServiceTable {
    nonisolated(unsafe) static let table: UnsafePointer<gw_host_api> = {
        let p = UnsafeMutablePointer<gw_host_api>.allocate(capacity: 1)
        p.initialize(to: gw_host_api(
            struct_size: UInt32(MemoryLayout<gw_host_api>.size), abi_major: UInt16(GW_ABI_MAJOR),
            abi_minor: UInt16(GW_ABI_MINOR),
            log: { ctx, level, message in HostContext.from(ctx).log(level, message.string) },
            now_unix_ns: { ctx in HostContext.from(ctx).services.clock.nowUnixNs },
            monotonic_ns: { ctx in HostContext.from(ctx).services.clock.monotonicNs },
            random_bytes: { _, out, length in
                var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux: a CSPRNG
                for i in 0..<length { out[i] = UInt8.random(in: .min ... .max, using: &generator) }
            },
            http_request: { ctx, request, callback, cbContext in
                HostContext.from(ctx).httpRequest(request.pointee, callback, cbContext)
            },
            set_timer: { ctx, delay, callback, cbContext in
                HostContext.from(ctx).setTimer(delayNs: delay, callback, cbContext)
            },
            emit_event: { ctx, event in HostContext.from(ctx).emit(event.pointee) },
            hmac_sha256: { ctx, key, message, out in
                HostContext.from(ctx).sign(key, out: out, capacity: 32, outLength: nil) { store, handle in
                    try store.hmacSHA256(key: handle, message: message.array)
                }
            },
            ed25519_sign: { ctx, key, message, out in
                HostContext.from(ctx).sign(key, out: out, capacity: 64, outLength: nil) { store, handle in
                    try store.ed25519Sign(key: handle, message: message.array)
                }
            },
            rsa_pss_sha256_sign: { ctx, key, message, out, capacity, outLength in
                HostContext.from(ctx).sign(key, out: out, capacity: capacity, outLength: outLength) { store, handle in
                    try store.rsaPSSSHA256Sign(key: handle, message: message.array)
                }
            },
            secp256k1_sign: { ctx, key, digest, out in
                HostContext.from(ctx).sign(key, out: out, capacity: 65, outLength: nil) { store, handle in
                    try store.secp256k1SignRecoverable(key: handle, digest: Array(UnsafeBufferPointer(start: digest, count: 32)))
                }
            },
            public_key: { ctx, key, out, capacity, outLength in
                HostContext.from(ctx).sign(key, out: out, capacity: capacity, outLength: outLength) { store, handle in
                    try store.publicKey(of: handle)
                }
            },
            import_key: { ctx, kind, secret, out in HostContext.from(ctx).importKey(kind: kind, secret: secret, out: out) },
            keccak256: { data, out in
                let digest = Digest.keccak256(data.array)
                out.update(from: digest, count: 32)
            },
            sha256: { data, out in
                let digest = Digest.sha256(data.array)
                out.update(from: digest, count: 32)
            }))
        return UnsafePointer(p)
    }()
}

extension HostContext {
    func log(_ level: gw_log_level, _ message: String) {
        let swiftLevel: Logger.Level = switch level {
        case GW_LOG_TRACE: .trace
        case GW_LOG_DEBUG: .debug
        case GW_LOG_INFO: .info
        case GW_LOG_WARN: .warning
        default: .error
        }
        logger.log(level: swiftLevel, "\(message)")
    }

    func emit(_ event: gw_event) {
        switch event.kind {
        case GW_EVENT_ORDER_UPDATE:
            guard let order = event.order else { return log(GW_LOG_WARN, "contract violation: ORDER_UPDATE event without an order") }
            deliver(.orderUpdate(VenueOrderReport(order.pointee)))
        case GW_EVENT_FILL:
            guard let fill = event.fill else { return log(GW_LOG_WARN, "contract violation: FILL event without a fill") }
            deliver(.fill(VenueFill(fill.pointee)))
        case GW_EVENT_VENUE_STATUS:
            deliver(.status(event.message.string))
        default:
            log(GW_LOG_WARN, "ignoring event of unknown kind \(event.kind)")
        }
    }

    func sign(_ key: gw_key, out: UnsafeMutablePointer<UInt8>, capacity: Int, outLength: UnsafeMutablePointer<Int>?,
              _ operation: (KeyStore, KeyHandle) throws -> [UInt8]) -> gw_status {
        guard let handle = owns(key) else {
            log(GW_LOG_WARN, "refused key operation: handle \(key) does not belong to this instance")
            return GW_ERR_AUTH
        }
        do {
            let bytes = try operation(services.keyStore, handle)
            outLength?.pointee = bytes.count
            guard bytes.count <= capacity else { return GW_ERR_BUFFER_TOO_SMALL }
            out.update(from: bytes, count: bytes.count)
            return GW_OK
        } catch let error as CryptoError {
            log(GW_LOG_WARN, "key operation failed: \(error)")
            return error.code == .wrongKind || error.code == .unknownKey ? GW_ERR_AUTH : GW_ERR_INTERNAL
        } catch {
            log(GW_LOG_WARN, "key operation failed: \(error)")
            return GW_ERR_INTERNAL
        }
    }

    func importKey(kind: gw_key_kind, secret: gw_bytes, out: UnsafeMutablePointer<gw_key>) -> gw_status {
        guard let keyKind = KeyKind(rawValue: kind) else { return GW_ERR_UNSUPPORTED }
        do {
            let handle = try services.keyStore.add(kind: keyKind, material: secret.array, label: "\(pluginName) imported key")
            adopt(handle)
            out.pointee = handle.rawValue
            return GW_OK
        } catch {
            log(GW_LOG_WARN, "key import failed: \(error)")
            return GW_ERR_INVALID_ORDER
        }
    }

    func setTimer(delayNs: UInt64, _ callback: @escaping gw_timer_callback, _ context: UnsafeMutableRawPointer?) -> gw_status {
        let transfer = UnsafeTransfer((callback, context))
        callbackScheduled()
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(min(delayNs, UInt64(Int.max))))) { [self] in
            serially { transfer.value.0(transfer.value.1) }
            callbackDelivered()
        }
        return GW_OK
    }

    func httpRequest(_ c: gw_http_request, _ callback: @escaping gw_http_callback,
                     _ context: UnsafeMutableRawPointer?) -> gw_status {
        var headers: [(name: String, value: String)] = []
        var secret: Set<String> = []
        if let list = c.headers {
            for i in 0..<c.header_count {
                let header = list[i]
                let name = header.name.string
                if header.value_key != 0 {
                    guard let handle = owns(header.value_key), let value = try? services.keyStore.textValue(of: handle) else {
                        log(GW_LOG_WARN, "refused HTTP request: header \(name) names key \(header.value_key), which is not a text key of this instance")
                        return GW_ERR_AUTH
                    }
                    headers.append((name, value))
                    secret.insert(name.lowercased())
                } else {
                    headers.append((name, header.value.string))
                }
            }
        }
        let timeout: Duration = c.timeout_ms > 0 ? .milliseconds(Int(c.timeout_ms)) : services.httpTimeout
        let request = HostHTTPRequest(method: c.method.string, url: c.url.string, headers: headers, secretHeaderNames: secret,
                                      body: c.body.array, timeout: timeout,
                                      idempotent: c.flags & UInt32(GW_HTTP_FLAG_IDEMPOTENT) != 0)
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            log(GW_LOG_WARN, "refused HTTP request: url '\(AsyncHTTPHostClient.redactedURL(request.url))' is not absolute http(s)")
            return GW_ERR_INVALID_ORDER
        }
        let bucket = c.rate_limit_bucket.string
        let cost = c.rate_limit_cost
        let transfer = UnsafeTransfer((callback, context))
        callbackScheduled()
        Task { [self] in
            if !bucket.isEmpty && services.enforceRateLimits { await rateLimiter.acquire(bucket: bucket, cost: max(cost, 1)) }
            var response = await services.http.send(request)
            if response.transportStatus != .ok && request.idempotent && response.transportStatus == .outcomeUnknown {
                logger.debug("retrying idempotent request after transport failure", metadata: ["url": "\(AsyncHTTPHostClient.redactedURL(request.url))"])
                response = await services.http.send(request)
            }
            logger.debug("\(request.method) \(AsyncHTTPHostClient.redactedURL(request.url)) -> \(response.statusCode)",
                         metadata: ["elapsed_us": "\(response.elapsedMicros)", "redacted_headers": "\(request.secretHeaderNames.sorted())"])
            deliver(response, to: transfer)
        }
        return GW_OK
    }

    private func deliver(_ response: HostHTTPResponse,
                         to transfer: UnsafeTransfer<(gw_http_callback, UnsafeMutableRawPointer?)>) {
        let arena = Arena()
        let headers = response.headers.map { gw_http_header(name: arena.str($0.name), value: arena.str($0.value), value_key: 0) }
        var c = gw_http_response(
            struct_size: UInt32(MemoryLayout<gw_http_response>.size), status_code: Int32(response.statusCode),
            headers: arena.array(headers), header_count: headers.count, body: arena.bytes(response.body),
            transport_status: response.transportStatus.rawValue, transport_message: arena.str(response.transportMessage),
            elapsed_us: response.elapsedMicros)
        withExtendedLifetime(arena) {
            serially { transfer.value.0(transfer.value.1, &c) }
        }
        callbackDelivered()
    }
}
