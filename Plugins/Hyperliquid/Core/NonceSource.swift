import Synchronization

/// Nonces for signed actions: the host clock in milliseconds, bumped past the last nonce used by the
/// same signer, so they are strictly increasing per signer even for orders placed within one millisecond
/// and across instances in this process that share a key.
///
/// The venue keeps the 100 highest nonces per signer and refuses a nonce it has seen or one lower than
/// all of them, and one outside (now − 2 days, now + 1 day). Processes sharing one API wallet cannot
/// coordinate through this: give each process its own API wallet.
public final class NonceSource: Sendable {
    /// The process-wide source.
    public static let shared = NonceSource()

    private let last = Mutex<[String: UInt64]>([:])

    public init() {}

    /// The next nonce for `signer` (any stable key: address and network) at host time `nowMs`.
    public func next(signer: String, nowMs: Int64) -> UInt64 {
        last.withLock { table in
            let now = UInt64(max(0, nowMs))
            let previous = table[signer] ?? 0
            let nonce = now > previous ? now : previous + 1
            table[signer] = nonce
            return nonce
        }
    }
}
