/// Kalshi's API rate-limit tiers (venue facts §2.4): reads and writes per second.
///
/// The descriptor declares one read bucket and one write bucket per tier (host-enforced token buckets);
/// an instance sends every request through the two buckets of its configured tier, so a Basic account
/// never draws a 429 and a Prime account is not held to Basic's pace. Every order in a batch cancel
/// costs one write token, as the venue counts it.
public enum KalshiRateTier: String, Sendable, CaseIterable {
    case basic, advanced, premier, prime

    /// Reads per second the venue allows for the tier.
    public var readsPerSecond: UInt32 {
        switch self {
        case .basic: 20
        case .advanced: 30
        case .premier: 100
        case .prime: 400
        }
    }

    /// Writes per second the venue allows for the tier.
    public var writesPerSecond: UInt32 {
        switch self {
        case .basic: 10
        case .advanced: 30
        case .premier: 100
        case .prime: 400
        }
    }

    public var readBucket: String { "\(rawValue)-reads" }
    public var writeBucket: String { "\(rawValue)-writes" }

    /// Every tier's buckets, for the descriptor: capacity one second's worth, refilled continuously.
    public static var descriptorBuckets: [(bucket: String, capacity: UInt32, refillPerSecond: UInt32)] {
        allCases.flatMap { tier in
            [(tier.readBucket, tier.readsPerSecond, tier.readsPerSecond),
             (tier.writeBucket, tier.writesPerSecond, tier.writesPerSecond)]
        }
    }
}
