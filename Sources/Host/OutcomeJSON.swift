import PluginABI
import PluginHost
import VenueKit

/// Readable and JSON renderings of plugin outcomes for `gateway order`.
enum OutcomeJSON {
    static func render(_ outcome: OperationOutcome) -> JSONValue {
        var object: [String: JSONValue] = ["ok": .bool(outcome.failure == nil)]
        if let failure = outcome.failure {
            object["error"] = .object(["status": .string(failure.status.description), "venue_code": .string(failure.venueCode),
                                       "message": .string(failure.message)])
        }
        if !outcome.orders.isEmpty { object["orders"] = .array(outcome.orders.map(order)) }
        if !outcome.positions.isEmpty {
            object["positions"] = .array(outcome.positions.map {
                .object(["market": .string($0.market), "outcome": .string(outcomeName($0.outcome)), "size": .string($0.size),
                         "average_entry_price": .string($0.averageEntryPrice), "mark_price": .string($0.markPrice)])
            })
        }
        if !outcome.balances.isEmpty {
            object["balances"] = .array(outcome.balances.map {
                .object(["currency": .string($0.currency), "total": .string($0.total), "available": .string($0.available)])
            })
        }
        return .object(object)
    }

    static func order(_ r: VenueOrderReport) -> JSONValue {
        .object(["client_order_id": .string(r.clientOrderId), "venue_order_id": .string(r.venueOrderId),
                 "market": .string(r.market), "side": .string(r.side == GW_SIDE_BUY ? "buy" : "sell"),
                 "outcome": .string(outcomeName(r.outcome)), "state": .string(stateName(r.state)),
                 "quantity": .string(r.quantity), "filled_quantity": .string(r.filledQuantity),
                 "average_fill_price": .string(r.averageFillPrice), "limit_price": .string(r.limitPrice), "fee": .string(r.fee)])
    }

    static func line(_ r: VenueOrderReport) -> String {
        let price = r.averageFillPrice.isEmpty ? "" : " @ \(r.averageFillPrice)"
        return "\(stateName(r.state))  \(r.side == GW_SIDE_BUY ? "buy" : "sell") \(r.quantity) \(r.market)\(outcomeSuffix(r.outcome))  filled \(r.filledQuantity)\(price)  venue id \(r.venueOrderId)  client id \(r.clientOrderId)"
    }

    static func outcomeName(_ o: gw_outcome) -> String { o == GW_OUTCOME_YES ? "yes" : o == GW_OUTCOME_NO ? "no" : "" }
    static func outcomeSuffix(_ o: gw_outcome) -> String { o == GW_OUTCOME_NONE ? "" : " (\(outcomeName(o)))" }

    static func stateName(_ s: gw_order_state) -> String {
        switch s {
        case GW_STATE_OPEN: "open"
        case GW_STATE_PARTIALLY_FILLED: "partially_filled"
        case GW_STATE_FILLED: "filled"
        case GW_STATE_CANCELLED: "cancelled"
        case GW_STATE_REJECTED: "rejected"
        case GW_STATE_EXPIRED: "expired"
        default: "unknown"
        }
    }
}
