import COpenSSL
import CSecp256k1

/// libsecp256k1 operations: key checks, recoverable ECDSA, Ethereum addresses.
enum Secp256k1 {
    /// The one context all operations share, created with `SECP256K1_CONTEXT_NONE` and randomized
    /// once (blinding against side channels).
    ///
    /// `@unchecked Sendable` wrapper: after `init` the context is only passed as `const`, and
    /// libsecp256k1 documents const-context calls as safe from any number of threads. It is never freed.
    private final class Context: @unchecked Sendable {
        let pointer: OpaquePointer

        init() {
            guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
                fatalError("secp256k1_context_create failed")
            }
            var seed = [UInt8](repeating: 0, count: 32)
            if RAND_bytes(&seed, 32) == 1 {
                _ = secp256k1_context_randomize(context, seed)
            }
            wipe(&seed)
            pointer = context
        }
    }

    private static let context = Context()
    private static var ctx: OpaquePointer { context.pointer }

    /// Whether `secretKey` is 32 bytes encoding a scalar in [1, n-1].
    static func isValidSecretKey(_ secretKey: UnsafeRawBufferPointer) -> Bool {
        guard secretKey.count == 32, let key = secretKey.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        return secp256k1_ec_seckey_verify(ctx, key) == 1
    }

    /// The Ethereum address of a secret key: the last 20 bytes of Keccak-256 of the 64-byte
    /// uncompressed public key (without its 0x04 prefix).
    static func address(secretKey: UnsafeRawBufferPointer) -> [UInt8]? {
        guard secretKey.count == 32, let key = secretKey.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var publicKey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(ctx, &publicKey, key) == 1 else { return nil }
        return address(of: &publicKey)
    }

    private static func address(of publicKey: inout secp256k1_pubkey) -> [UInt8]? {
        var serialized = [UInt8](repeating: 0, count: 65)
        var length = 65
        guard secp256k1_ec_pubkey_serialize(ctx, &serialized, &length, &publicKey, UInt32(SECP256K1_EC_UNCOMPRESSED)) == 1,
              length == 65 else { return nil }
        let hash = serialized.withUnsafeBytes { Digest.keccak256(UnsafeRawBufferPointer(rebasing: $0[1...])) }
        return Array(hash[12...])
    }

    /// Recoverable ECDSA over a 32-byte digest: r(32) || s(32) || recovery id (0 or 1).
    /// The nonce is RFC 6979's and s is low, as libsecp256k1 always does.
    static func signRecoverable(digest: UnsafeRawBufferPointer, secretKey: UnsafeRawBufferPointer) -> [UInt8]? {
        guard digest.count == 32, secretKey.count == 32,
              let message = digest.baseAddress?.assumingMemoryBound(to: UInt8.self),
              let key = secretKey.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var signature = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_sign_recoverable(ctx, &signature, message, key, nil, nil) == 1 else { return nil }
        var recoveryID: Int32 = 0
        var out = [UInt8](repeating: 0, count: 65)
        guard secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, &out, &recoveryID, &signature) == 1 else {
            return nil
        }
        out[64] = UInt8(recoveryID)
        return out
    }

    /// The address that signed `digest`, from r || s || v with v in {0, 1, 27, 28}; nil if the
    /// signature is malformed or recovers no key.
    static func recoverAddress(digest: UnsafeRawBufferPointer, signature65: UnsafeRawBufferPointer) -> [UInt8]? {
        guard digest.count == 32, signature65.count == 65,
              let message = digest.baseAddress?.assumingMemoryBound(to: UInt8.self),
              let compact = signature65.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let v = signature65[64]
        let recoveryID: Int32
        switch v {
        case 0, 1: recoveryID = Int32(v)
        case 27, 28: recoveryID = Int32(v) - 27
        default: return nil
        }
        var signature = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &signature, compact, recoveryID) == 1 else { return nil }
        var publicKey = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(ctx, &publicKey, &signature, message) == 1 else { return nil }
        return address(of: &publicKey)
    }
}
