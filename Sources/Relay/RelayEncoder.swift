import Foundation
import GatewayEngine

/// Writes ``RelayOutbound`` frames as JSON text with the reference's field names.
///
/// Additions beyond the reference are optional fields a reference relay ignores: `code`/`reason` on a
/// rejected `command_ack`, and `filled_size`, `outcome`, `message` on `order_update`.
public enum RelayEncoder {
    public static func encode(_ frame: RelayOutbound) -> String {
        var w = RelayJSONWriter()
        switch frame {
        case .heartbeat(let h):
            w.add("type", "heartbeat")
            w.add("uptime_secs", h.uptimeSecs)
            w.add("version", h.version)
            w.add("strategy_status", h.strategyStatus)
            w.add("connected_venues", h.connectedVenues)
            w.add("open_orders", h.openOrders)
            w.add("open_positions", h.openPositions)
            if let metrics = h.strategyMetrics { w.addRaw("strategy_metrics", json: metrics.json) }
        case .commandAck(let ack):
            w.add("type", "command_ack")
            w.add("command_id", ack.commandId)
            w.add("status", ack.status.rawValue)
            w.add("code", ack.code)
            w.add("reason", ack.reason)
        case .report(.orderUpdate(let u)):
            w.add("type", "order_update")
            w.add("order_id", u.orderId)
            w.add("command_id", u.commandId)
            w.add("venue", u.venue)
            w.add("venue_order_id", u.venueOrderId)
            w.add("market_id", u.marketId)
            w.add("status", u.status)
            w.add("side", u.side)
            w.add("outcome", u.outcome)
            w.add("size", u.size)
            w.add("filled_size", u.filledSize)
            w.add("order_type", u.orderType)
            w.add("limit_price", u.limitPrice)
            w.add("fill_price", u.fillPrice)
            w.add("message", u.message)
        case .report(.position(let p)):
            w.add("type", "position")
            w.add("venue", p.venue)
            w.add("market_id", p.marketId)
            w.add("side", p.outcome ?? (p.size < 0 ? "short" : "long"))
            w.add("size", p.size)
            w.add("entry_price", p.entryPrice ?? 0)
            w.add("realized_pnl", p.realizedPnl)
        case .report(.error(let e)):
            w.add("type", "error")
            w.add("code", e.code)
            w.add("venue", e.venue)
            w.add("message", e.message)
            w.add("command_id", e.commandId)
        }
        return w.text
    }
}
