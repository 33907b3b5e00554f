import Foundation

/// The command sequences `gateway simulate` cycles through.
///
/// `basic` and the normal legs of `mixed` and `stress` match the reference gateway's scenarios (so
/// results compare); unlike the reference, `mixed` and `stress` also exercise the error paths.
public enum SimulationScenario: String, Sendable, CaseIterable {
    /// Buy then sell the same YES contract, at market.
    case basic
    /// Two venues, market and limit orders, a resting order that is cancelled, and one order the venue refuses.
    case mixed
    /// Everything in `mixed`, plus malformed commands, an unknown venue, a redelivered command and cancel-all.
    case stress

    /// One step of a scenario.
    public enum Step: Sendable, Equatable {
        case trade(market: String, side: String, action: String, size: Decimal, limit: Decimal?)
        /// Resend the previous trade with the same command id (a relay redelivery).
        case redeliverPrevious
        /// Cancel the most recent order that is still open.
        case cancelLastOpen
        case cancelAll
    }

    /// The steps, with the prediction-market slot served by `prediction` and the crypto slot by `crypto`.
    public func steps(prediction k: String, crypto b: String) -> [Step] {
        let d = { (s: String) in Decimal(string: s)! }
        switch self {
        case .basic:
            return [.trade(market: "\(k):KXBTCD-SIM-01", side: "yes", action: "buy", size: 10, limit: nil),
                    .trade(market: "\(k):KXBTCD-SIM-01", side: "yes", action: "sell", size: 10, limit: nil)]
        case .mixed:
            return [.trade(market: "\(k):KXBTCD-SIM-MIX", side: "yes", action: "buy", size: 10, limit: nil),
                    .trade(market: "\(b):BTCUSDT", side: "buy", action: "buy", size: d("0.1"), limit: 95_000),
                    .trade(market: "\(k):KXBTCD-SIM-MIX", side: "no", action: "buy", size: 5, limit: nil),
                    .trade(market: "\(b):ETHUSDT", side: "sell", action: "sell", size: d("1.0"), limit: 3_200),
                    .trade(market: "\(b):ETHUSDT", side: "buy", action: "buy", size: d("0.5"), limit: 100),
                    .cancelLastOpen,
                    .trade(market: "\(k):KXBTCD-SIM-MIX", side: "yes", action: "buy", size: 5, limit: d("1.5"))]
        case .stress:
            return SimulationScenario.mixed.steps(prediction: k, crypto: b) + [
                .trade(market: "\(k):KXETHD-SIM-STRESS", side: "no", action: "buy", size: 5, limit: nil),
                .redeliverPrevious,
                .trade(market: "\(b):ETHUSDT", side: "sell", action: "sell", size: d("1.0"), limit: nil),
                .trade(market: "\(k):KXBTCD-SIM-STRESS", side: "sideways", action: "buy", size: 10, limit: nil),
                .trade(market: "nowhere:SIM-1", side: "buy", action: "buy", size: 1, limit: nil),
                .trade(market: "\(b):BTCUSDT", side: "buy", action: "buy", size: d("0.2"), limit: 50_000),
                .cancelAll,
            ]
        }
    }
}
