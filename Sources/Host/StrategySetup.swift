import Foundation
import GatewayEngine
import GatewayService
import Logging
import Relay
import Strategy

/// `gateway start`'s strategy wiring (reference §6.2), from `STRATEGY_CONFIG_PATH` and `AUTO_TRADE_ENABLED`.
///
/// - With a strategy file, its `risk_limits` become the **shared** risk gate: relay (manual) commands
///   pass it too (unless `apply_to_manual_trades` is false), whether or not auto-trading is on.
/// - Auto-trading stays double-gated as in the reference: `AUTO_TRADE_ENABLED=true` and a strategy file.
///   Then a ``SignalConsumer`` subscribes to the enabled rules' signal types on `PUMPAMP_HOST` and feeds a
///   ``StrategyRunner``. The file's `enabled: false` keeps the engine disabled.
struct StrategySetup {
    let config: StrategyConfig
    let gate: StrategyRiskGate
    let autoTrade: Bool

    /// Loads the strategy file named by the environment, if any.
    /// - Throws: ``StrategyConfigError`` (the caller prints it and exits).
    static func load(environment: [String: String]) throws(StrategyConfigError) -> StrategySetup? {
        guard let path = environment["STRATEGY_CONFIG_PATH"], !path.isEmpty else { return nil }
        let config = try StrategyConfigParser.load(path: path)
        return StrategySetup(config: config, gate: StrategyRiskGate(limits: config.riskLimits),
                             autoTrade: environment["AUTO_TRADE_ENABLED"] == "true")
    }

    /// Starts the signal consumer and runner when auto-trading is on; returns the consumer to stop at shutdown.
    func start(router: OrderRouter, host: String, apiKey: String, report: @escaping @Sendable (GatewayReport) -> Void)
        async -> (SignalConsumer, StrategyRunner)? {
        guard autoTrade else { return nil }
        let runner = StrategyRunner(config: config, router: router, gate: gate, report: report)
        let consumer = SignalConsumer(url: RelayURL(signalsHost: host, apiKey: apiKey), signalTypes: config.subscribedSignalTypes,
                                      transport: WebSocketRelayTransport(),
                                      onInvalid: { _ in await runner.recordInvalid() },
                                      // Each signal runs on its own task (a slow venue must not hold up the stream);
                                      // the shared gate's reservations keep concurrent signals within the limits.
                                      onSignal: { signal in Task { await runner.handle(signal) } })
        await consumer.start()
        return (consumer, runner)
    }
}
