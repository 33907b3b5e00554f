import Synchronization

/// Token buckets declared by a plugin (`gw_rate_limit`), enforced by the host before sending.
///
/// A request waits until its bucket has the tokens it costs; requests naming no bucket, or one the
/// plugin did not declare, pass at once.
public final class RateLimiter: Sendable {
    struct Bucket {
        var capacity: Double
        var refillPerSecond: Double
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let buckets: Mutex<[String: Bucket]>

    public init(_ limits: [PluginDescriptor.RateLimit]) {
        let now = ContinuousClock.now
        var buckets: [String: Bucket] = [:]
        for limit in limits where limit.capacity > 0 {
            buckets[limit.bucket] = Bucket(capacity: Double(limit.capacity), refillPerSecond: Double(limit.refillPerSecond),
                                           tokens: Double(limit.capacity), updated: now)
        }
        self.buckets = Mutex(buckets)
    }

    /// How long to wait before `cost` tokens are available in `bucket`; takes them when the answer is zero.
    public func reserve(bucket: String, cost: UInt32, now: ContinuousClock.Instant = .now) -> Duration {
        buckets.withLock { buckets in
            guard var b = buckets[bucket] else { return .zero }
            let elapsed = now - b.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            b.tokens = min(b.capacity, b.tokens + seconds * b.refillPerSecond)
            b.updated = now
            let need = min(Double(cost), b.capacity)
            if b.tokens >= need {
                b.tokens -= need
                buckets[bucket] = b
                return .zero
            }
            buckets[bucket] = b
            guard b.refillPerSecond > 0 else { return .seconds(1) }
            return .nanoseconds(Int64(((need - b.tokens) / b.refillPerSecond) * 1e9) + 1)
        }
    }

    /// Waits for the tokens, then takes them.
    public func acquire(bucket: String, cost: UInt32) async {
        while true {
            let wait = reserve(bucket: bucket, cost: cost)
            if wait == .zero { return }
            try? await Task.sleep(for: wait)
        }
    }
}
