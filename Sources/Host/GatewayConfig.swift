import Foundation
import Logging

/// The reference gateway's environment variables (section 2.1), read from the process environment and
/// `./.env` (environment wins).
///
/// Differences from the reference: `LOG_LEVEL` from `.env` is honoured; booleans accept `true`, `1`,
/// `yes` in any case; an empty value counts as unset.
struct GatewayConfig {
    var apiKey: String
    var host: String
    var pairingId: String?
    var cancelOnShutdown: Bool
    var logLevel: Logger.Level?
    var simulateOrders: Bool
    /// The merged environment (for plugin credentials).
    var environment: [String: String]

    static let defaultHost = "api.pumpamp.com"

    /// - Parameter requireAPIKey: false for commands that can run without one.
    static func load(requireAPIKey: Bool = true, environment: [String: String] = ProcessInfo.processInfo.environment,
                     dotEnvPath: String = ".env") throws(ConfigError) -> GatewayConfig {
        let env = DotEnv.merged(with: environment, path: dotEnvPath)
        func value(_ key: String) -> String? {
            guard let raw = env[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        func flag(_ key: String) -> Bool { ["true", "1", "yes"].contains(value(key)?.lowercased() ?? "") }
        let apiKey = value("PUMPAMP_API_KEY")
        if requireAPIKey, apiKey == nil {
            throw ConfigError("PUMPAMP_API_KEY is required: run \"gateway api-key <key>\" or set it in the environment or .env")
        }
        var level: Logger.Level?
        if let text = value("LOG_LEVEL") {
            let map: [String: Logger.Level] = ["trace": .trace, "debug": .debug, "info": .info, "notice": .notice,
                                               "warn": .warning, "warning": .warning, "error": .error, "fatal": .critical,
                                               "critical": .critical]
            guard let mapped = map[text.lowercased()] else {
                throw ConfigError("LOG_LEVEL must be one of trace, debug, info, warn, error, fatal (got '\(text.prefix(20))')")
            }
            level = mapped
        }
        return GatewayConfig(apiKey: apiKey ?? "", host: value("PUMPAMP_HOST") ?? defaultHost, pairingId: value("PUMPAMP_PAIRING_ID"),
                             cancelOnShutdown: flag("CANCEL_ON_SHUTDOWN"), logLevel: level,
                             simulateOrders: flag("SIMULATE_ORDERS"), environment: env)
    }
}

/// The configuration is missing or invalid; the message names the variable.
struct ConfigError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
