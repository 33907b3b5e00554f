import Foundation
import PluginABI
import PolymarketCore
import Testing
import VenueKit

@Suite struct MarketIdTests {
    let condition = "0x" + String(repeating: "ab", count: 32)
    let token = "71321045679252212594626385532706912750332728571942532289631379312455583992563"

    @Test func acceptedForms() throws {
        #expect(try MarketId.parse(token) == .token(token))
        #expect(try MarketId.parse("polymarket:" + token) == .token(token))
        #expect(try MarketId.parse(condition + ":0") == .condition(condition, .index(0)))
        #expect(try MarketId.parse(condition + ":1") == .condition(condition, .index(1)))
        #expect(try MarketId.parse(condition.uppercased().replacingOccurrences(of: "0X", with: "0x") + ":YES") == .condition(condition, .yes))
        #expect(try MarketId.parse(condition + ":no") == .condition(condition, .no))
        #expect(try MarketId.parse(condition) == .condition(condition, .fromOrder))
        #expect(try MarketId.parse(condition + ":" + token) == .token(token))
    }

    @Test(arguments: ["", "BTCUSDT", "0xabc:0", "0xABC123...DEF:0", "12a4", "0x" + String(repeating: "ab", count: 32) + ":maybe",
                      String(repeating: "9", count: 79)])
    func refusedForms(_ text: String) {
        #expect(throws: VenueFailure.self) { try MarketId.parse(text) }
    }

    @Test func pickingAnOutcomeOfACondition() throws {
        let outcomes: [(token: String, label: String)] = [("1", "Yes"), ("2", "No")]
        #expect(try MarketId.pick(.index(1), condition: condition, outcomes: outcomes, orderOutcome: GW_OUTCOME_NONE) == ("2", GW_OUTCOME_NO))
        #expect(try MarketId.pick(.fromOrder, condition: condition, outcomes: outcomes, orderOutcome: GW_OUTCOME_YES) == ("1", GW_OUTCOME_YES))
        #expect(throws: VenueFailure.self) { try MarketId.pick(.yes, condition: condition, outcomes: outcomes, orderOutcome: GW_OUTCOME_NO) }
        #expect(throws: VenueFailure.self) { try MarketId.pick(.fromOrder, condition: condition, outcomes: outcomes, orderOutcome: GW_OUTCOME_NONE) }
        let named: [(token: String, label: String)] = [("7", "Up"), ("8", "Down")]
        #expect(try MarketId.pick(.index(0), condition: condition, outcomes: named, orderOutcome: GW_OUTCOME_NONE).token == "7")
    }
}

@Suite struct AmountTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test func theFactsFileExample() throws {
        let amounts = try OrderAmounts.limit(side: .buy, price: d("0.57"), size: d("21.04"), tick: TickSize("0.01")!)
        #expect(amounts.makerAmount == "11992800")
        #expect(amounts.takerAmount == "21040000")
    }

    @Test func theFloatTrapIsAvoided() throws {
        // py-clob-client-v2 floors 4570.73 × 100 in binary floats to 457072 and signs 4570.72 shares.
        let amounts = try OrderAmounts.limit(side: .buy, price: d("0.5"), size: d("4570.73"), tick: TickSize("0.01")!)
        #expect(amounts.takerAmount == "4570730000")
        #expect(amounts.makerAmount == "2285365000")
    }

    @Test func marketBuyFloorsTheSharesAtTheTicksPlaces() throws {
        let amounts = try OrderAmounts.market(side: .buy, amount: d("4.17"), price: d("0.57"), tick: TickSize("0.01")!)
        // 4.17 / 0.57 = 7.315789… → ceil to 8 places 7.31578948 → floor to 4 places 7.3157.
        #expect(amounts.makerAmount == "4170000")
        #expect(amounts.takerAmount == "7315700")
    }

    @Test(arguments: [("0.455", "0.01"), ("0.0", "0.01"), ("1", "0.01"), ("0.9995", "0.001"), ("0.0025", "0.005"), ("0.12345", "0.0001")])
    func offGridPricesAreRefused(_ price: String, _ tick: String) {
        #expect(throws: VenueFailure.self) { try OrderAmounts.limit(side: .buy, price: d(price), size: d("10"), tick: TickSize(tick)!) }
    }

    @Test func onGridPricesWithTrailingZerosAreAccepted() throws {
        let amounts = try OrderAmounts.limit(side: .sell, price: d("0.500"), size: d("10"), tick: TickSize("0.01")!)
        #expect(amounts.takerAmount == "5000000")
        #expect(TickSize("0.010") == TickSize("0.01"))
        #expect(TickSize("0.02") == nil)
    }

    @Test func roundingModes() {
        #expect(DecimalRounding.round(d("1.2345"), 2, .floor) == d("1.23"))
        #expect(DecimalRounding.round(d("1.2301"), 2, .ceiling) == d("1.24"))
        #expect(DecimalRounding.round(d("9.999"), 2, .ceiling) == d("10"))
        #expect(DecimalRounding.round(d("0.125"), 2, .halfEven) == d("0.12"))
        #expect(DecimalRounding.round(d("0.135"), 2, .halfEven) == d("0.14"))
        #expect(DecimalRounding.round(d("0.1351"), 2, .halfEven) == d("0.14"))
        #expect(DecimalRounding.baseUnits(d("11.9928")) == "11992800")
    }
}

@Suite struct EncodingTests {
    @Test func jsonKeepsNumbersExact() throws {
        let json = try PolyJSON.parse(#"{"minimum_tick_size": 0.01, "a": [1e-3, "x\u00e9\n"], "n": null, "t": true}"#)
        #expect(json["minimum_tick_size"] == .number("0.01"))
        #expect(json["a"]?.arrayValue?.first == .number("1e-3"))
        #expect(json["a"]?.arrayValue?.last?.stringValue == "xé\n")
        #expect(json["n"]?.isNull == true)
        #expect(throws: PolyJSON.ParseError.self) { try PolyJSON.parse("{\"a\":}") }
        #expect(throws: PolyJSON.ParseError.self) { try PolyJSON.parse(String(repeating: "[", count: 100)) }
        #expect(PolyJSON.quote("a\"b\\c\u{01}é") == #""a\"b\\c\u0001é""#)
    }

    @Test func base64BothAlphabetsAndUint256() {
        #expect(ByteEncoding.base64URL([0xfb, 0xff]) == "-_8=")
        #expect(ByteEncoding.unbase64("-_8=") == [0xfb, 0xff])
        #expect(ByteEncoding.unbase64("+/8") == [0xfb, 0xff])
        #expect(ByteEncoding.unbase64("a$b=") == nil)
        #expect(ByteEncoding.uint256(decimal: "256")?.suffix(2) == [1, 0])
        #expect(ByteEncoding.uint256(decimal: String(repeating: "9", count: 78)) == nil)
    }

    @Test func venueTextsMapToContractCodes() {
        #expect(VenueErrors.status(forText: "not enough balance / allowance") == .insufficientBalance)
        #expect(VenueErrors.status(forText: "invalid post-only order: order crosses book") == .invalidOrder)
        #expect(VenueErrors.status(forText: "order couldn't be fully filled. FOK orders are fully filled or killed.") == .venueRejected)
        #expect(VenueErrors.status(forText: "the market is not yet ready to process new orders") == .venueRejected)
        #expect(VenueErrors.status(forText: "invalid expiration") == .invalidOrder)
        #expect(VenueErrors.status(forText: "Unauthorized/Invalid api key") == .auth)
        #expect(VenueErrors.status(forText: "something new") == nil)
    }
}
