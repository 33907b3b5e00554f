import Foundation
import GatewayTesting
import Testing

/// `gateway plugins list|install|verify` and the out-of-tree C venue, end to end through the built binary.
@Suite struct PluginsCommandTests {
    @Test func listShowsThePaperPlugin() async throws {
        let plugins = try CLI.pluginsFolderWithPaper()
        let result = try await CLI.run(["plugins", "list", "--plugins", plugins.path])
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("NAME   VERSION  VENUES  ABI  STATUS") == true)
        #expect(lines.contains { $0.hasPrefix("paper  1.0.0    paper   1.0  loaded") })
    }

    @Test func listJSONReportsErrorsAndKeepsTheOthers() async throws {
        let plugins = try CLI.pluginsFolderWithPaper()
        try Data(#"{"name":"ghost","library":"./libghost.so"}"#.utf8).write(to: plugins.appendingPathComponent("ghost.json"))
        let result = try await CLI.run(["plugins", "list", "--json", "--plugins", plugins.path])
        #expect(result.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        let ghost = try #require(rows.first { $0["name"] as? String == "ghost" })
        #expect(ghost["status"] as? String == "error")
        #expect((ghost["error"] as? String)?.contains("ghost.json: library") == true)
        let paper = try #require(rows.first { $0["name"] as? String == "paper" })
        #expect(paper["status"] as? String == "loaded")
        #expect((paper["capabilities"] as? [String])?.contains("cancel_all") == true)
    }

    @Test func missingPluginsFolderIsAClearError() async throws {
        let result = try await CLI.run(["plugins", "list", "--plugins", "/nonexistent/plugins.d"])
        #expect(result.status != 0)
        #expect(result.output.contains("plugins folder /nonexistent/plugins.d cannot be read"))
    }

    @Test func cExampleInstallsVerifiesAndTradesInSimulation() async throws {
        let library = try await CLI.buildCExample()
        let plugins = try CLI.pluginsFolderWithPaper()

        let verify = try await CLI.run(["plugins", "verify", library.path])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains("PASS  handshake"))
        #expect(verify.output.contains("PASS  exactly once"))
        #expect(verify.output.contains("0 failed"))

        let install = try await CLI.run(["plugins", "install", library.path, "--plugins", plugins.path])
        #expect(install.status == 0, "\(install.output)")
        #expect(install.output.contains("installed acme 1.0.0"))
        let manifest = try String(contentsOf: plugins.appendingPathComponent("acme.json"), encoding: .utf8)
        #expect(manifest.contains("\"sha256\""))

        let again = try await CLI.run(["plugins", "install", library.path, "--plugins", plugins.path])
        #expect(again.status != 0)
        #expect(again.output.contains("already exists"))

        let list = try await CLI.run(["plugins", "list", "--plugins", plugins.path])
        #expect(list.output.split(separator: "\n").contains { $0.hasPrefix("acme") && $0.contains("loaded") })

        let simulate = try await CLI.run(["simulate", "--plugins", plugins.path, "--venues", "acme", "--count", "6",
                                    "--interval", "0", "--scenario", "basic"])
        #expect(simulate.status == 0, "\(simulate.output)")
        #expect(simulate.output.contains("FILL acme:KXBTCD-SIM-01"))
        #expect(simulate.output.contains("6 commands, 6 orders"))
    }

    @Test func verifyPassesForThePaperPlugin() async throws {
        let result = try await CLI.run(["plugins", "verify", FixtureBuilder.binDirectory.appendingPathComponent("libPaper.so").path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("0 failed"))
    }

    @Test func verifyFailsForABrokenLibrary() async throws {
        let folder = try FixtureBuilder.temporaryDirectory()
        let broken = try FixtureBuilder.fixture("abi_major_2", in: folder)
        let result = try await CLI.run(["plugins", "verify", broken.path])
        #expect(result.status != 0)
        #expect(result.output.contains("FAIL  handshake"))
        #expect(result.output.contains("ABI 2.0"))
    }
}
