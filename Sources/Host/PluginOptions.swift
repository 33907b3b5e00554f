import ArgumentParser
import Foundation
import GatewayCrypto
import Logging
import PluginHost

/// Options shared by every command that loads plugins.
struct PluginOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of plugin manifests.")
    var plugins: String = "./plugins.d"

    @Option(name: .long, help: "Log level: trace, debug, info, warning, error.")
    var logLevel: String = "warning"

    var directory: URL { URL(fileURLWithPath: plugins, isDirectory: true) }

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical (got '\(logLevel)')")
        }
    }

    /// Sets up logging to stderr at the chosen level (once per process).
    func bootstrapLogging() {
        Self.bootstrap(logLevel)
    }

    static func bootstrap(_ logLevel: String) {
        LoggingBootstrap.once(level: Logger.Level(rawValue: logLevel) ?? .warning)
    }
}

enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false
    static func once(level: Logger.Level) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
