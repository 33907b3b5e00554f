import Foundation
import GatewayEngine

/// A frame the gateway sends to the relay.
public enum RelayOutbound: Sendable, Equatable {
    case heartbeat(RelayHeartbeat)
    case commandAck(CommandAck)
    /// `order_update`, `position` or `error`.
    case report(GatewayReport)

    /// Whether the frame waits in the outbox while disconnected. Heartbeats describe the present only
    /// and are never queued; acknowledgements and reports are.
    public var isQueued: Bool {
        if case .heartbeat = self { return false }
        return true
    }
}

/// The fields of a `heartbeat` report (reference names), with honest counts.
public struct RelayHeartbeat: Sendable, Equatable {
    public var uptimeSecs: Int
    public var version: String
    /// `active`, `paused`, `disabled` or `revoked`.
    public var strategyStatus: String
    /// Venues whose plugin instance is running.
    public var connectedVenues: [String]
    /// Orders still open (submitted or partially filled), not every order ever routed.
    public var openOrders: Int
    /// Positions that are not flat.
    public var openPositions: Int
    /// The strategy engine's counters (`strategy_metrics`); nil without an engine.
    public var strategyMetrics: StrategyHeartbeat?

    public init(uptimeSecs: Int, version: String, strategyStatus: String, connectedVenues: [String], openOrders: Int,
                openPositions: Int, strategyMetrics: StrategyHeartbeat? = nil) {
        self.strategyMetrics = strategyMetrics
        self.uptimeSecs = uptimeSecs
        self.version = version
        self.strategyStatus = strategyStatus
        self.connectedVenues = connectedVenues
        self.openOrders = openOrders
        self.openPositions = openPositions
    }
}

/// A `command_ack`: `accepted` only after validation, the pause state and the risk gate passed.
public struct CommandAck: Sendable, Equatable {
    public enum Status: String, Sendable {
        case accepted, rejected, duplicate
    }

    public var commandId: String
    public var status: Status
    /// For `rejected`: the reason code (`GATEWAY_PAUSED`, `VENUE_NOT_FOUND`, `RISK_REJECTED`, …).
    public var code: String?
    /// For `rejected`: a human-readable reason.
    public var reason: String?

    public init(commandId: String, status: Status, code: String? = nil, reason: String? = nil) {
        self.commandId = commandId
        self.status = status
        self.code = code
        self.reason = reason
    }
}
