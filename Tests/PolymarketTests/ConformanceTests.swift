import Foundation
import GatewayTesting
import PluginHost
import Testing

/// The host's own conformance suite (what `gateway plugins verify` runs) against the built plugin.
@Suite struct ConformanceTests {
    @Test func thePluginPassesTheHostsConformanceSuite() async throws {
        let library = FixtureBuilder.binDirectory.appendingPathComponent("libPolymarket.so").path
        let checks = await ConformanceSuite().run(libraryPath: library)
        for check in checks { #expect(check.passed, "\(check.name): \(check.detail)") }
        #expect(checks.count > 10)
    }
}
