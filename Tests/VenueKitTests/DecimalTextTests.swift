import Foundation
import Testing
import VenueKit

/// Strict decimal parsing and exact rounding, which every plugin relies on for prices and sizes.
@Suite struct DecimalTextTests {
    @Test(arguments: ["0", "1", "0.5", "-3.25", "95000.10", "0.000001", "12345678901234567890.123"])
    func acceptsPlainDecimals(text: String) {
        #expect(DecimalText.parse(text) != nil)
    }

    @Test(arguments: ["", "-", ".5", "5.", "1e5", "NaN", "nan", "inf", "12abc", " 1", "1 ", "+1", "1,5", "0x10", "1.2.3"])
    func refusesEverythingElse(text: String) {
        #expect(DecimalText.parse(text) == nil)
    }

    @Test func positiveRefusesZeroAndNegatives() {
        #expect(DecimalText.positive("0") == nil)
        #expect(DecimalText.positive("-1") == nil)
        #expect(DecimalText.positive("0.01") == Decimal(string: "0.01"))
    }

    @Test(arguments: [
        ("1.2345", "0.01", DecimalText.Rounding.down, "1.23"),
        ("1.2345", "0.01", .up, "1.24"),
        ("1.2350", "0.01", .nearest, "1.24"),
        ("1.2349", "0.01", .nearest, "1.23"),
        ("-1.2345", "0.01", .down, "-1.24"),
        ("-1.2345", "0.01", .up, "-1.23"),
        ("7.3", "0.5", .down, "7"),
        ("7.3", "0.5", .up, "7.5"),
        ("0.123456789", "0.00001", .down, "0.12345"),
        ("100", "0.01", .up, "100"),
    ])
    func roundsToAStepExactly(value: String, step: String, rounding: DecimalText.Rounding, expected: String) {
        let result = DecimalText.round(Decimal(string: value)!, toMultipleOf: Decimal(string: step)!, rounding)
        #expect(DecimalText.format(result) == expected)
    }

    @Test func scaleCountsDecimalPlaces() {
        #expect(DecimalText.scale(of: Decimal(string: "0.010")!) == 2)
        #expect(DecimalText.scale(of: 5) == 0)
        #expect(DecimalText.scale(of: Decimal(string: "0.00000001")!) == 8)
    }

    @Test func formatHasNoExponent() {
        #expect(DecimalText.format(Decimal(string: "0.00000001")!) == "0.00000001")
        #expect(DecimalText.format(Decimal(string: "100000000000")!) == "100000000000")
        #expect(DecimalText.format(Decimal(string: "-0")!) == "0")
    }
}
