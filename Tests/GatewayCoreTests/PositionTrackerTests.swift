import Foundation
import GatewayCore
import Testing

/// `PositionTracker`: netting, average entry, realized and unrealized P&L, fees, outcomes, reconciliation.
@Suite struct PositionTrackerTests {
    @Test func openAddAndPartialCloseRealizePnl() throws {
        var tracker = PositionTracker()
        var position = try tracker.applyFill(venue: "kalshi", market: "KX-1", outcome: .yes, side: .buy,
                                             quantity: dec("10"), price: dec("0.40"))
        #expect(position.size == dec("10"))
        #expect(position.averageEntryPrice == dec("0.40"))
        #expect(position.realizedPnl == 0)

        position = try tracker.applyFill(venue: "kalshi", market: "KX-1", outcome: .yes, side: .buy,
                                         quantity: dec("10"), price: dec("0.60"))
        #expect(position.size == dec("20"))
        #expect(position.averageEntryPrice == dec("0.50"))

        position = try tracker.applyFill(venue: "kalshi", market: "KX-1", outcome: .yes, side: .sell,
                                         quantity: dec("5"), price: dec("0.70"))
        #expect(position.size == dec("15"))
        #expect(position.averageEntryPrice == dec("0.50"), "reducing leaves the entry price alone")
        #expect(position.realizedPnl == dec("1.00"))
        #expect(tracker.realizedPnl(venue: "kalshi", market: "KX-1", outcome: .yes) == dec("1"))
    }

    @Test func flipThroughZeroResetsTheEntryPrice() throws {
        var tracker = PositionTracker()
        try tracker.applyFill(venue: "hyperliquid", market: "BTC", side: .buy, quantity: dec("15"), price: dec("100"))
        var position = try tracker.applyFill(venue: "hyperliquid", market: "BTC", side: .sell, quantity: dec("20"),
                                             price: dec("110"))
        #expect(position.realizedPnl == dec("150"))  // (110 − 100) × 15
        #expect(position.size == dec("-5"))
        #expect(position.averageEntryPrice == dec("110"))

        // Adding to the short re-weights; buying back realizes with the sign flipped.
        position = try tracker.applyFill(venue: "hyperliquid", market: "BTC", side: .sell, quantity: dec("5"),
                                         price: dec("120"))
        #expect(position.size == dec("-10"))
        #expect(position.averageEntryPrice == dec("115"))
        position = try tracker.applyFill(venue: "hyperliquid", market: "BTC", side: .buy, quantity: dec("4"),
                                         price: dec("105"))
        #expect(position.realizedPnl == dec("190"))  // 150 + (115 − 105) × 4
        #expect(position.size == dec("-6"))
        #expect(position.averageEntryPrice == dec("115"))

        position = try tracker.applyFill(venue: "hyperliquid", market: "BTC", side: .buy, quantity: dec("6"),
                                         price: dec("125"))
        #expect(position.realizedPnl == dec("130"))  // 190 − 10 × 6
        #expect(position.isFlat)
        #expect(position.averageEntryPrice == 0)
        #expect(tracker.positions.isEmpty, "flat positions are not listed")
        #expect(tracker.allPositions.count == 1, "but their realized P&L is kept")
        #expect(tracker.totalRealizedPnl == dec("130"))

        // Re-opening from flat starts a fresh average.
        position = try tracker.applyFill(venue: "hyperliquid", market: "BTC", side: .buy, quantity: dec("1"),
                                         price: dec("90"))
        #expect(position.averageEntryPrice == dec("90"))
    }

    @Test func shortFromFlatThenCover() throws {
        var tracker = PositionTracker()
        try tracker.applyFill(venue: "binance", market: "ETHUSDT", side: .sell, quantity: dec("10"), price: dec("100"))
        let position = try tracker.applyFill(venue: "binance", market: "ETHUSDT", side: .buy, quantity: dec("4"),
                                             price: dec("90"))
        #expect(position.size == dec("-6"))
        #expect(position.realizedPnl == dec("40"))
    }

    @Test func feesAreSubtractedFromRealizedPnl() throws {
        var tracker = PositionTracker()
        try tracker.applyFill(venue: "binance", market: "BTCUSDT", side: .buy, quantity: dec("10"), price: dec("1"),
                              fee: dec("0.05"))
        #expect(tracker.realizedPnl(venue: "binance", market: "BTCUSDT") == dec("-0.05"))
        let position = try tracker.applyFill(venue: "binance", market: "BTCUSDT", side: .sell, quantity: dec("10"),
                                             price: dec("1.2"), fee: dec("0.06"))
        #expect(position.fees == dec("0.11"))
        #expect(position.realizedPnl == dec("1.89"))  // 2.00 gross − 0.11 fees
        try tracker.applyFill(venue: "binance", market: "XRPUSDT", side: .buy, quantity: dec("1"), price: dec("1"),
                              fee: dec("-0.01"))
        #expect(tracker.totalFees == dec("0.10"))
        #expect(tracker.totalRealizedPnl == dec("1.90"))
    }

    @Test func yesAndNoAreSeparatePositions() throws {
        var tracker = PositionTracker()
        try tracker.applyFill(venue: "kalshi", market: "KX-1", outcome: .yes, side: .buy, quantity: dec("10"),
                              price: dec("0.60"))
        try tracker.applyFill(venue: "kalshi", market: "KX-1", outcome: .no, side: .buy, quantity: dec("5"),
                              price: dec("0.35"))
        let yes = try #require(tracker.position(venue: "kalshi", market: "KX-1", outcome: .yes))
        let no = try #require(tracker.position(venue: "kalshi", market: "KX-1", outcome: .no))
        #expect(yes.size == dec("10") && yes.averageEntryPrice == dec("0.60"))
        #expect(no.size == dec("5") && no.averageEntryPrice == dec("0.35"), "buying NO is not a short of YES")

        try tracker.applyFill(venue: "kalshi", market: "KX-1", outcome: .no, side: .sell, quantity: dec("5"),
                              price: dec("0.45"))
        #expect(tracker.position(venue: "kalshi", market: "KX-1", outcome: .yes)?.size == dec("10"))
        #expect(tracker.realizedPnl(venue: "kalshi", market: "KX-1", outcome: .no) == dec("0.50"))
        #expect(tracker.realizedPnl(venue: "kalshi", market: "KX-1", outcome: .yes) == 0)
        #expect(tracker.position(venue: "kalshi", market: "KX-1") == nil, "no outcome-less position was created")
        #expect(tracker.positions.map(\.key.description) == ["kalshi:KX-1[yes]"])
    }

    @Test func keysUseTheNativeMarketId() throws {
        var tracker = PositionTracker()
        try tracker.applyFill(venue: "polymarket", market: "0xabc:0", outcome: .yes, side: .buy, quantity: dec("1"),
                              price: dec("0.5"))
        let key = try #require(tracker.positions.first?.key)
        #expect(key == PositionKey(venue: "polymarket", market: "0xabc:0", outcome: .yes))
        #expect(key.description == "polymarket:0xabc:0[yes]")
    }

    @Test func unrealizedPnlNeedsAMark() throws {
        var tracker = PositionTracker()
        try tracker.applyFill(venue: "kalshi", market: "KX-1", outcome: .yes, side: .buy, quantity: dec("10"),
                              price: dec("0.40"))
        try tracker.applyFill(venue: "hyperliquid", market: "ETH", side: .sell, quantity: dec("5"), price: dec("0.80"))
        #expect(tracker.position(venue: "kalshi", market: "KX-1", outcome: .yes)?.unrealizedPnl == nil)
        #expect(tracker.totalUnrealizedPnl == 0)

        let long = try tracker.mark(venue: "kalshi", market: "KX-1", outcome: .yes, price: dec("0.55"))
        #expect(long?.unrealizedPnl == dec("1.5"))
        let short = try tracker.mark(venue: "hyperliquid", market: "ETH", price: dec("0.90"))
        #expect(short?.unrealizedPnl == dec("-0.5"))
        #expect(tracker.totalUnrealizedPnl == dec("1.0"))

        // The mark survives later fills.
        let added = try tracker.applyFill(venue: "kalshi", market: "KX-1", outcome: .yes, side: .buy,
                                          quantity: dec("10"), price: dec("0.50"))
        #expect(added.unrealizedPnl == dec("2.0"))  // (0.55 − 0.45) × 20

        #expect(try tracker.mark(venue: "kalshi", market: "KX-UNKNOWN", outcome: .yes, price: dec("0.5")) == nil)
        #expect(tracker.position(venue: "kalshi", market: "KX-UNKNOWN", outcome: .yes) == nil)
        let error = #expect(throws: OrderError.self) {
            try tracker.mark(venue: "kalshi", market: "KX-1", outcome: .yes, price: dec("-1"))
        }
        #expect(error?.code == .invalidPrice)
    }

    @Test(arguments: [("0", "1"), ("-1", "1"), ("NaN", "1"), ("1", "-0.1"), ("1", "NaN")])
    func invalidFillsThrowAndChangeNothing(_ quantity: String, _ price: String) throws {
        var tracker = PositionTracker()
        try tracker.applyFill(venue: "kalshi", market: "KX-1", outcome: .yes, side: .buy, quantity: dec("1"),
                              price: dec("0.5"))
        let before = tracker.allPositions
        let number = { (text: String) in text == "NaN" ? Decimal.nan : dec(text) }
        let error = #expect(throws: OrderError.self) {
            try tracker.applyFill(venue: "kalshi", market: "KX-1", outcome: .yes, side: .sell,
                                  quantity: number(quantity), price: number(price))
        }
        #expect(error?.code == .invalidFill)
        #expect(error?.message.hasPrefix("position kalshi:KX-1[yes]: fill refused") == true)
        #expect(tracker.allPositions == before)
    }

    @Test func replaceFromVenueAdoptsTheSnapshot() throws {
        var tracker = PositionTracker()
        try tracker.applyFill(venue: "kalshi", market: "A", outcome: .yes, side: .buy, quantity: dec("10"),
                              price: dec("0.40"))
        try tracker.applyFill(venue: "kalshi", market: "A", outcome: .yes, side: .sell, quantity: dec("2"),
                              price: dec("0.50"))  // realized 0.20
        try tracker.applyFill(venue: "kalshi", market: "B", outcome: .no, side: .buy, quantity: dec("3"),
                              price: dec("0.30"))
        try tracker.applyFill(venue: "binance", market: "BTCUSDT", side: .buy, quantity: dec("1"), price: dec("100"))

        let discrepancies = tracker.replaceFromVenue("kalshi", positions: [
            VenuePositionSnapshot(market: "A", outcome: .yes, size: dec("8"), averageEntryPrice: dec("0.41"),
                          markPrice: dec("0.45")),
            VenuePositionSnapshot(market: "C", outcome: .yes, size: dec("4"), averageEntryPrice: dec("0.20")),
        ])
        #expect(discrepancies == [
            PositionDiscrepancy(key: PositionKey(venue: "kalshi", market: "B", outcome: .no), localSize: dec("3"),
                                venueSize: 0),
            PositionDiscrepancy(key: PositionKey(venue: "kalshi", market: "C", outcome: .yes), localSize: 0,
                                venueSize: dec("4")),
        ])
        let a = try #require(tracker.position(venue: "kalshi", market: "A", outcome: .yes))
        #expect(a.size == dec("8"))
        #expect(a.averageEntryPrice == dec("0.41"))
        #expect(a.realizedPnl == dec("0.20"), "realized history is kept")
        #expect(a.markPrice == dec("0.45"))
        #expect(tracker.position(venue: "kalshi", market: "B", outcome: .no)?.isFlat == true)
        #expect(tracker.position(venue: "binance", market: "BTCUSDT")?.size == dec("1"), "other venues untouched")
        #expect(tracker.positions.map(\.key.description)
            == ["binance:BTCUSDT", "kalshi:A[yes]", "kalshi:C[yes]"])
    }
}
