import Foundation
import GatewayTesting

/// Runs the built `gateway` executable, as a user would.
enum CLI {
    static var gateway: String { FixtureBuilder.binDirectory.appendingPathComponent("gateway").path }

    /// Runs `gateway <arguments>` in `directory` and returns the exit status and combined output.
    static func run(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:]) async throws
        -> (status: Int32, output: String)
    {
        var environment = ProcessInfo.processInfo.environment
        environment["GATEWAY_PLUGIN_PATH"] = FixtureBuilder.binDirectory.path
        for (key, value) in extra { environment[key] = value }
        return try await FixtureBuilder.runDetached(gateway, arguments, environment: environment, currentDirectory: directory)
    }

    /// A private plugins folder holding the repository's paper manifest.
    static func pluginsFolderWithPaper() throws -> URL {
        let folder = try FixtureBuilder.temporaryDirectory("gw-cli")
        let plugins = folder.appendingPathComponent("plugins.d")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: FixtureBuilder.packageRoot.appendingPathComponent("plugins.d/paper.json"),
                                         to: plugins.appendingPathComponent("paper.json"))
        return plugins
    }

    /// Builds the plain-C example with its own Makefile (only the header as a dependency) and returns the library.
    static func buildCExample() async throws -> URL {
        let build = try FixtureBuilder.temporaryDirectory("gw-acme")
        let source = FixtureBuilder.packageRoot.appendingPathComponent("Examples/c-venue")
        for file in ["Makefile", "acme_venue.c"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: build.appendingPathComponent(file))
        }
        let include = FixtureBuilder.headerDirectory.path
        let result = try await FixtureBuilder.runDetached("/usr/bin/env", ["make", "-s", "GATEWAY_INCLUDE=\(include)"],
                                                          currentDirectory: build)
        guard result.status == 0 else { throw NSError(domain: "make", code: Int(result.status), userInfo: [NSLocalizedDescriptionKey: result.output]) }
        return build.appendingPathComponent("libacme.so")
    }
}

/// A `gateway` child process whose output is kept: for commands that run until they are stopped
/// (`start`) or wait on the relay (`pair`). The environment is the test runner's without the gateway's
/// own variables, so a developer's settings never leak into a test; `environment` adds to it.
final class GatewayProcess: @unchecked Sendable {
    let process = Process()
    let pipe = Pipe()
    private let lock = NSLock()
    private var data = Data()

    init(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:]) throws {
        var environment = ProcessInfo.processInfo.environment
        for key in ["PUMPAMP_API_KEY", "PUMPAMP_HOST", "PUMPAMP_PAIRING_ID", "SIMULATE_ORDERS", "CANCEL_ON_SHUTDOWN",
                    "STRATEGY_CONFIG_PATH", "AUTO_TRADE_ENABLED", "GATEWAY_JOURNAL"] {
            environment[key] = nil
        }
        environment["GATEWAY_PLUGIN_PATH"] = FixtureBuilder.binDirectory.path
        environment["GATEWAY_RELAY_HEARTBEAT_MS"] = "200"
        environment["GATEWAY_RELAY_BACKOFF_INITIAL_MS"] = "50"
        for (key, value) in extra { environment[key] = value }
        process.executableURL = URL(fileURLWithPath: CLI.gateway)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = folder
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            self?.lock.withLock { self?.data.append(chunk) }
        }
        try process.run()
    }

    var output: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    /// The exit status, or nil if the process had to be killed because it outlived `timeout`.
    func waitForExit(timeout: Duration = .seconds(20)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); return nil }
        try? await Task.sleep(for: .milliseconds(50))  // let the last output arrive
        return process.terminationStatus
    }
}
