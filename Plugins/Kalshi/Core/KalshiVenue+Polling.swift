#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// Later updates: the host hears about fills and venue cancels of orders this instance knows.
///
/// The host offers no WebSocket yet, so open orders are polled: one `GET /portfolio/orders?status=resting`
/// listing per interval, then `GET /portfolio/orders/{id}` for each known order that left the resting list.
/// A change of state or cumulative fill is emitted as `GW_EVENT_ORDER_UPDATE`; new executions, read from
/// `GET /portfolio/fills?order_id=`, as `GW_EVENT_FILL`. Polling runs only while known orders are open.
extension KalshiVenue {
    /// Records the latest report of an order: open ones are polled, finished ones forgotten.
    func remember(_ report: VenueOrderReport, row: KalshiSideTable.Row?) {
        let open = report.state == GW_STATE_OPEN || report.state == GW_STATE_PARTIALLY_FILLED
        guard open else {
            tracked.removeValue(forKey: report.venueOrderId)
            return
        }
        let known = row ?? tracked[report.venueOrderId]?.row ?? KalshiSideTable.row(side: report.side, outcome: report.outcome)
        guard let known else { return }
        tracked[report.venueOrderId] = TrackedOrder(report: report, row: known)
        schedulePoll()
    }

    func schedulePoll() {
        guard config.pollIntervalMs > 0, !pollScheduled, !tracked.isEmpty else { return }
        pollScheduled = true
        host.after(nanoseconds: config.pollIntervalMs * 1_000_000) { [weak self] in
            guard let self else { return }
            pollScheduled = false
            poll()
        }
    }

    /// One polling round.
    func poll() {
        guard !tracked.isEmpty, client.credentialProblem() == nil else { return }
        listOrders(status: "resting", ticker: "", maxPages: config.maxLookupPages) { [self] result in
            switch result {
            case .failure(let failure):
                host.log(GW_LOG_WARN, "kalshi: polling open orders failed: \(failure.message)")
            case .success(let listing):
                let resting = Dictionary(listing.items.map { ($0.order_id, $0) }, uniquingKeysWith: { first, _ in first })
                for (id, known) in tracked {
                    if let order = resting[id] {
                        if let report = try? order.report(known: known.row, what: "poll") { update(report, previous: known) }
                    } else if listing.complete {
                        fetchOrder(id) { [self] result in
                            switch result {
                            case .success(let report): update(report, previous: known)
                            case .failure(let failure): host.log(GW_LOG_WARN, "kalshi: polling order \(id) failed: \(failure.message)")
                            }
                        }
                    }
                }
            }
            schedulePoll()
        }
    }

    /// Emits what changed since `previous` and keeps the new report.
    private func update(_ report: VenueOrderReport, previous: TrackedOrder) {
        let before = DecimalText.parse(previous.report.filledQuantity) ?? 0
        let now = DecimalText.parse(report.filledQuantity) ?? 0
        if report.state != previous.report.state || now != before {
            host.emit(order: report)
        }
        if now > before { emitFills(orderId: report.venueOrderId, row: previous.row, clientOrderId: report.clientOrderId) }
        remember(report, row: previous.row)
    }

    /// Reads the order's executions and emits the ones not emitted yet as fill events.
    func emitFills(orderId: String, row: KalshiSideTable.Row, clientOrderId: String) {
        let pager = KalshiPager<KalshiFillObject>(
            client: client, what: "fills", maxPages: 10,
            page: { cursor in
                var query = [("order_id", orderId), ("limit", "200")]
                if let cursor { query.append(("cursor", cursor)) }
                return .init("GET", "/portfolio/fills", query: query, access: .read)
            },
            parse: { body throws(VenueFailure) in
                let page = try KalshiErrorMapper.decode(KalshiFillObject.Page.self, body, what: "GET /portfolio/fills")
                return (page.fills, page.cursor)
            })
        pager.collect { [self] result in
            switch result {
            case .failure(let failure):
                host.log(GW_LOG_WARN, "kalshi: reading fills of order \(orderId) failed: \(failure.message)")
            case .success(let listing):
                if emittedTrades.count > 50_000 { emittedTrades.removeAll() }
                for object in listing.items.reversed() {
                    do throws(VenueFailure) {
                        let fill = try object.fill(known: row, clientOrderId: clientOrderId)
                        guard emittedTrades.insert(fill.tradeId).inserted else { continue }
                        host.emit(fill: fill)
                    } catch {
                        host.log(GW_LOG_WARN, "kalshi: \(error.message)")
                    }
                }
            }
        }
    }
}
