/// Binance's clock as seen from the host: the offset between the venue's `serverTime` and the host's
/// wall clock, measured with `GET /api/v3/time` (`/fapi/v1/time`).
///
/// Binance accepts a signed request only if `timestamp < serverTime + 1000` and
/// `serverTime - timestamp <= recvWindow`, so `timestamp` is the host's time corrected by the
/// offset. The offset is measured before the first signed request, again when it is older than the
/// configured interval, and again after every -1021.
public struct ServerClock: Sendable {
    /// Venue time minus host time, in milliseconds (0 until measured).
    public private(set) var offsetMs: Int64 = 0
    /// Host time of the last measurement, nil before the first.
    public private(set) var measuredAtMs: Int64?
    /// Round trip of the last measurement, in microseconds.
    public private(set) var lastRoundTripMicros: Int64 = -1

    public init() {}

    /// Records a measurement: the request left at `sentAtMs`, the answer (`serverTimeMs`) arrived at
    /// `receivedAtMs` (both host time). The server read its clock, on average, halfway between.
    public mutating func record(serverTimeMs: Int64, sentAtMs: Int64, receivedAtMs: Int64, roundTripMicros: Int64) {
        let midpoint = sentAtMs + (receivedAtMs - sentAtMs) / 2
        offsetMs = serverTimeMs - midpoint
        measuredAtMs = receivedAtMs
        lastRoundTripMicros = roundTripMicros
    }

    /// Forgets the measurement so that the next signed request measures again.
    public mutating func invalidate() { measuredAtMs = nil }

    /// Whether a signed request at `nowMs` should measure the offset first.
    public func needsSync(nowMs: Int64, intervalMs: Int64) -> Bool {
        guard let measuredAtMs else { return true }
        return nowMs - measuredAtMs >= intervalMs || nowMs < measuredAtMs
    }

    /// The `timestamp` to send at host time `nowMs`.
    public func timestamp(nowMs: Int64) -> Int64 { nowMs + offsetMs }
}
