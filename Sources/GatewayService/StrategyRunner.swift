import Foundation
import GatewayCore
import GatewayEngine
import Logging
import Relay
import Strategy

/// Runs strategy signals end to end: the pure ``StrategyEngine`` decides, every order is validated by
/// the router (`prepare`), reserved with the shared ``StrategyRiskGate`` (both arbitrage legs together),
/// and — unless dry run — executed. If an arbitrage's second leg fails after the first filled, the
/// rule's `on_leg_failure` policy unwinds the first leg (reduce-only, opposite side), retries the second
/// leg once as a market order (`hedge`), or only reports it (`report`); every case is reported.
public actor StrategyRunner {
    /// What became of one signal.
    public enum Outcome: Sendable, Equatable {
        case dropped(StrategyEngine.Decision)
        case rejectedByRisk(code: String, reason: String)
        case invalidOrder(code: String, reason: String)
        case dryRun([StrategyOrder])
        /// Orders sent, with their final router states.
        case executed([String: String])
        case legFailed(policy: RuleAction.LegFailurePolicy, leg: Int)
    }

    private var engine: StrategyEngine
    private let router: OrderRouter
    private let gate: StrategyRiskGate
    private let report: @Sendable (GatewayReport) -> Void
    private let logger: Logger
    private let now: @Sendable () -> Date

    public init(config: StrategyConfig, router: OrderRouter, gate: StrategyRiskGate,
                report: @escaping @Sendable (GatewayReport) -> Void = { _ in }, logger: Logger = Logger(label: "gateway.strategy"),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.engine = StrategyEngine(config: config)
        self.router = router
        self.gate = gate
        self.report = report
        self.logger = logger
        self.now = now
    }

    public var metrics: StrategyMetrics { engine.metrics }
    public var status: String { engine.status }
    /// The heartbeat's `strategy_metrics`.
    public var heartbeat: StrategyHeartbeat {
        StrategyHeartbeat(state: engine.status, rulesCount: engine.config.rules.count, rulesEnabled: engine.config.enabledRules.count,
                          metrics: engine.metrics)
    }
    public func enable() { engine.enable() }
    public func disable() { engine.disable() }
    /// Counts a frame the consumer refused.
    public func recordInvalid() { engine.recordInvalid() }

    /// Handles one validated signal.
    @discardableResult
    public func handle(_ signal: Signal) async -> Outcome {
        let decision = engine.handle(signal, now: now())
        guard case .orders(let orders, let ruleName, let policy) = decision else {
            if case .skipped(let rule, let reason) = decision {
                logger.info("strategy rule matched but placed nothing", metadata: ["rule": "\(rule)", "signal": "\(signal.id)", "reason": "\(reason)"])
            }
            return .dropped(decision)
        }
        // Validate every order before reserving anything.
        var prepared: [(StrategyOrder, OrderRouter.PreparedOrder)] = []
        for order in orders {
            do { prepared.append((order, try await router.prepare(command(order)))) } catch {
                logger.warning("strategy order invalid", metadata: ["rule": "\(ruleName)", "code": "\(error.code)", "reason": "\(error.message)"])
                emit(error.code, "strategy order \(order.commandId) (signal \(signal.id)) refused: \(error.message)", order)
                return .invalidOrder(code: error.code, reason: error.message)
            }
        }
        if case .reject(let code, let reason) = await gate.reserve(prepared) {
            engine.recordRiskRejection()
            logger.info("strategy order refused by risk", metadata: ["rule": "\(ruleName)", "code": "\(code)", "reason": "\(reason)"])
            return .rejectedByRisk(code: code, reason: reason)
        }
        engine.recordAccepted(orders)
        if orders.allSatisfy(\.dryRun) {
            for (_, p) in prepared { await gate.release(p) }
            for order in orders {
                logger.notice("DRY RUN: strategy order not sent", metadata: ["command_id": "\(order.commandId)", "market": "\(order.market)",
                                                                             "side": "\(order.side.rawValue)", "outcome": "\(order.outcome?.rawValue ?? "-")",
                                                                             "quantity": "\(order.quantity)"])
            }
            return .dryRun(orders)
        }
        var states: [String: String] = [:]
        var firstRecord: OrderRecord?
        for (index, (order, p)) in prepared.enumerated() {
            let record = await router.execute(p)
            await gate.completed(p, record: record, router: router)
            states[order.commandId] = record.state.rawValue
            if !failed(record) {
                if index == 0 { firstRecord = record }
                continue
            }
            let arbitrage = prepared.count == 2
            if index == 0 {
                for (_, rest) in prepared.dropFirst() { await gate.release(rest) }
                emit(arbitrage ? "ARB_LEG1_FAILED" : "STRATEGY_ORDER_FAILED",
                     arbitrage ? "Arbitrage leg 1 failed; leg 2 aborted (signal_id=\(signal.id), command_id=\(order.commandId))"
                               : "Strategy order failed (signal_id=\(signal.id), command_id=\(order.commandId)): \(record.rejectReason ?? record.state.rawValue)",
                     order)
                return arbitrage ? .legFailed(policy: policy, leg: 1) : .executed(states)
            }
            await secondLegFailed(signal: signal, first: prepared[0].0, firstRecord: firstRecord, second: order, policy: policy)
            return .legFailed(policy: policy, leg: 2)
        }
        return .executed(states)
    }

    private func failed(_ record: OrderRecord) -> Bool {
        record.state == .rejected || (record.state.isTerminal && record.filledQuantity == 0)
    }

    private func secondLegFailed(signal: Signal, first: StrategyOrder, firstRecord: OrderRecord?, second: StrategyOrder,
                                 policy: RuleAction.LegFailurePolicy) async {
        let ids = "signal_id=\(signal.id), leg1=\(first.commandId), leg2=\(second.commandId)"
        let filled = firstRecord?.filledQuantity ?? 0
        switch policy {
        case .report:
            emit("ARB_LEG2_FAILED_HEDGE_REQUIRED", "Arbitrage leg 2 failed after leg 1 (\(ids)); leg 1 is open: hedge it", second)
        case .unwind where filled > 0:
            let unwind = ArbitragePlanner.unwind(first, filled: filled, commandId: first.commandId + "-unwind")
            // Reduce-only and straight to the router: an unwind lowers risk, so cooldown/rate limits do not hold it back.
            let result = await router.handle(.trade(command(unwind, close: true)))
            if case .accepted = result {
                emit("ARB_LEG2_FAILED_UNWOUND", "Arbitrage leg 2 failed (\(ids)); leg 1's \(filled) unwound by \(unwind.commandId)", second)
            } else {
                emit("ARB_LEG2_FAILED_HEDGE_REQUIRED", "Arbitrage leg 2 failed (\(ids)) and the unwind \(unwind.commandId) failed: \(result)", second)
            }
        case .unwind:
            emit("ARB_LEG2_FAILED", "Arbitrage leg 2 failed (\(ids)); leg 1 has not filled, nothing to unwind", second)
        case .hedge:
            var retry = second
            retry.commandId = second.commandId + "-hedge"
            retry.type = .market
            retry.limitPrice = nil
            do {
                let p = try await router.prepare(command(retry))
                if case .reject(let code, let reason) = await gate.reserve([(retry, p)]) {
                    emit("ARB_LEG2_FAILED_HEDGE_REQUIRED", "Arbitrage leg 2 failed (\(ids)); hedge refused by risk \(code): \(reason)", second)
                    return
                }
                let record = await router.execute(p)
                await gate.completed(p, record: record, router: router)
                emit(failed(record) ? "ARB_LEG2_FAILED_HEDGE_REQUIRED" : "ARB_LEG2_FAILED_HEDGED",
                     "Arbitrage leg 2 failed (\(ids)); market retry \(retry.commandId) is \(record.state.rawValue)", second)
            } catch {
                emit("ARB_LEG2_FAILED_HEDGE_REQUIRED", "Arbitrage leg 2 failed (\(ids)); hedge invalid: \(error.message)", second)
            }
        }
    }

    /// The relay-protocol command for an order; `close` makes it reduce-only (unwinds).
    private func command(_ order: StrategyOrder, close: Bool = false) -> TradeCommand {
        let side = order.outcome?.rawValue ?? (close ? (order.side == .sell ? "long" : "short") : order.side.rawValue)
        return TradeCommand(id: order.commandId, marketId: order.market.description, side: side,
                            action: close ? "close" : order.relayAction, size: order.quantity,
                            orderType: order.type.rawValue, limitPrice: order.limitPrice)
    }

    private func emit(_ code: String, _ message: String, _ order: StrategyOrder) {
        logger.error("\(message)", metadata: ["code": "\(code)"])
        report(.error(GatewayErrorReport(code: code, message: message, venue: order.market.venue, commandId: order.commandId)))
    }
}
