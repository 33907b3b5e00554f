import Foundation
import PaperCore
import Testing
import VenueKit

/// The paper venue's settings and its reproducible generator.
@Suite struct PaperConfigTests {
    @Test func defaultsApplyAndOverridesAreRead() throws {
        let config = try PluginConfig.decode(PaperConfig.self, from: #"{"venue":"kalshi","fill_rate":0.5,"seed":9}"#)
        #expect(config.venue == "kalshi")
        #expect(config.fillRate == 0.5)
        #expect(config.seed == 9)
        #expect(config.latencyMs == 0)
        #expect(config.balance == "10000")
    }

    @Test func outOfRangeSettingsAreRefusedWithTheFieldNamed() {
        #expect(throws: VenueFailure.self) { try PluginConfig.decode(PaperConfig.self, from: #"{"fill_rate":2}"#) }
        do {
            _ = try PluginConfig.decode(PaperConfig.self, from: #"{"slippage_bps":-1}"#)
            Issue.record("accepted a negative slippage")
        } catch {
            #expect(error.status == .invalidConfig)
            #expect(error.message.contains("slippage_bps"))
        }
        do {
            _ = try PluginConfig.decode(PaperConfig.self, from: #"{"latency_ms":"fast"}"#)
            Issue.record("accepted a string latency")
        } catch {
            #expect(error.message.contains("latency_ms"))
        }
    }

    @Test func generatorIsReproducible() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        var c = SeededGenerator(seed: 43)
        #expect(first != (0..<5).map { _ in c.next() })
        // SplitMix64's published first output for seed 0.
        var zero = SeededGenerator(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func stableHashIsFNV1a() {
        #expect(stableHash("") == 0xcbf2_9ce4_8422_2325)
        #expect(stableHash("a") == 0xaf63_dc4c_8601_ec8c)
    }
}
