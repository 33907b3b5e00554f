import GatewayCore
import GatewayEngine

/// The check every trade passes after validation and the pause state, before it is acknowledged and sent.
///
/// A seam for the strategy/risk issue: limits (notional per order, exposure, rate, daily loss, kill switch)
/// plug in here without touching the relay session. Until then ``AllowAllRiskGate`` lets everything through.
///
/// - Important: ``evaluate(_:)`` runs on the command path before the ack: keep it fast and never block on I/O.
public protocol RiskGate: Sendable {
    /// Decides whether a validated order may be sent.
    func evaluate(_ order: OrderRouter.PreparedOrder) async -> RiskDecision
    /// Called once the router executed an order this gate allowed, so limits reserved at
    /// ``evaluate(_:)`` can be settled (filled part) or released (refused order).
    func completed(_ order: OrderRouter.PreparedOrder, record: OrderRecord, router: OrderRouter) async
}

extension RiskGate {
    /// Gates without reservations have nothing to settle.
    public func completed(_ order: OrderRouter.PreparedOrder, record: OrderRecord, router: OrderRouter) async {}
}

/// What the ``RiskGate`` decided.
public enum RiskDecision: Sendable, Equatable {
    case allow
    /// Refused: `code` goes into the rejected ack and the `error` report (e.g. `RISK_LIMIT_EXCEEDED`).
    case reject(code: String, reason: String)
}

/// The default gate until the risk issue lands: allows every validated order.
public struct AllowAllRiskGate: RiskGate {
    public init() {}
    public func evaluate(_ order: OrderRouter.PreparedOrder) async -> RiskDecision { .allow }
}
