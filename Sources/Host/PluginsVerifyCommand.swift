import ArgumentParser
import Foundation
import PluginHost

/// `gateway plugins verify <lib.so>`: run the conformance suite against any plugin library.
struct PluginsVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check a plugin library against the contract (no network, no credentials).")

    @Argument(help: "Path to the plugin's shared library.")
    var library: String

    @Option(name: .long, help: "Settings JSON object passed to the plugin's create.")
    var settings: String = "{}"

    @Option(name: .long, help: "Log level: trace, debug, info, warning, error.")
    var logLevel: String = "error"

    func run() async throws {
        PluginOptions.bootstrap(logLevel)
        guard case .object(let object)? = try? JSONValue.parse(Data(settings.utf8)) else {
            throw ValidationError("--settings must be a JSON object (got '\(settings)')")
        }
        let checks = await ConformanceSuite(settings: object).run(libraryPath: library)
        for check in checks {
            print("\(check.passed ? "PASS" : "FAIL")  \(check.name.padding(toLength: 24, withPad: " ", startingAt: 0))  \(check.detail)")
        }
        let failed = checks.filter { !$0.passed }.count
        print("\(checks.count - failed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode.failure }
    }
}
