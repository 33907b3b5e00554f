#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// One entry of `market_positions` in `GET /portfolio/positions` (current fields: `position_fp`, `*_dollars`).
///
/// `position_fp` is signed: positive holds YES contracts, negative holds NO contracts. The contract's
/// position is long the held outcome, so a negative position is reported as outcome NO with a positive
/// size. The average entry price is the cost of the position now held (`market_exposure_dollars`) per
/// contract — not the cumulative `total_traded_dollars`, which also counts contracts already closed.
public struct KalshiMarketPosition: Decodable, Sendable, Equatable {
    public var ticker: String
    public var position_fp: String
    public var market_exposure_dollars: String?
    public var realized_pnl_dollars: String?
    public var total_traded_dollars: String?
    public var fees_paid_dollars: String?

    public init(ticker: String, position_fp: String, market_exposure_dollars: String? = nil, realized_pnl_dollars: String? = nil,
                total_traded_dollars: String? = nil, fees_paid_dollars: String? = nil) {
        self.ticker = ticker
        self.position_fp = position_fp
        self.market_exposure_dollars = market_exposure_dollars
        self.realized_pnl_dollars = realized_pnl_dollars
        self.total_traded_dollars = total_traded_dollars
        self.fees_paid_dollars = fees_paid_dollars
    }

    /// The contract's position; nil for a flat market.
    public func position() throws(VenueFailure) -> VenuePosition? {
        guard let size = KalshiFixedPoint.parse(position_fp) else {
            throw VenueFailure(.internalError, "positions: position_fp '\(position_fp)' of \(ticker) is not a decimal")
        }
        guard size != 0 else { return nil }
        let held = size < 0 ? -size : size
        var entry = ""
        if let exposure = KalshiFixedPoint.parse(market_exposure_dollars) {
            let magnitude = exposure < 0 ? -exposure : exposure
            entry = KalshiFixedPoint.canonical(DecimalText.round(magnitude / held, scale: 6, .nearest))
        }
        return VenuePosition(market: ticker, outcome: size > 0 ? GW_OUTCOME_YES : GW_OUTCOME_NO,
                             size: KalshiFixedPoint.canonical(held), averageEntryPrice: entry)
    }

    public struct Page: Decodable, Sendable {
        public var market_positions: [KalshiMarketPosition]?
        public var cursor: String?
    }
}
