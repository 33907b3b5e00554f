import VenueKit

/// Reconnect delays: exponential with jitter, capped.
///
/// Attempt `n` (0-based) has a ceiling of `min(maximum, initial × 2ⁿ)`; the delay is drawn uniformly
/// from `[ceiling × (1 − jitter), ceiling]`, so many gateways that lost the relay at once do not all come
/// back in the same second. The reference used 1, 2, 4 … 60 s with no jitter.
public struct RelayBackoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration
    /// Share of the ceiling that is randomised, 0…1.
    public var jitter: Double

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(60), jitter: Double = 0.5) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        self.jitter = min(1, max(0, jitter))
    }

    /// The largest delay attempt `attempt` can wait.
    public func ceiling(attempt: Int) -> Duration {
        var value = initial
        for _ in 0..<min(max(0, attempt), 62) {
            value = value * 2
            if value >= maximum { return maximum }
        }
        return min(value, maximum)
    }

    /// The smallest delay attempt `attempt` can wait.
    public func floor(attempt: Int) -> Duration {
        ceiling(attempt: attempt) * (1 - jitter)
    }

    /// The delay for `attempt`, with `unit` a uniform draw in 0…1.
    public func delay(attempt: Int, unit: Double) -> Duration {
        let top = ceiling(attempt: attempt)
        return top * (1 - jitter) + top * (jitter * min(1, max(0, unit)))
    }
}

/// Reproducible jitter for the backoff: a seeded generator kept as a value, so the state machine stays one.
public struct RelayRandom: Sendable, Equatable {
    private var generator: SeededGenerator

    public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// A uniform draw in 0…1.
    public mutating func nextUnit() -> Double { generator.unit() }
}
