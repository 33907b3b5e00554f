@testable import GatewayCore
import Testing

/// Deterministic client order ids: fixed vectors, stability, and each style's rules.
@Suite struct ClientOrderIdGeneratorTests {
    static let binance = ClientOrderIdStyle.alnum(maxLength: 36, extraCharacters: ".:/_-")
    static let kalshi = ClientOrderIdStyle.alnum(maxLength: 64, extraCharacters: "-_:+=/")

    /// Published FNV-1a 128-bit vectors: the base of the hash is the standard function.
    @Test func fnv1a128MatchesPublishedVectors() {
        #expect(StableHash.fnv1a128([]) == 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d)
        #expect(StableHash.fnv1a128(Array("a".utf8)) == 0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964)
    }

    /// These literals pin the function: if this test fails, ids already stored in journals and at venues
    /// would no longer match their commands. Do not update the literals; restore the function. (The values
    /// were cross-checked against an independent Python implementation of the documented algorithm.)
    @Test func fixedVectors() {
        let alnum = ClientOrderIdGenerator(style: Self.binance)
        let hex = ClientOrderIdGenerator(style: .hex128)
        #expect(alnum.clientOrderId(commandId: "cmd-0001") == "gw9qkwvhscd3d72hfs5vnog34rk")
        #expect(alnum.clientOrderId(commandId: "cmd-0001", leg: 1) == "gwe1tvk14xqdjrtls6qguqj6z3q")
        #expect(hex.clientOrderId(commandId: "cmd-0001") == "0xa47e19d4c5e9a4e249499fec7194dae0")
        #expect(ClientOrderIdGenerator(style: .alnum(maxLength: 16)).clientOrderId(commandId: "cmd-0001")
            == "gw9qkwvhscd3d72h")
    }

    @Test func sameCommandGivesSameIdAndLegsDiffer() {
        for style in [Self.binance, Self.kalshi, .hex128, .alnum(maxLength: 0)] {
            let generator = ClientOrderIdGenerator(style: style)
            let copy = ClientOrderIdGenerator(style: style)
            #expect(generator.clientOrderId(commandId: "abc") == copy.clientOrderId(commandId: "abc"))
            #expect(generator.clientOrderId(commandId: "abc", leg: 0) != generator.clientOrderId(commandId: "abc", leg: 1))
            #expect(generator.clientOrderId(commandId: "abc") != generator.clientOrderId(commandId: "abd"))
            // The encoding is unambiguous: the leg cannot be confused with the command id's bytes.
            #expect(generator.clientOrderId(commandId: "a", leg: 0) != generator.clientOrderId(commandId: "", leg: 0x61))
        }
    }

    struct StyleCase: Sendable, CustomTestStringConvertible {
        var name: String
        var style: ClientOrderIdStyle
        var prefix: String
        var expectedLength: Int
        var testDescription: String { name }
    }

    static let styles: [StyleCase] = [
        StyleCase(name: "binance (36, .:/_-)", style: binance, prefix: "gw", expectedLength: 27),
        StyleCase(name: "kalshi (64)", style: kalshi, prefix: "gw", expectedLength: 27),
        StyleCase(name: "alnum 16", style: .alnum(maxLength: 16), prefix: "gw", expectedLength: 16),
        StyleCase(name: "alnum 10 drops the prefix", style: .alnum(maxLength: 10), prefix: "gw", expectedLength: 10),
        StyleCase(name: "unlimited", style: .alnum(maxLength: 0), prefix: "gw", expectedLength: 27),
        StyleCase(name: "prefix filtered to charset", style: .alnum(maxLength: 20), prefix: "gw-x.y", expectedLength: 20),
        StyleCase(name: "prefix kept when allowed", style: binance, prefix: "gw-x.y", expectedLength: 31),
        StyleCase(name: "hex128", style: .hex128, prefix: "gw", expectedLength: 34),
    ]

    @Test(arguments: styles)
    func idsObeyTheStyle(_ test: StyleCase) {
        let generator = ClientOrderIdGenerator(style: test.style, prefix: test.prefix)
        var seen = Set<String>()
        for index in 0..<500 {
            let id = generator.clientOrderId(commandId: "command-\(index)", leg: index % 3)
            #expect(test.style.accepts(id), "\(id)")
            #expect(id.count == test.expectedLength, "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 500, "no collisions")
    }

    @Test func alnumIdsStartWithTheAllowedPrefix() {
        #expect(ClientOrderIdGenerator(style: Self.binance).clientOrderId(commandId: "x").hasPrefix("gw"))
        let filtered = ClientOrderIdGenerator(style: .alnum(maxLength: 20), prefix: "gw-x.y").clientOrderId(commandId: "x")
        #expect(filtered.hasPrefix("gwxy"))
        #expect(ClientOrderIdGenerator(style: .hex128).clientOrderId(commandId: "x").hasPrefix("0x"))
    }

    @Test func shortLimitKeepsTheHashNotThePrefix() {
        let full = ClientOrderIdGenerator(style: .alnum(maxLength: 0), prefix: "").clientOrderId(commandId: "cmd")
        let short = ClientOrderIdGenerator(style: .alnum(maxLength: 10)).clientOrderId(commandId: "cmd")
        #expect(short == String(full.prefix(10)))
    }

    @Test func acceptsChecksLengthAndCharset() {
        #expect(Self.binance.accepts("gw.ok:/_-AZaz09"))
        #expect(!Self.binance.accepts(""))
        #expect(!Self.binance.accepts(String(repeating: "a", count: 37)))
        #expect(Self.binance.accepts(String(repeating: "a", count: 36)))
        #expect(!Self.binance.accepts("gw+1"))
        #expect(!Self.binance.accepts("gwé"))
        #expect(ClientOrderIdStyle.alnum(maxLength: 0).accepts(String(repeating: "a", count: 500)))
        #expect(ClientOrderIdStyle.hex128.accepts("0x" + String(repeating: "0f", count: 16)))
        #expect(!ClientOrderIdStyle.hex128.accepts("0x" + String(repeating: "0F", count: 16)))
        #expect(!ClientOrderIdStyle.hex128.accepts("0x" + String(repeating: "0", count: 31)))
        #expect(!ClientOrderIdStyle.hex128.accepts("1x" + String(repeating: "0", count: 32)))
        #expect(!ClientOrderIdStyle.hex128.accepts("0x" + String(repeating: "g", count: 32)))
    }
}
