import Foundation
import Relay

/// Relay timing from optional environment variables (milliseconds), for tests and unusual networks:
/// `GATEWAY_RELAY_HEARTBEAT_MS` (15000), `GATEWAY_RELAY_PING_MS` (10000), `GATEWAY_RELAY_LIVENESS_MS` (25000),
/// `GATEWAY_RELAY_BACKOFF_INITIAL_MS` (1000), `GATEWAY_RELAY_BACKOFF_MAX_MS` (60000).
enum RelayTuning {
    static func machine(_ env: [String: String]) -> RelayClientStateMachine.Configuration {
        func ms(_ key: String, _ fallback: Int) -> Duration {
            guard let text = env[key], let value = Int(text), value > 0 else { return .milliseconds(fallback) }
            return .milliseconds(value)
        }
        return RelayClientStateMachine.Configuration(
            heartbeatInterval: ms("GATEWAY_RELAY_HEARTBEAT_MS", 15_000), pingInterval: ms("GATEWAY_RELAY_PING_MS", 10_000),
            livenessTimeout: ms("GATEWAY_RELAY_LIVENESS_MS", 25_000),
            backoff: RelayBackoff(initial: ms("GATEWAY_RELAY_BACKOFF_INITIAL_MS", 1000), maximum: ms("GATEWAY_RELAY_BACKOFF_MAX_MS", 60_000)))
    }

    static func tick(_ env: [String: String]) -> Duration {
        let m = machine(env)
        let smallest = min(m.heartbeatInterval, m.pingInterval, m.livenessTimeout)
        return min(.milliseconds(250), max(.milliseconds(5), smallest / 10))
    }
}
