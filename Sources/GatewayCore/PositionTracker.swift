#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Nets executed fills into positions per (venue, market, outcome), with average entry price and P&L.
///
/// The reference tracker replaced a position with each fill (using the ordered rather than the filled
/// size), treated sells as new positions and never had a mark price. This one nets:
/// - a fill in the direction of the position (or from flat) adds to it and re-weights the average entry
///   price: `(|size| × entry + quantity × price) / (|size| + quantity)`;
/// - a fill against the position reduces it and realizes `(price − entry) × closed × sign(size)`;
///   the entry price of what remains is unchanged;
/// - a fill larger than the position closes it and opens the remainder the other way at the fill price
///   (the average entry "resets" when the size crosses zero); reaching exactly zero resets it to 0;
/// - every fee is added to ``Position/fees`` and subtracted from ``Position/realizedPnl``.
///
/// Flat positions are kept (their realized P&L still counts) but left out of ``positions``.
/// Feed it executed quantities only — the increase in ``OrderRecord/filledQuantity`` — never ordered sizes.
public struct PositionTracker: Sendable {
    private var book: [PositionKey: Position] = [:]

    /// Creates an empty tracker.
    public init() {}

    /// A tracker holding `positions` as they are (restored from the journal after a restart).
    /// If two share a key, the last wins.
    public init(restoring positions: [Position]) {
        for position in positions { book[position.key] = position }
    }

    /// Positions with a non-zero size, ordered by venue, market and outcome.
    public var positions: [Position] { allPositions.filter { !$0.isFlat } }

    /// Every position ever touched, flat ones included, ordered by venue, market and outcome.
    public var allPositions: [Position] { book.values.sorted { $0.key < $1.key } }

    /// The position in one instrument (possibly flat), or `nil` if it was never traded.
    public func position(venue: String, market: String, outcome: Outcome? = nil) -> Position? {
        book[PositionKey(venue: venue, market: market, outcome: outcome)]
    }

    /// The position under `key` (possibly flat), or `nil` if it was never traded.
    public subscript(key: PositionKey) -> Position? { book[key] }

    /// Realized P&L (net of fees) for one instrument; zero if it was never traded.
    public func realizedPnl(venue: String, market: String, outcome: Outcome? = nil) -> Decimal {
        position(venue: venue, market: market, outcome: outcome)?.realizedPnl ?? 0
    }

    /// Realized P&L (net of fees) over every instrument.
    public var totalRealizedPnl: Decimal { book.values.reduce(0) { $0 + $1.realizedPnl } }

    /// Fees over every instrument.
    public var totalFees: Decimal { book.values.reduce(0) { $0 + $1.fees } }

    /// Unrealized P&L over the positions that have a mark price (unmarked ones are left out).
    public var totalUnrealizedPnl: Decimal { book.values.reduce(0) { $0 + ($1.unrealizedPnl ?? 0) } }

    /// Nets one execution into its position.
    /// - Parameters:
    ///   - venue: The venue id.
    ///   - market: The venue's native market id (no `venue:` prefix).
    ///   - outcome: YES or NO for binary markets, `nil` otherwise.
    ///   - side: The direction of the execution.
    ///   - quantity: Executed quantity, > 0.
    ///   - price: Execution price, >= 0.
    ///   - fee: Fee charged (negative for a rebate).
    /// - Returns: The position after the fill.
    /// - Throws: ``OrderError`` with ``OrderError/Code/invalidFill`` for a non-positive or NaN quantity,
    ///   a negative or NaN price, or a NaN fee; nothing is changed.
    @discardableResult
    public mutating func applyFill(venue: String, market: String, outcome: Outcome? = nil, side: Side,
                                   quantity: Decimal, price: Decimal, fee: Decimal = 0) throws(OrderError)
        -> Position {
        let key = PositionKey(venue: venue, market: market, outcome: outcome)
        func invalid(_ why: String) -> OrderError {
            OrderError(.invalidFill, "position \(key): fill refused: \(why)")
        }
        if quantity.isNaN || quantity <= 0 { throw invalid("quantity must be greater than 0, got \(quantity)") }
        if price.isNaN || price < 0 { throw invalid("price must not be negative or NaN, got \(price)") }
        if fee.isNaN { throw invalid("fee is NaN") }

        var position = book[key] ?? Position(key: key)
        let delta = side == .buy ? quantity : -quantity
        let size = position.size
        if size == 0 || (size > 0) == (delta > 0) {
            let held = abs(size)
            // Opening from flat needs no division (Foundation's Decimal division is slow).
            position.averageEntryPrice = held == 0 ? price
                : (held * position.averageEntryPrice + quantity * price) / (held + quantity)
            position.size = size + delta
        } else {
            let closed = min(quantity, abs(size))
            let direction: Decimal = size > 0 ? 1 : -1
            position.realizedPnl += (price - position.averageEntryPrice) * closed * direction
            position.size = size + delta
            if position.size == 0 {
                position.averageEntryPrice = 0
            } else if (position.size > 0) != (size > 0) {
                position.averageEntryPrice = price
            }
        }
        position.fees += fee
        position.realizedPnl -= fee
        book[key] = position
        return position
    }

    /// Sets the mark price of a position, from which ``Position/unrealizedPnl`` is computed.
    /// - Parameters:
    ///   - venue: The venue id.
    ///   - market: The venue's native market id.
    ///   - outcome: YES or NO for binary markets, `nil` otherwise.
    ///   - price: The current price of the instrument (for a NO position: the NO price), >= 0.
    /// - Returns: The marked position, or `nil` (and nothing stored) if the instrument was never traded.
    /// - Throws: ``OrderError`` with ``OrderError/Code/invalidPrice`` for a negative or NaN price.
    @discardableResult
    public mutating func mark(venue: String, market: String, outcome: Outcome? = nil, price: Decimal)
        throws(OrderError) -> Position? {
        let key = PositionKey(venue: venue, market: market, outcome: outcome)
        if price.isNaN || price < 0 {
            throw OrderError(.invalidPrice, "position \(key): mark price must not be negative or NaN, got \(price)")
        }
        guard book[key] != nil else { return nil }
        book[key]?.markPrice = price
        return book[key]
    }

    /// Adopts a venue's positions as the truth, for reconciliation (at start-up and after reconnects).
    ///
    /// Every position of `venue` takes the venue's size and average entry price (and mark, when given);
    /// positions the venue no longer reports become flat. Realized P&L and fees are kept. If the venue
    /// lists the same instrument twice, the last entry wins.
    /// - Parameters:
    ///   - venue: The venue whose snapshot this is; other venues are untouched.
    ///   - positions: The venue's complete list of open positions.
    /// - Returns: Every instrument whose size differed, ordered by key.
    @discardableResult
    public mutating func replaceFromVenue(_ venue: String, positions: [VenuePositionSnapshot]) -> [PositionDiscrepancy] {
        var reported: [PositionKey: VenuePositionSnapshot] = [:]
        for entry in positions {
            reported[PositionKey(venue: venue, market: entry.market, outcome: entry.outcome)] = entry
        }
        var discrepancies: [PositionDiscrepancy] = []
        for key in Set(book.keys.filter { $0.venue == venue }).union(reported.keys) {
            var position = book[key] ?? Position(key: key)
            let venueSize = reported[key]?.size ?? 0
            if position.size != venueSize {
                discrepancies.append(PositionDiscrepancy(key: key, localSize: position.size, venueSize: venueSize))
            }
            position.size = venueSize
            position.averageEntryPrice = venueSize == 0 ? 0 : (reported[key]?.averageEntryPrice ?? 0)
            if let mark = reported[key]?.markPrice { position.markPrice = mark }
            book[key] = position
        }
        return discrepancies.sorted { $0.key < $1.key }
    }
}
