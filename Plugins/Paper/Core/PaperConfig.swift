/// Settings of the paper venue, read from the manifest's `settings` (plus the host's `venue`).
///
/// Probabilities are plain numbers between 0 and 1; money is given as decimal strings.
public struct PaperConfig: Decodable, Sendable {
    /// The venue id this instance stands in for (the paper plugin can impersonate any venue in simulation).
    public var venue: String
    /// Probability that an order is accepted (the rest are rejected as if the book were empty).
    public var fillRate: Double
    /// Delay before an order's completion, in milliseconds (0: answer inline).
    public var latencyMs: UInt64
    /// Adverse price move applied to marketable orders, in basis points.
    public var slippageBps: Int
    /// Probability that a fillable order fills only partly at first; the rest fills after the latency.
    public var partialFillRate: Double
    /// Seed of the deterministic generator: the same seed and orders give the same fills.
    public var seed: UInt64
    /// Starting cash balance.
    public var balance: String
    public var currency: String

    enum CodingKeys: String, CodingKey {
        case venue, seed, balance, currency
        case fillRate = "fill_rate", latencyMs = "latency_ms", slippageBps = "slippage_bps"
        case partialFillRate = "partial_fill_rate"
    }

    public init(venue: String = "paper", fillRate: Double = 1, latencyMs: UInt64 = 0, slippageBps: Int = 0,
                partialFillRate: Double = 0, seed: UInt64 = 1, balance: String = "10000", currency: String = "USD") {
        self.venue = venue
        self.fillRate = fillRate
        self.latencyMs = latencyMs
        self.slippageBps = slippageBps
        self.partialFillRate = partialFillRate
        self.seed = seed
        self.balance = balance
        self.currency = currency
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PaperConfig()
        venue = try c.decodeIfPresent(String.self, forKey: .venue) ?? d.venue
        fillRate = try c.decodeIfPresent(Double.self, forKey: .fillRate) ?? d.fillRate
        latencyMs = try c.decodeIfPresent(UInt64.self, forKey: .latencyMs) ?? d.latencyMs
        slippageBps = try c.decodeIfPresent(Int.self, forKey: .slippageBps) ?? d.slippageBps
        partialFillRate = try c.decodeIfPresent(Double.self, forKey: .partialFillRate) ?? d.partialFillRate
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        balance = try c.decodeIfPresent(String.self, forKey: .balance) ?? d.balance
        currency = try c.decodeIfPresent(String.self, forKey: .currency) ?? d.currency
        guard (0...1).contains(fillRate) else {
            throw DecodingError.dataCorruptedError(forKey: .fillRate, in: c, debugDescription: "fill_rate must be between 0 and 1")
        }
        guard (0...1).contains(partialFillRate) else {
            throw DecodingError.dataCorruptedError(forKey: .partialFillRate, in: c,
                                                   debugDescription: "partial_fill_rate must be between 0 and 1")
        }
        guard (0...10_000).contains(slippageBps) else {
            throw DecodingError.dataCorruptedError(forKey: .slippageBps, in: c,
                                                   debugDescription: "slippage_bps must be between 0 and 10000")
        }
    }
}
