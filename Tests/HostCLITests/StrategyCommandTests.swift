import Foundation
import GatewayTesting
import Testing

/// `gateway strategy validate|show|list` through the built binary.
@Suite struct StrategyCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func validateTheExample() async throws {
        let result = try await CLI.run(["strategy", "validate", Self.root.appendingPathComponent("strategy.example.json").path])
        #expect(result.status == 0)
        #expect(result.output.contains("Valid strategy: 4 rules, dry_run=true"))
    }

    @Test func validateNamesFilePathAndSuggestion() async throws {
        let folder = try FixtureBuilder.temporaryDirectory("gw-strategy")
        let file = folder.appendingPathComponent("bad.json")
        try Data(#"{"rules": [{"name": "r", "signal_types": ["alert"], "min_confidance": 70, "action": {"side": "buy", "size": 1}}]}"#.utf8).write(to: file)
        let result = try await CLI.run(["strategy", "validate", file.path])
        #expect(result.status == 1)
        #expect(result.output.contains("bad.json: rules[0].min_confidance: unknown key (did you mean 'min_confidence'?)"), "\(result.output)")
        #expect(!result.output.contains("Stack"))
    }

    @Test func showResolvesDefaultsFromTheEnvironment() async throws {
        let folder = try FixtureBuilder.temporaryDirectory("gw-strategy")
        let file = folder.appendingPathComponent("s.json")
        try Data(#"{"rules": []}"#.utf8).write(to: file)
        let result = try await CLI.run(["strategy", "show"], environment: ["STRATEGY_CONFIG_PATH": file.path])
        #expect(result.status == 0)
        #expect(result.output.contains("\"dry_run\": true") && result.output.contains("\"signal_dedup_window_seconds\": 300"))
        let missing = try await CLI.run(["strategy", "show"], in: folder)
        #expect(missing.status == 1 && missing.output.contains("Strategy config not found"))
    }

    @Test func listTheTemplates() async throws {
        let result = try await CLI.run(["strategy", "list", "--templates-dir", Self.root.appendingPathComponent("templates").path])
        #expect(result.status == 0)
        #expect(result.output.contains("Available Strategy Templates:"))
        for name in ["crypto-15m-arb", "crypto-15m-momentum", "prediction-arb", "prediction-volume-spike", "prediction-whale-follow",
                     "sharp-line-movement"] {
            #expect(result.output.contains("\n  \(name)\n"), "\(name)")
        }
        #expect(result.output.contains("    Venues: kalshi, polymarket"))
        #expect(!result.output.contains("[WARN]"))
        let none = try await CLI.run(["strategy", "list", "--templates-dir", "/nonexistent/t"])
        #expect(none.status == 1 && none.output.contains("Templates directory not found: /nonexistent/t"))
    }
}
