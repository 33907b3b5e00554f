import GatewayCore
import Journal
import PluginABI
import PluginHost
import VenueKit

extension OrderRouter {
    /// Settles the router's (journal-restored) view with every venue, before new commands are taken
    /// (`gateway start`) or on demand (`gateway reconcile`).
    ///
    /// For each venue: its open orders are matched to the journal by client order id (then venue order id)
    /// and their numbers applied; open orders the journal does not know are adopted and flagged; journal
    /// orders still open but missing from the venue's list are looked up one by one: what finished while the
    /// gateway was down is closed out with the venue's final state and fills, and an order the venue never
    /// received (never acknowledged, and "not found") is marked failed — never resent. Finally the venue's
    /// positions replace the tracker's (``PositionTracker/replaceFromVenue(_:positions:)``) and any size
    /// difference is reported. Every change is journaled and reported to the relay like any other.
    public func reconcile() async -> ReconciliationReport {
        var results: [ReconciliationReport.VenueResult] = []
        for venue in venues.venues {
            guard let instance = venues[venue] else { continue }
            results.append(await reconcile(venue: venue, instance: instance))
        }
        return ReconciliationReport(venues: results)
    }

    private func reconcile(venue: String, instance: PluginInstance) async -> ReconciliationReport.VenueResult {
        var result = ReconciliationReport.VenueResult(venue: venue)
        let capabilities = instance.descriptor.capabilities
        var seen: Set<String> = []
        if capabilities.contains(.openOrders) {
            let open = await instance.openOrders()
            if let failure = open.failure {
                result.errors.append("open orders: \(failure.description)")
            }
            for report in open.orders {
                if let id = known(venue: venue, clientOrderId: report.clientOrderId, venueOrderId: report.venueOrderId) {
                    seen.insert(id)
                    apply(report, to: id, commandId: nil)
                    result.matched.append(id)
                } else if let id = adopt(report, venue: venue) {
                    seen.insert(id)
                    result.adopted.append(id)
                } else {
                    result.errors.append("open order \(report.venueOrderId) could not be adopted (quantity '\(report.quantity)')")
                }
            }
        }
        for record in book.openOrders where record.order.venue == venue && !seen.contains(record.clientOrderId) {
            await settleMissing(record, instance: instance, into: &result)
        }
        if capabilities.contains(.positions) {
            let reply = await instance.positions()
            if let failure = reply.failure {
                result.errors.append("positions: \(failure.description)")
            } else {
                result.positionDifferences = adoptPositions(reply.positions, venue: venue)
            }
        }
        return result
    }

    /// A journal order that is open but not in the venue's open orders: ask the venue what became of it.
    private func settleMissing(_ record: OrderRecord, instance: PluginInstance,
                               into result: inout ReconciliationReport.VenueResult) async {
        let id = record.clientOrderId
        guard instance.descriptor.capabilities.contains(.queryOrder) else {
            result.unresolved.append(id)
            return
        }
        let lookup = await instance.queryOrder(VenueOrderRef(market: record.order.market, venueOrderId: record.venueOrderId ?? "",
                                                             clientOrderId: id))
        if let found = lookup.orders.first {
            apply(found, to: id, commandId: nil)
            if let now = book[clientOrderId: id], now.state.isTerminal {
                result.closed.append(.init(clientOrderId: id, state: now.state))
            } else {
                result.matched.append(id)
            }
            return
        }
        if lookup.failure?.status == .notFound, record.venueOrderId == nil, record.state == .new {
            transition(id, .rejected(reason: "never reached the venue (found missing at reconciliation); not resent"), commandId: nil)
            report(.error(GatewayErrorReport(code: "ORDER_PLACEMENT_FAILED",
                                             message: "order \(record.gatewayOrderId) never reached \(record.order.venue); not resent",
                                             venue: record.order.venue, commandId: nil)))
            result.failed.append(id)
            return
        }
        result.unresolved.append(id)
    }

    /// Takes in an order the venue has open and the journal does not know, flagged as adopted.
    private func adopt(_ report: VenueOrderReport, venue: String) -> String? {
        guard let quantity = DecimalText.positive(report.quantity) else { return nil }
        let id = report.clientOrderId.isEmpty ? "adopted-\(report.venueOrderId)" : report.clientOrderId
        let limit = DecimalText.parse(report.limitPrice)
        let outcome: Outcome? = switch report.outcome {
        case GW_OUTCOME_YES: .yes
        case GW_OUTCOME_NO: .no
        default: nil
        }
        let order = CanonicalOrder(clientOrderId: id, venue: venue, market: report.market,
                                   side: report.side == GW_SIDE_SELL ? .sell : .buy, outcome: outcome,
                                   type: limit == nil ? .market : .limit, timeInForce: .gtc, quantity: quantity,
                                   limitPrice: limit, reduceOnly: false, postOnly: false, expireAt: nil)
        let record = OrderRecord(order: order, gatewayOrderId: "\(venue)-\(id)", createdAt: clock.nowUnixNs / 1_000_000)
        do { try journal?.recordOrder(record, commandId: nil, adopted: true) } catch {
            logger.critical("journal write failed for an adopted order", metadata: ["client_order_id": "\(id)", "error": "\(error)"])
        }
        do { try book.insert(record) } catch { return nil }
        apply(report, to: id, commandId: nil)
        return id
    }

    /// Replaces one venue's positions with what it reports, journals and reports them.
    private func adoptPositions(_ reported: [VenuePosition], venue: String) -> [PositionDiscrepancy] {
        let snapshots = reported.compactMap { position -> VenuePositionSnapshot? in
            guard let size = DecimalText.parse(position.size) else { return nil }
            let outcome: Outcome? = switch position.outcome {
            case GW_OUTCOME_YES: .yes
            case GW_OUTCOME_NO: .no
            default: nil
            }
            return VenuePositionSnapshot(market: position.market, outcome: outcome, size: size,
                                         averageEntryPrice: DecimalText.parse(position.averageEntryPrice) ?? 0,
                                         markPrice: DecimalText.parse(position.markPrice))
        }
        let differences = tracker.replaceFromVenue(venue, positions: snapshots)
        for position in tracker.allPositions where position.key.venue == venue {
            savePosition(position.key)
        }
        for difference in differences {
            guard let position = tracker[difference.key] else { continue }
            report(.position(PositionReport(venue: venue, marketId: "\(venue):\(position.key.market)",
                                            outcome: position.key.outcome?.rawValue, size: position.size,
                                            entryPrice: position.isFlat ? nil : position.averageEntryPrice,
                                            realizedPnl: position.realizedPnl)))
        }
        return differences
    }

    /// Follows resting orders: asks the venue for every open order's state (where the plugin can be
    /// queried) and applies the answer, so fills, cancels and expiries the venue did not push still reach
    /// the positions and the relay. `gateway start` calls it periodically.
    /// - Returns: how many orders were queried.
    @discardableResult
    public func refreshOpenOrders() async -> Int {
        var queried = 0
        for record in book.openOrders {
            guard let instance = venues[record.order.venue], instance.descriptor.capabilities.contains(.queryOrder) else { continue }
            let lookup = await instance.queryOrder(VenueOrderRef(market: record.order.market, venueOrderId: record.venueOrderId ?? "",
                                                                 clientOrderId: record.clientOrderId))
            queried += 1
            if let found = lookup.orders.first { apply(found, to: record.clientOrderId, commandId: nil) }
        }
        return queried
    }
}
