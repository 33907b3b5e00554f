#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// Fill tracking by polling: the CLOB's REST API has no push, so while this instance has open orders it
/// re-reads them every `fill_poll_ms` (`GET /data/order/{id}`) and reports changes as `ORDER_UPDATE`
/// events (cumulative filled quantity), then fetches each new trade (`GET /data/trades?id=`) and reports
/// it as a `FILL` event with its price.
extension PolymarketVenue {
    func schedulePoll() {
        guard config.fillPollMs > 0, !pollScheduled, !pollInFlight else { return }
        pollScheduled = true
        host.after(nanoseconds: config.fillPollMs * 1_000_000) { [weak self] in
            guard let self else { return }
            pollScheduled = false
            poll()
        }
    }

    /// One polling round over the open orders, one request at a time.
    func poll() {
        guard case .ready(let credentials) = credentialPhase else { return }
        let open = orders.values.filter(\.isOpen).map(\.orderId).sorted()
        guard !open.isEmpty else { return }
        pollInFlight = true
        pollOrders(open[...], credentials: credentials)
    }

    private func pollOrders(_ remaining: ArraySlice<String>, credentials: ApiCredentials) {
        guard let orderId = remaining.first else {
            pollInFlight = false
            if orders.values.contains(where: \.isOpen) { schedulePoll() }
            return
        }
        fetchOrder(orderId, credentials: credentials) { [self] result in
            if case .failure(let failure) = result {
                host.log(GW_LOG_DEBUG, "polymarket: polling order \(orderId) failed: \(failure.message)")
                if failure.status == .notFound, let id = clientIdByOrderId[orderId.lowercased()], var known = orders[id] {
                    // Unknown to the venue: an acknowledged order was removed, an unacknowledged one never arrived.
                    known.state = known.acknowledged ? GW_STATE_CANCELLED : GW_STATE_REJECTED
                    known.updatedAtMs = host.nowUnixMs
                    remember(known)
                    host.emit(order: known.report)
                }
            }
            fetchTrades(of: orderId, credentials: credentials) { [self] in
                pollOrders(remaining.dropFirst(), credentials: credentials)
            }
        }
    }

    /// Fetches the trades listed for a tracked order that are not yet priced or reported.
    func fetchTrades(of orderId: String, credentials: ApiCredentials, _ next: @escaping () -> Void) {
        guard let id = clientIdByOrderId[orderId.lowercased()], let known = orders[id], let tradeId = known.pendingTrades.sorted().first else {
            return next()
        }
        let what = "GET /data/trades?id=\(tradeId)"
        request("GET", "/data/trades", query: [("id", tradeId), ("next_cursor", "MA==")], auth: .level2(credentials), bucket: "data",
                idempotent: true, onFailure: { [self] failure in
                    host.log(GW_LOG_DEBUG, "polymarket: \(what) failed: \(failure.message)")
                    next()
                }) { [self] response in
            guard var current = orders[id] else { return next() }
            current.pendingTrades.remove(tradeId)
            do throws(VenueFailure) {
                let json = try decode(response, what: what, mutating: false)
                for trade in json["data"]?.arrayValue ?? [] where trade["id"]?.stringValue == tradeId {
                    absorb(trade: trade, into: &current)
                }
            } catch {
                host.log(GW_LOG_DEBUG, "polymarket: \(what) failed: \(error.message)")
            }
            remember(current)
            fetchTrades(of: orderId, credentials: credentials, next)
        }
    }

    /// Our part of a ClobTrade: the whole trade when we were the taker, else our `maker_orders` entry.
    func absorb(trade: PolyJSON, into order: inout TrackedOrder) {
        guard let tradeId = trade["id"]?.stringValue else { return }
        var size: Decimal?
        var price: Decimal?
        if trade["taker_order_id"]?.stringValue?.lowercased() == order.orderId.lowercased() {
            size = JSONDecimal.value(trade["size"])
            price = JSONDecimal.value(trade["price"])
        } else {
            for maker in trade["maker_orders"]?.arrayValue ?? [] where maker["order_id"]?.stringValue?.lowercased() == order.orderId.lowercased() {
                size = (size ?? 0) + (JSONDecimal.value(maker["matched_amount"]) ?? 0)
                price = JSONDecimal.value(maker["price"])
            }
        }
        guard let size, let price, size > 0 else { return }
        if !order.pricedTrades.contains(tradeId) {
            order.pricedTrades.insert(tradeId)
            order.notional += size * price
            order.pricedSize += size
        }
        guard !order.reportedTrades.contains(tradeId) else { return }
        order.reportedTrades.insert(tradeId)
        let matchedAt = JSONDecimal.int64(trade["match_time"]).map { $0 * 1000 } ?? host.nowUnixMs
        host.emit(fill: VenueFill(clientOrderId: order.clientOrderId, venueOrderId: order.orderId, tradeId: tradeId, market: order.market,
                                  side: order.side, outcome: order.outcome, quantity: DecimalText.format(size),
                                  price: DecimalText.format(price), filledAtUnixMs: matchedAt))
        host.emit(order: order.report)
    }
}
