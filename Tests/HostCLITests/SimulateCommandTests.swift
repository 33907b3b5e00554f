import Foundation
import GatewayTesting
import Testing

/// `gateway simulate` and `gateway order` through the real host and paper plugin.
@Suite struct SimulateCommandTests {
    @Test func mixedScenarioRunsEndToEndWithSummary() async throws {
        let plugins = try CLI.pluginsFolderWithPaper()
        let result = try await CLI.run(["simulate", "--plugins", plugins.path, "--count", "7", "--interval", "0",
                                  "--scenario", "mixed", "--seed", "7", "--fill-rate", "1", "--fill-delay", "0"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("[SIM] Gateway simulation started"))
        #expect(result.output.contains("FILL kalshi:KXBTCD-SIM-MIX"))
        #expect(result.output.contains("OPEN binance:ETHUSDT"))
        #expect(result.output.contains("CANC binance:ETHUSDT"))
        #expect(result.output.contains("REJ  kalshi:KXBTCD-SIM-MIX") && result.output.contains("must be below 1"))
        #expect(result.output.contains("[SIM] Simulation complete. 7 commands"))
        #expect(result.output.contains("[SIM] Command latency"))
        #expect(result.output.contains("kalshi:KXBTCD-SIM-MIX[yes]"))
    }

    @Test func sameSeedSameRun() async throws {
        let plugins = try CLI.pluginsFolderWithPaper()
        let args = ["simulate", "--plugins", plugins.path, "--count", "20", "--interval", "0", "--scenario", "stress",
                    "--seed", "42", "--fill-delay", "0", "--quiet"]
        let first = try await CLI.run(args)
        let second = try await CLI.run(args)
        func stable(_ text: String) -> [String] {
            text.split(separator: "\n").filter { !$0.contains("latency") }.map(String.init)
        }
        #expect(first.status == 0 && second.status == 0)
        #expect(stable(first.output) == stable(second.output))
    }

    @Test func stressScenarioExercisesErrorPaths() async throws {
        let plugins = try CLI.pluginsFolderWithPaper()
        let result = try await CLI.run(["simulate", "--plugins", plugins.path, "--count", "14", "--interval", "0",
                                  "--scenario", "stress", "--fill-delay", "0"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("DUP  sim-cmd-008"))
        #expect(result.output.contains("ERR  INVALID_COMMAND"))
        #expect(result.output.contains("ERR  VENUE_NOT_FOUND: No plugin serves venue: nowhere"))
        #expect(result.output.contains("CMD  cancel_all"))
    }

    @Test(arguments: [
        (["--interval", "nan"], "--interval must be"),
        (["--fill-rate", "1.5"], "--fill-rate must be between 0 and 1"),
        (["--scenario", "chaos"], "--scenario must be one of basic, mixed, stress"),
        (["--count=-3"], "--count must be"),
        (["--venues", ","], "--venues must list"),
    ])
    func badOptionsGetClearErrors(arguments: [String], message: String) async throws {
        let result = try await CLI.run(["simulate"] + arguments)
        #expect(result.status != 0)
        #expect(result.output.contains(message), "\(result.output)")
    }

    @Test func orderCommandsTradeThroughThePaperPlugin() async throws {
        let plugins = try CLI.pluginsFolderWithPaper()
        let common = ["--venue", "kalshi", "--paper", "--plugins", plugins.path]
        let place = try await CLI.run(["order", "place", "--market", "KXTEST", "--side", "buy", "--outcome", "yes", "--quantity", "3",
                                 "--type", "market", "--json"] + common)
        #expect(place.status == 0, "\(place.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(place.output.utf8)) as? [String: Any])
        let order = try #require((object["orders"] as? [[String: Any]])?.first)
        #expect(order["state"] as? String == "filled")
        #expect(order["filled_quantity"] as? String == "3")

        let bad = try await CLI.run(["order", "place", "--market", "KXTEST", "--side", "sideways", "--quantity", "1"] + common)
        #expect(bad.status != 0)
        #expect(bad.output.contains("--side must be buy or sell"))

        let balance = try await CLI.run(["order", "balance"] + common)
        #expect(balance.status == 0)
        #expect(balance.output.contains("USD  total 10000"))

        let unknown = try await CLI.run(["order", "open", "--venue", "nowhere", "--plugins", plugins.path])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("no plugin in"))
    }
}
