import Foundation
import GatewayTesting
import PluginHost
import Testing

/// The host's own conformance suite (what `gateway plugins verify` runs) against the built plugin.
@Suite struct ConformanceTests {
    @Test func thePluginPassesTheHostsConformanceSuite() async throws {
        let library = FixtureBuilder.binDirectory.appendingPathComponent("libPolymarket.so").path
        var checks: [ConformanceSuite.Check] = []
        // The suite gives each operation 5 s; when the whole package's tests run in parallel on a small
        // machine, the host's HTTP tasks can starve past that (other suites block threads compiling C
        // fixtures). Only such timeouts are retried; any other failed check fails at once.
        for _ in 0..<3 {
            checks = await ConformanceSuite().run(libraryPath: library)
            let failed = checks.filter { !$0.passed }
            let starved = !failed.isEmpty && failed.allSatisfy {
                $0.detail.contains("did not complete within") || $0.name == "exactly once"
            }
            if !starved { break }
        }
        for check in checks { #expect(check.passed, "\(check.name): \(check.detail)") }
        #expect(checks.count > 10)
    }
}
