import CNettle
import COpenSSL

/// An HMAC-SHA256 key, kept as nettle's keyed context (the inner and outer pad states are hashed
/// once at load, so a MAC costs only the message's compressions plus two).
///
/// `@unchecked Sendable`: the keyed context is written only in `init` and wiped in `deinit`; each
/// MAC works on a stack copy of it, so concurrent use is safe.
final class HMACKey: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let keyed: UnsafeMutablePointer<hmac_sha256_ctx>

    init(_ key: UnsafeRawBufferPointer) {
        keyed = .allocate(capacity: 1)
        keyed.initialize(to: hmac_sha256_ctx())
        nettle_hmac_sha256_set_key(keyed, key.count, key.baseAddress?.assumingMemoryBound(to: UInt8.self))
    }

    deinit {
        OPENSSL_cleanse(keyed, MemoryLayout<hmac_sha256_ctx>.size)
        keyed.deallocate()
    }

    /// HMAC-SHA256 of `message`: 32 bytes.
    func mac(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        var context = keyed.pointee
        defer { withUnsafeMutableBytes(of: &context) { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        nettle_hmac_sha256_update(&context, message.count, message.baseAddress?.assumingMemoryBound(to: UInt8.self))
        return [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            nettle_hmac_sha256_digest(&context, 32, buffer.baseAddress)
            count = 32
        }
    }

    var description: String { "<hmac-sha256 key>" }
    var debugDescription: String { description }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}
