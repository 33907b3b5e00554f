#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

extension HyperliquidVenue {
    // MARK: Open orders and cancel all

    public func openOrders(market: String, _ done: OperationCompletion) {
        frontendOpenOrders(market: market) { [self] result in
            switch result {
            case .failure(let failure): done.fail(failure)
            case .success(let orders):
                do throws(VenueFailure) {
                    done.succeed(orders: try orders.map { order throws(VenueFailure) in
                        try report(order, status: "open", at: order.timestamp, doing: "open orders")
                    })
                } catch { done.fail(error) }
            }
        }
    }

    /// The account's open orders (`frontendOpenOrders`), only those of `market` when it is not empty.
    func frontendOpenOrders(market: String, _ completion: @escaping (Result<[InfoReplies.FrontendOrder], VenueFailure>) -> Void) {
        guard let user = queryAddress else { return completion(.failure(missingAccount)) }
        let fetch = { [self] (coin: String?) in
            info(.map([("type", .string("frontendOpenOrders")), ("user", .string(user)), ("dex", .string(""))]), cost: 20,
                 as: [InfoReplies.FrontendOrder].self, doing: "frontendOpenOrders") { result in
                completion(result.map { orders in coin.map { coin in orders.filter { $0.coin == coin } } ?? orders })
            }
        }
        guard !market.isEmpty else { return fetch(nil) }
        instrument(for: market) { result in
            switch result {
            case .failure(let failure): completion(.failure(failure))
            case .success(let instrument): fetch(instrument.coin)
            }
        }
    }

    /// Reads the open orders, then cancels them all in one `cancel` action.
    public func cancelAll(market: String, _ done: OperationCompletion) {
        guard config.privateKey != nil else { return done.fail(missingKey) }
        frontendOpenOrders(market: market) { [self] result in
            switch result {
            case .failure(let failure): done.fail(failure)
            case .success(let orders):
                if orders.isEmpty { return done.succeed(orders: []) }
                loadInstruments(for: orders.map(\.coin)) { [self] failure in
                    if let failure { return done.fail(failure) }
                    var targets: [InfoReplies.FrontendOrder] = []
                    var cancels: [(asset: Int, oid: UInt64)] = []
                    for order in orders {
                        guard let instrument = catalog.instrument(order.coin) else {
                            host.log(GW_LOG_WARN, "hyperliquid: cancel all: open order \(order.oid) is on \(order.coin), which meta does not list; left alone")
                            continue
                        }
                        targets.append(order)
                        cancels.append((asset: instrument.asset, oid: order.oid))
                    }
                    if cancels.isEmpty {
                        return done.fail(.notFound, "hyperliquid: cancel all: no open order is on a market the venue's meta lists")
                    }
                    let what = "cancel all (\(cancels.count) orders)"
                    exchange(HyperliquidAction.cancel(cancels), batchLength: cancels.count, doing: what) { [self] reply in
                        switch reply {
                        case .failure(let failure): done.fail(failure)
                        case .success(.err(let text)): done.fail(VenueErrors.failure(text, doing: what))
                        case .success(.ok(_, let statuses)):
                            var cancelled: [VenueOrderReport] = []
                            do throws(VenueFailure) {
                                for (order, status) in zip(targets, statuses) {
                                    switch status {
                                    case .success:
                                        var report = try report(order, status: "canceled", at: host.nowUnixMs, doing: what)
                                        report.updatedAtUnixMs = host.nowUnixMs
                                        cancelled.append(report)
                                    case .error(let text):
                                        host.log(GW_LOG_INFO, "hyperliquid: \(what): order \(order.oid) not cancelled: \(text)")
                                    default:
                                        host.log(GW_LOG_WARN, "hyperliquid: \(what): order \(order.oid): unexpected status \(status)")
                                    }
                                }
                            } catch { return done.fail(error) }
                            done.succeed(orders: cancelled)
                        }
                    }
                }
            }
        }
    }

    // MARK: Reports

    /// The report of an order the venue described (`frontendOpenOrders`, `orderStatus`).
    func report(_ order: InfoReplies.FrontendOrder, status: String, at time: Int64?, doing what: String) throws(VenueFailure)
        -> VenueOrderReport
    {
        let remaining = try Self.decimal(order.sz, "sz", doing: what)
        let original = try Self.decimal(order.origSz ?? order.sz, "origSz", doing: what)
        let limit = try Self.decimal(order.limitPx, "limitPx", doing: what)
        var filled = max(0, original - remaining)
        let state = Self.state(status, filled: filled)
        if state == GW_STATE_FILLED { filled = original }
        let known = memory.entry(oid: order.oid)
        let side: gw_side
        switch order.side {
        case "B": side = GW_SIDE_BUY
        case "A": side = GW_SIDE_SELL
        default: throw VenueFailure(.internalError, "hyperliquid: \(what): order \(order.oid) has side '\(order.side)' (expected B or A)")
        }
        var clientOrderId = cloids.clientOrderId(forCloid: order.cloid)
        if clientOrderId.isEmpty { clientOrderId = known?.clientOrderId ?? "" }
        return VenueOrderReport(
            clientOrderId: clientOrderId, venueOrderId: String(order.oid), market: order.coin, side: side,
            outcome: GW_OUTCOME_NONE, state: state, quantity: DecimalText.format(original),
            filledQuantity: DecimalText.format(filled),
            averageFillPrice: filled > 0 ? known?.averageFillPrice ?? "" : "", limitPrice: DecimalText.format(limit),
            updatedAtUnixMs: time ?? order.timestamp ?? 0)
    }

    /// The contract state of a Hyperliquid order status (`open`, `filled`, `canceled`, `marginCanceled`,
    /// `rejected`, `iocCancelRejected`, `triggered`, …).
    static func state(_ status: String, filled: Decimal) -> gw_order_state {
        switch status {
        case "open", "triggered": return filled > 0 ? GW_STATE_PARTIALLY_FILLED : GW_STATE_OPEN
        case "filled": return GW_STATE_FILLED
        default:
            if status == "rejected" || status.hasSuffix("Rejected") { return GW_STATE_REJECTED }
            if status.lowercased().contains("cancel") { return GW_STATE_CANCELLED }
            return GW_STATE_UNKNOWN
        }
    }

    // MARK: Positions, balances, health

    /// `clearinghouseState` of the account.
    func clearinghouseState(_ completion: @escaping (Result<InfoReplies.ClearinghouseState, VenueFailure>) -> Void) {
        guard let user = queryAddress else { return completion(.failure(missingAccount)) }
        info(.map([("type", .string("clearinghouseState")), ("user", .string(user)), ("dex", .string(""))]), cost: 2,
             as: InfoReplies.ClearinghouseState.self, doing: "clearinghouseState", completion)
    }

    public func positions(_ done: OperationCompletion) {
        clearinghouseState { result in
            switch result {
            case .failure(let failure): done.fail(failure)
            case .success(let state):
                do throws(VenueFailure) {
                    var positions: [VenuePosition] = []
                    for entry in state.assetPositions {
                        let p = entry.position
                        let size = try Self.decimal(p.szi, "szi", doing: "positions")
                        guard size != 0 else { continue }
                        let entryPrice = try p.entryPx.map { text throws(VenueFailure) in
                            DecimalText.format(try Self.decimal(text, "entryPx", doing: "positions"))
                        }
                        let pnl = try p.unrealizedPnl.map { text throws(VenueFailure) in
                            DecimalText.format(try Self.decimal(text, "unrealizedPnl", doing: "positions"))
                        }
                        // Mark = position value / |size|, when the venue gives the value.
                        let mark = try p.positionValue.map { text throws(VenueFailure) -> String in
                            let value = try Self.decimal(text, "positionValue", doing: "positions")
                            return DecimalText.format(DecimalText.round(value / abs(size), scale: 8, .nearest))
                        }
                        positions.append(VenuePosition(market: p.coin, outcome: GW_OUTCOME_NONE, size: DecimalText.format(size),
                                                       averageEntryPrice: entryPrice ?? "", markPrice: mark ?? "",
                                                       unrealizedPnl: pnl ?? ""))
                    }
                    done.succeed(positions: positions)
                } catch { done.fail(error) }
            }
        }
    }

    /// Perp margin as `USDC` (total = account value, available = withdrawable) and every spot token as
    /// `spot:<TOKEN>` (available = total − hold).
    public func balances(_ done: OperationCompletion) {
        guard let user = queryAddress else { return done.fail(missingAccount) }
        clearinghouseState { [self] result in
            switch result {
            case .failure(let failure): done.fail(failure)
            case .success(let perp):
                info(.map([("type", .string("spotClearinghouseState")), ("user", .string(user))]), cost: 2,
                     as: InfoReplies.SpotClearinghouseState.self, doing: "spotClearinghouseState") { spotResult in
                    switch spotResult {
                    case .failure(let failure): done.fail(failure)
                    case .success(let spot):
                        do throws(VenueFailure) {
                            let what = "balances"
                            var balances = [VenueBalance(
                                currency: "USDC",
                                total: DecimalText.format(try Self.decimal(perp.marginSummary.accountValue, "accountValue", doing: what)),
                                available: DecimalText.format(try Self.decimal(perp.withdrawable, "withdrawable", doing: what)))]
                            for balance in spot.balances {
                                let total = try Self.decimal(balance.total, "total", doing: what)
                                let hold = try Self.decimal(balance.hold ?? "0", "hold", doing: what)
                                balances.append(VenueBalance(currency: "spot:\(balance.coin)", total: DecimalText.format(total),
                                                             available: DecimalText.format(max(0, total - hold))))
                            }
                            done.succeed(balances: balances)
                        } catch { done.fail(error) }
                    }
                }
            }
        }
    }

    /// Probes `clearinghouseState` of the account (or `allMids` without one); the venue's `time` gives the clock offset.
    public func health(_ done: OperationCompletion) {
        let started = host.monotonicNs
        let sentAt = host.nowUnixMs
        guard queryAddress != nil else {
            info(.map([("type", .string("allMids")), ("dex", .string(""))]), cost: 2, as: [String: String].self,
                 doing: "health (allMids)") { [self] result in
                let latency = Int64((host.monotonicNs &- started) / 1000)
                switch result {
                case .success: done.succeed(health: VenueHealth(healthy: true, latencyMicros: latency, detail: "allMids answered; no account configured"))
                case .failure(let failure): done.succeed(health: VenueHealth(healthy: false, latencyMicros: latency, detail: failure.message))
                }
            }
            return
        }
        clearinghouseState { [self] result in
            let latency = Int64((host.monotonicNs &- started) / 1000)
            switch result {
            case .success(let state):
                var offset: Int64 = 0
                if let venueTime = state.time {
                    let midpoint = sentAt + (host.nowUnixMs - sentAt) / 2
                    offset = venueTime - midpoint
                }
                done.succeed(health: VenueHealth(healthy: true, latencyMicros: latency, clockOffsetMs: offset,
                                                 detail: "clearinghouseState of \(queryAddress ?? "") answered"))
            case .failure(let failure):
                done.succeed(health: VenueHealth(healthy: false, latencyMicros: latency, detail: failure.message))
            }
        }
    }
}
