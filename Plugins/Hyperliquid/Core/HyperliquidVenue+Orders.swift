#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// Which order a cancel or a query means at the venue: its oid, or its cloid.
enum OrderTarget: Equatable {
    case oid(UInt64)
    case cloid(String)

    /// The `oid` field of an `orderStatus` request (an integer or the cloid text).
    var statusKey: MessagePackValue {
        switch self {
        case .oid(let oid): .uint(oid)
        case .cloid(let cloid): .string(cloid)
        }
    }

    var description: String {
        switch self {
        case .oid(let oid): "oid \(oid)"
        case .cloid(let cloid): "cloid \(cloid)"
        }
    }
}

extension HyperliquidVenue {
    // MARK: Place

    public func placeOrder(_ order: VenueOrder, _ done: OperationCompletion) {
        let request: OrderRequest
        do throws(VenueFailure) { request = try OrderRequest(order) } catch { return done.fail(error) }
        guard config.privateKey != nil else { return done.fail(missingKey) }
        instrument(for: request.market) { [self] result in
            switch result {
            case .failure(let failure): done.fail(failure)
            case .success(let instrument):
                do throws(VenueFailure) { try instrument.checkSize(request.quantity) } catch { return done.fail(error) }
                if !request.isMarket, let limit = request.limitPrice {
                    do throws(VenueFailure) { try instrument.checkPrice(limit) } catch { return done.fail(error) }
                    submit(request, instrument, price: limit, done)
                } else if let bound = request.limitPrice {
                    submit(request, instrument, price: instrument.inwardPrice(bound, isBuy: request.isBuy), done)
                } else {
                    marketPrice(request, instrument) { [self] priced in
                        switch priced {
                        case .failure(let failure): done.fail(failure)
                        case .success(let price): submit(request, instrument, price: price, done)
                        }
                    }
                }
            }
        }
    }

    /// The IOC price of a market order without a bound: the current mid (`allMids`) ± `market_slippage`.
    func marketPrice(_ request: OrderRequest, _ instrument: Instrument, _ completion: @escaping (Result<Decimal, VenueFailure>) -> Void) {
        info(.map([("type", .string("allMids")), ("dex", .string(""))]), cost: 2, as: [String: String].self,
             doing: "allMids") { [config] result in
            switch result {
            case .failure(let failure): completion(.failure(failure))
            case .success(let mids):
                guard let text = mids[instrument.coin] else {
                    return completion(.failure(VenueFailure(.notFound, "hyperliquid: no mid price for \(instrument.coin) in allMids: a market order needs one (or give a price bound)")))
                }
                guard let mid = DecimalText.positive(text) else {
                    return completion(.failure(VenueFailure(.internalError, "hyperliquid: allMids: mid of \(instrument.coin) is not a positive decimal: '\(text)'")))
                }
                completion(.success(instrument.slippagePrice(mid: mid, isBuy: request.isBuy, slippage: config.marketSlippage)))
            }
        }
    }

    /// Signs and sends one order at `price`, and reports what the venue answered.
    func submit(_ request: OrderRequest, _ instrument: Instrument, price: Decimal, _ done: OperationCompletion) {
        let wire: OrderWire
        do throws(VenueFailure) {
            // A market order's price (from the mid or the caller's bound) obeys the same rules as a limit.
            guard price > 0 else {
                throw VenueFailure(.invalidOrder, "hyperliquid: order '\(request.clientOrderId)': the price bound of \(instrument.coin) "
                                   + "rounds to zero at \(instrument.maxPriceDecimals) decimals")
            }
            try instrument.checkPrice(price)
            wire = OrderWire(asset: instrument.asset, isBuy: request.isBuy, price: try WireNumber.text(price, field: "price"),
                             size: try WireNumber.text(request.quantity, field: "quantity"), reduceOnly: request.reduceOnly,
                             tif: request.tif, cloid: cloids.remember(request.clientOrderId))
        } catch { return done.fail(error) }
        let what = "place order '\(request.clientOrderId)' on \(instrument.coin)"
        exchange(HyperliquidAction.order([wire]), batchLength: 1, doing: what) { [self] result in
            switch result {
            case .failure(let failure): done.fail(failure)
            case .success(.err(let text)): done.fail(VenueErrors.failure(text, doing: what))
            case .success(.ok(_, let statuses)):
                guard let status = statuses.first else {
                    return done.fail(.internalError, "hyperliquid: \(what): the reply has no order status")
                }
                done.complete { () throws(VenueFailure) -> VenueOrderReport in
                    try placementReport(status, request, instrument, price: wire.price, doing: what)
                }
            }
        }
    }

    /// The report of a placement from its `statuses` entry.
    func placementReport(_ status: ActionStatus, _ request: OrderRequest, _ instrument: Instrument, price: String,
                         doing what: String) throws(VenueFailure) -> VenueOrderReport {
        let quantity = DecimalText.format(request.quantity)
        var report = VenueOrderReport(clientOrderId: request.clientOrderId, venueOrderId: "", market: request.market,
                                      side: request.isBuy ? GW_SIDE_BUY : GW_SIDE_SELL, outcome: GW_OUTCOME_NONE,
                                      state: GW_STATE_OPEN, quantity: quantity, filledQuantity: "0", limitPrice: price,
                                      updatedAtUnixMs: host.nowUnixMs)
        switch status {
        case .resting(let oid, _):
            report.venueOrderId = String(oid)
        case .filled(let totalSize, let averagePrice, let oid, _):
            let filled = try Self.decimal(totalSize, "totalSz", doing: what)
            let average = try Self.decimal(averagePrice, "avgPx", doing: what)
            report.venueOrderId = String(oid)
            report.filledQuantity = DecimalText.format(filled)
            report.averageFillPrice = DecimalText.format(average)
            if filled >= request.quantity {
                report.state = GW_STATE_FILLED
            } else {
                // An IOC's unfilled rest is cancelled at once; a GTC's rests on the book.
                report.state = request.tif == .ioc ? GW_STATE_CANCELLED : GW_STATE_PARTIALLY_FILLED
            }
        case .error(let text):
            throw VenueErrors.failure(text, doing: what)
        case .other(let text) where text.hasPrefix("waiting"):
            break
        case .other(let text):
            throw VenueFailure(.internalError, "hyperliquid: \(what): unexpected order status '\(text)'")
        case .success:
            throw VenueFailure(.internalError, "hyperliquid: \(what): unexpected order status 'success'")
        }
        if let oid = UInt64(report.venueOrderId) {
            memory.remember(.init(clientOrderId: request.clientOrderId, oid: oid, coin: instrument.coin, isBuy: request.isBuy,
                                  quantity: quantity, limitPrice: price, filledQuantity: report.filledQuantity,
                                  averageFillPrice: report.averageFillPrice))
        }
        return report
    }

    // MARK: Cancel

    /// The venue's handle on an order: the oid when the venue order id is given, else the cloid of the client id.
    ///
    /// The client id is remembered, so that reports name it even when this instance did not place the order.
    func target(_ ref: VenueOrderRef) throws(VenueFailure) -> OrderTarget {
        let cloid = cloids.remember(ref.clientOrderId)
        if !ref.venueOrderId.isEmpty {
            guard let oid = UInt64(ref.venueOrderId) else {
                throw VenueFailure(.invalidOrder, "hyperliquid: venue order id '\(ref.venueOrderId)' is not a Hyperliquid oid (an integer)")
            }
            return .oid(oid)
        }
        guard let cloid else {
            throw VenueFailure(.invalidOrder, "hyperliquid: give a venue order id or a client order id")
        }
        return .cloid(cloid)
    }

    public func cancelOrder(_ ref: VenueOrderRef, _ done: OperationCompletion) {
        let target: OrderTarget
        do throws(VenueFailure) { target = try self.target(ref) } catch { return done.fail(error) }
        guard config.privateKey != nil else { return done.fail(missingKey) }
        let what = "cancel \(target.description)"
        coin(of: ref, target) { [self] located in
            switch located {
            case .failure(let failure): done.fail(failure)
            case .success(let coin):
                instrument(for: coin) { [self] result in
                    switch result {
                    case .failure(let failure): done.fail(failure)
                    case .success(let instrument):
                        let action = switch target {
                        case .oid(let oid): HyperliquidAction.cancel([(asset: instrument.asset, oid: oid)])
                        case .cloid(let cloid): HyperliquidAction.cancelByCloid([(asset: instrument.asset, cloid: cloid)])
                        }
                        exchange(action, batchLength: 1, doing: what) { [self] reply in
                            switch reply {
                            case .failure(let failure): done.fail(failure)
                            case .success(.err(let text)): done.fail(VenueErrors.failure(text, doing: what))
                            case .success(.ok(_, let statuses)):
                                switch statuses.first {
                                case .success?: reportAfterCancel(ref, target, coin: coin, done)
                                case .error(let text)?: done.fail(VenueErrors.failure(text, doing: what))
                                default:
                                    done.fail(.internalError, "hyperliquid: \(what): unexpected cancel status \(statuses.first.map { "\($0)" } ?? "(none)")")
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The coin of an order: the market given, else what this instance remembers, else `orderStatus`.
    func coin(of ref: VenueOrderRef, _ target: OrderTarget, _ completion: @escaping (Result<String, VenueFailure>) -> Void) {
        if !ref.market.isEmpty { return completion(.success(ref.market)) }
        let remembered = switch target {
        case .oid(let oid): memory.entry(oid: oid)
        case .cloid: memory.entry(clientOrderId: ref.clientOrderId)
        }
        if let remembered { return completion(.success(remembered.coin)) }
        orderStatus(target) { result in completion(result.map { $0.order.coin }) }
    }

    /// The order's state once the venue said "success" to its cancel (read back, so partial fills show).
    func reportAfterCancel(_ ref: VenueOrderRef, _ target: OrderTarget, coin: String, _ done: OperationCompletion) {
        orderStatus(target) { [self] result in
            switch result {
            case .success(let detail):
                done.complete { () throws(VenueFailure) -> VenueOrderReport in
                    var report = try self.report(detail.order, status: detail.status, at: detail.statusTimestamp, doing: "cancel")
                    if report.state == GW_STATE_OPEN || report.state == GW_STATE_PARTIALLY_FILLED { report.state = GW_STATE_CANCELLED }
                    return report
                }
            case .failure(let failure):
                // The cancel itself succeeded: report it from what is known rather than fail.
                host.log(GW_LOG_WARN, "hyperliquid: cancel of \(target.description) succeeded but reading it back failed: \(failure.message)")
                let known: OrderMemory.Entry? = switch target {
                case .oid(let oid): memory.entry(oid: oid)
                case .cloid: memory.entry(clientOrderId: ref.clientOrderId)
                }
                var venueOrderId = ref.venueOrderId
                if venueOrderId.isEmpty, let known { venueOrderId = String(known.oid) }
                done.succeed(order: VenueOrderReport(
                    clientOrderId: ref.clientOrderId.isEmpty ? known?.clientOrderId ?? "" : ref.clientOrderId,
                    venueOrderId: venueOrderId, market: coin, side: known.map { $0.isBuy ? GW_SIDE_BUY : GW_SIDE_SELL } ?? GW_SIDE_BUY,
                    outcome: GW_OUTCOME_NONE, state: GW_STATE_CANCELLED, quantity: known?.quantity ?? "",
                    filledQuantity: known?.filledQuantity ?? "0", averageFillPrice: known?.averageFillPrice ?? "",
                    limitPrice: known?.limitPrice ?? "", updatedAtUnixMs: host.nowUnixMs))
            }
        }
    }

    // MARK: Query

    public func queryOrder(_ ref: VenueOrderRef, _ done: OperationCompletion) {
        let target: OrderTarget
        do throws(VenueFailure) { target = try self.target(ref) } catch { return done.fail(error) }
        orderStatus(target) { [self] result in
            switch result {
            case .failure(let failure): done.fail(failure)
            case .success(let detail):
                done.complete { () throws(VenueFailure) -> VenueOrderReport in
                    try report(detail.order, status: detail.status, at: detail.statusTimestamp, doing: "query \(target.description)")
                }
            }
        }
    }

    /// `orderStatus` of the account; `unknownOid` becomes `.notFound`.
    func orderStatus(_ target: OrderTarget, _ completion: @escaping (Result<InfoReplies.OrderStatusReply.Detail, VenueFailure>) -> Void) {
        guard let user = queryAddress else { return completion(.failure(missingAccount)) }
        let what = "orderStatus of \(target.description)"
        info(.map([("type", .string("orderStatus")), ("user", .string(user)), ("oid", target.statusKey)]), cost: 2,
             as: InfoReplies.OrderStatusReply.self, doing: what) { result in
            switch result {
            case .failure(let failure): completion(.failure(failure))
            case .success(let reply):
                if let detail = reply.order, reply.status == "order" {
                    completion(.success(detail))
                } else if reply.status == "unknownOid" {
                    completion(.failure(VenueFailure(.notFound, "hyperliquid: \(what): the venue knows no such order for \(user) (unknownOid)")))
                } else {
                    completion(.failure(VenueFailure(.internalError, "hyperliquid: \(what): unexpected status '\(reply.status)'")))
                }
            }
        }
    }
}
