import GatewayCore
import Testing

/// Every row of the `RelayTradeMapping` table, its spellings, and its refusals.
@Suite struct RelayTradeMappingTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var side: String
        var action: String
        var expected: RelayTradeIntent
        var testDescription: String { "\(side)+\(action)" }
        init(_ side: String, _ action: String, _ direction: Side, _ outcome: Outcome?, reduceOnly: Bool) {
            self.side = side
            self.action = action
            self.expected = RelayTradeIntent(side: direction, outcome: outcome, reduceOnly: reduceOnly)
        }
    }

    /// The documented table, written out independently of the implementation.
    static let table: [Row] = [
        Row("yes", "open", .buy, .yes, reduceOnly: false),
        Row("yes", "buy", .buy, .yes, reduceOnly: false),
        Row("yes", "close", .sell, .yes, reduceOnly: true),
        Row("yes", "sell", .sell, .yes, reduceOnly: false),
        Row("no", "open", .buy, .no, reduceOnly: false),
        Row("no", "buy", .buy, .no, reduceOnly: false),
        Row("no", "close", .sell, .no, reduceOnly: true),
        Row("no", "sell", .sell, .no, reduceOnly: false),
        Row("long", "open", .buy, nil, reduceOnly: false),
        Row("long", "close", .sell, nil, reduceOnly: true),
        Row("short", "open", .sell, nil, reduceOnly: false),
        Row("short", "close", .buy, nil, reduceOnly: true),
        Row("buy", "buy", .buy, nil, reduceOnly: false),
        Row("buy", "open", .buy, nil, reduceOnly: false),
        Row("buy", "close", .buy, nil, reduceOnly: true),
        Row("sell", "sell", .sell, nil, reduceOnly: false),
        Row("sell", "open", .sell, nil, reduceOnly: false),
        Row("sell", "close", .sell, nil, reduceOnly: true),
    ]

    @Test(arguments: table)
    func row(_ row: Row) throws {
        #expect(try RelayTradeMapping.map(side: row.side, action: row.action) == row.expected)
    }

    /// The dashboard's capitalisation and stray whitespace map to the same rows.
    @Test(arguments: table)
    func rowIgnoresCaseAndWhitespace(_ row: Row) throws {
        let side = " " + row.side.prefix(1).uppercased() + row.side.dropFirst() + "\t"
        let action = "\n" + row.action.uppercased() + "  "
        #expect(try RelayTradeMapping.map(side: side, action: action) == row.expected)
    }

    @Test func dashboardExamples() throws {
        #expect(try RelayTradeMapping.map(side: "Yes", action: "open") == RelayTradeIntent(side: .buy, outcome: .yes))
        #expect(try RelayTradeMapping.map(side: "No", action: "close")
            == RelayTradeIntent(side: .sell, outcome: .no, reduceOnly: true))
        #expect(try RelayTradeMapping.map(side: "short", action: "close")
            == RelayTradeIntent(side: .buy, outcome: nil, reduceOnly: true))
    }

    @Test(arguments: [("buy", "sell"), ("sell", "buy"), ("BUY", " Sell ")])
    func contradictionIsRefused(_ side: String, _ action: String) {
        let error = #expect(throws: MappingError.self) { try RelayTradeMapping.map(side: side, action: action) }
        #expect(error?.code == .contradictorySideAction)
        #expect(error?.message == "side '\(side)' contradicts action '\(action)'")
    }

    @Test(arguments: [
        ("", "open"), ("yes", ""), ("", ""), ("   ", "buy"),
        ("long", "buy"), ("long", "sell"), ("short", "buy"), ("short", "sell"),
        ("yes", "long"), ("open", "yes"), ("maybe", "open"), ("yes", "hold"),
        ("y", "open"), ("yes please", "open"), ("long", "long"), ("bid", "buy"),
    ])
    func unknownPairIsRefusedNamingBothValues(_ side: String, _ action: String) {
        let error = #expect(throws: MappingError.self) { try RelayTradeMapping.map(side: side, action: action) }
        #expect(error?.code == .unsupportedSideAction)
        #expect(error?.message.contains("side '\(side)'") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("action '\(action)'") == true, "\(error?.message ?? "")")
    }

    /// Whatever the combination of words, an explicit buy never comes out as a sell and vice versa.
    @Test func buyNeverBecomesSell() {
        let words = ["yes", "no", "long", "short", "buy", "sell", "open", "close", "Buy", "SELL"]
        for side in words {
            for action in words {
                guard let intent = try? RelayTradeMapping.map(side: side, action: action) else { continue }
                let lowered = [side.lowercased(), action.lowercased()]
                if lowered.contains("buy") { #expect(intent.side == .buy, "\(side)+\(action)") }
                if lowered.contains("sell") { #expect(intent.side == .sell, "\(side)+\(action)") }
                if lowered.contains("long"), action.lowercased() == "open" { #expect(intent.side == .buy) }
                if lowered.contains("short"), action.lowercased() == "open" { #expect(intent.side == .sell) }
            }
        }
    }

    /// Exactly the table's 18 pairs map; every other pair of the known words is refused.
    @Test func onlyTheTablesPairsMap() {
        let sides = ["yes", "no", "long", "short", "buy", "sell", "open", "close"]
        var mapped = 0
        for side in sides {
            for action in sides where (try? RelayTradeMapping.map(side: side, action: action)) != nil {
                mapped += 1
                #expect(Self.table.contains { $0.side == side && $0.action == action }, "\(side)+\(action)")
            }
        }
        #expect(mapped == Self.table.count)
    }
}
