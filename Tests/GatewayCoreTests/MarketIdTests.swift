import GatewayCore
import Testing

/// `MarketId(parsing:)`: split at the first colon, venue lower-cased, native id untouched.
@Suite struct MarketIdTests {
    @Test(arguments: [
        ("kalshi:KXBTCD-26FEB11", "kalshi", "KXBTCD-26FEB11"),
        ("polymarket:0x123abc", "polymarket", "0x123abc"),
        ("polymarket:0xabc:0", "polymarket", "0xabc:0"),
        ("hyperliquid:BTC", "hyperliquid", "BTC"),
        ("binance:BTCUSDT", "binance", "BTCUSDT"),
        ("Kalshi:KxMixedCase", "kalshi", "KxMixedCase"),
        ("sim:a:b:c", "sim", "a:b:c"),
        ("x::", "x", ":"),
    ])
    func parses(_ text: String, _ venue: String, _ native: String) throws {
        let id = try MarketId(parsing: text)
        #expect(id.venue == venue)
        #expect(id.native == native)
    }

    @Test(arguments: [
        ("", "no colon"),
        ("kalshi", "no colon"),
        (":KX", "the venue part is empty"),
        ("kalshi:", "the native id part is empty"),
        (":", "the venue part is empty"),
    ])
    func refuses(_ text: String, _ why: String) {
        let error = #expect(throws: MappingError.self) { try MarketId(parsing: text) }
        #expect(error?.code == .invalidMarketId)
        #expect(error?.message == "Invalid market_id \"\(text)\": expected \"venue:native_id\" (\(why))")
    }

    @Test func descriptionIsTheWireForm() throws {
        #expect(try MarketId(parsing: "Polymarket:0xabc:0").description == "polymarket:0xabc:0")
        #expect(MarketId(venue: "KALSHI", native: "KX").description == "kalshi:KX")
    }
}
