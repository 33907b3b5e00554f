import Histogram

/// Latency samples in nanoseconds, summarised as percentiles (HdrHistogram, 3 significant digits).
public struct LatencyStats: Sendable {
    private var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)

    public init() {}

    public mutating func record(nanoseconds: UInt64) {
        histogram.record(max(1, min(nanoseconds, 60_000_000_000)))
    }

    public var count: UInt64 { histogram.totalCount }

    /// The value at `percentile` (0–100), in nanoseconds.
    public func percentile(_ percentile: Double) -> UInt64 {
        count == 0 ? 0 : histogram.valueAtPercentile(percentile)
    }

    /// `p50 12.3 µs  p90 …  p99 …  p99.9 …  max …`
    public func summary(unit: Unit = .microseconds) -> String {
        guard count > 0 else { return "no samples" }
        let points: [(String, UInt64)] = [("p50", percentile(50)), ("p90", percentile(90)), ("p99", percentile(99)),
                                          ("p99.9", percentile(99.9)), ("max", histogram.max)]
        return points.map { "\($0.0) \(unit.format($0.1))" }.joined(separator: "  ")
    }

    public enum Unit: Sendable {
        case microseconds, milliseconds
        func format(_ ns: UInt64) -> String {
            switch self {
            case .microseconds: String(format2(Double(ns) / 1_000)) + " µs"
            case .milliseconds: String(format2(Double(ns) / 1_000_000)) + " ms"
            }
        }
    }
}

/// Two decimals without Foundation's formatter.
func format2(_ value: Double) -> String {
    let scaled = (value * 100).rounded()
    let whole = Int(scaled / 100)
    let cents = Int(abs(scaled).truncatingRemainder(dividingBy: 100))
    return "\(value < 0 && whole == 0 ? "-" : "")\(whole).\(cents < 10 ? "0" : "")\(cents)"
}
