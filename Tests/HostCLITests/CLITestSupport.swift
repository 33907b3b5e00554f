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
