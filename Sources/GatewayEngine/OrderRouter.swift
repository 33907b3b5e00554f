import Foundation
import GatewayCore
import Journal
import Logging
import PluginABI
import PluginHost
import VenueKit

/// Routes commands to venue plugins and keeps the gateway's view of orders and positions.
///
/// Every trade is validated before anything is sent: the market id, the side/action mapping (one
/// table, ``RelayTradeMapping``), the order itself, and the venue plugin's capabilities. Its client
/// order id is derived from the command id, so a redelivered command is recognised and never placed
/// twice. Positions move only by the growth of an order's cumulative filled quantity, whichever way
/// the venue reported it (completion, update event or fill event), so nothing is counted twice.
///
/// With a journal (``OrderJournal``), every order is journaled before it is sent, every state change
/// before it is reported or moves a position, and the pause state before it takes effect; after a restart
/// ``restoreFromJournal()`` brings the orders, positions and pause state back and ``reconcile()`` settles
/// them with the venues (see OrderRouter+Reconcile.swift).
public actor OrderRouter {
    public typealias ReportSink = @Sendable (GatewayReport) -> Void

    public let venues: VenueSet
    var book = OrderBook()
    /// The command that placed each order (by client order id), so every later update names it,
    /// including those produced by events, reconciliation and state sync.
    var commandIds: [String: String] = [:]
    var tracker = PositionTracker()
    private var paused = false
    let clock: any HostClock
    private let sink: ReportSink
    let logger: Logger
    /// Where orders, events, positions and the pause state are written before they are acted on.
    public let journal: (any OrderJournal)?
    private var stats = RouterStats()

    public init(venues: VenueSet, clock: any HostClock = SystemHostClock(), logger: Logger = Logger(label: "gateway.router"),
                journal: (any OrderJournal)? = nil, sink: @escaping ReportSink) {
        self.venues = venues
        self.journal = journal
        self.clock = clock
        self.sink = sink
        self.logger = logger
        // Later updates from every venue plugin (fills, cancels, expiries) come back to this router.
        for (venue, instance) in venues.instances {
            instance.onEvent { [weak self] event in
                guard let self else { return }
                Task { await self.venueEvent(venue: venue, event) }
            }
        }
    }

    // MARK: Commands

    /// Handles one command to its end: a trade returns once the venue answered.
    @discardableResult
    public func handle(_ command: GatewayCommand) async -> CommandResult {
        switch command {
        case .trade(let trade):
            do {
                let prepared = try prepare(trade)
                let record = await execute(prepared)
                return .accepted(orderId: record.gatewayOrderId)
            } catch {
                return reject(error, commandId: trade.id)
            }
        case .cancel(let id, let orderId):
            return await cancel(orderId: orderId, commandId: id)
        case .cancelAll(let id):
            return await cancelAll(commandId: id)
        case .pause(let id), .resume(let id):
            let pause = command == .pause(id: id)
            do { try journal?.setPaused(pause) } catch {
                return reject(CommandRejection("JOURNAL_UNAVAILABLE", "pause state not saved, nothing changed: \(error)"), commandId: id)
            }
            paused = pause
            return .accepted(orderId: nil)
        }
    }

    public var isPaused: Bool { paused }

    /// Sets the pause state restored from the journal (no journal write: it came from there).
    func setPausedFromJournal(_ value: Bool) { paused = value }

    /// A validated order, ready to send.
    public struct PreparedOrder: Sendable {
        public var order: CanonicalOrder
        public var commandId: String
        public var gatewayOrderId: String
    }

    /// Validates a trade and turns it into a canonical order, without sending anything.
    ///
    /// - Throws: ``CommandRejection`` with the reference's error codes (`GATEWAY_PAUSED`,
    ///   `INVALID_MARKET_ID`, `VENUE_NOT_FOUND`) plus `INVALID_COMMAND`, `INVALID_ORDER`,
    ///   `UNSUPPORTED_ORDER` and `DUPLICATE_COMMAND`.
    public func prepare(_ trade: TradeCommand) throws(CommandRejection) -> PreparedOrder {
        if paused { throw CommandRejection("GATEWAY_PAUSED", "Gateway is paused, trade command rejected") }
        let market: MarketId
        do { market = try MarketId(parsing: trade.marketId) } catch {
            throw CommandRejection("INVALID_MARKET_ID", error.message)
        }
        guard let instance = venues[market.venue] else {
            throw CommandRejection("VENUE_NOT_FOUND", "No plugin serves venue: \(market.venue)", venue: market.venue)
        }
        let intent: RelayTradeIntent
        do { intent = try RelayTradeMapping.map(side: trade.side, action: trade.action) } catch {
            throw CommandRejection("INVALID_COMMAND", error.message, venue: market.venue)
        }
        guard let type = OrderType(rawValue: trade.orderType.lowercased()) else {
            throw CommandRejection("INVALID_COMMAND", "order_type '\(trade.orderType)' must be 'market' or 'limit'", venue: market.venue)
        }
        var tif: TimeInForce = type == .market ? .ioc : .gtc
        if let text = trade.timeInForce {
            guard let parsed = TimeInForce(rawValue: text.lowercased()) else {
                throw CommandRejection("INVALID_COMMAND", "time_in_force '\(text)' must be gtc, ioc, fok or gtd", venue: market.venue)
            }
            tif = parsed
        }
        let descriptor = instance.descriptor
        let style: ClientOrderIdStyle = descriptor.capabilities.contains(.hexClientOrderId) ? .hex128
            : .alnum(maxLength: max(16, min(descriptor.clientOrderIdMaxLength, 36)), extraCharacters: "")
        let clientOrderId = ClientOrderIdGenerator(style: style).clientOrderId(commandId: trade.id)
        if book.contains(clientOrderId: clientOrderId) {
            throw CommandRejection("DUPLICATE_COMMAND", "command \(trade.id) was already executed", venue: market.venue)
        }
        let order = CanonicalOrder(
            clientOrderId: clientOrderId, venue: market.venue, market: market.native, side: intent.side,
            outcome: intent.outcome, type: type, timeInForce: tif, quantity: trade.size, limitPrice: trade.limitPrice,
            reduceOnly: intent.reduceOnly, postOnly: trade.postOnly, expireAt: nil)
        do { try order.validate() } catch {
            throw CommandRejection("INVALID_ORDER", error.message, venue: market.venue)
        }
        try checkCapabilities(order, descriptor.capabilities)
        return PreparedOrder(order: order, commandId: trade.id, gatewayOrderId: "\(market.venue)-\(clientOrderId)")
    }

    private func checkCapabilities(_ order: CanonicalOrder, _ caps: Capabilities) throws(CommandRejection) {
        func require(_ cap: Capabilities, _ what: String) throws(CommandRejection) {
            if !caps.contains(cap) {
                throw CommandRejection("UNSUPPORTED_ORDER", "venue \(order.venue) does not support \(what)", venue: order.venue)
            }
        }
        try require(order.type == .market ? .marketOrders : .limitOrders, "\(order.type.rawValue) orders")
        switch order.timeInForce {
        case .ioc: try require(.ioc, "immediate-or-cancel orders")
        case .fok: try require(.fok, "fill-or-kill orders")
        case .gtd: try require(.gtd, "good-till-date orders")
        case .gtc: break
        }
        if order.reduceOnly && order.outcome == nil { try require(.reduceOnly, "reduce-only orders") }
        if order.postOnly { try require(.postOnly, "post-only orders") }
        if order.outcome != nil { try require(.binaryOutcomes, "yes/no outcomes") }
    }

    /// Journals and sends a prepared order and applies the venue's answer (``admit(_:)`` then ``send(_:)``).
    public func execute(_ prepared: PreparedOrder) async -> OrderRecord {
        do {
            try admit(prepared)
        } catch {
            if error.code != "DUPLICATE_COMMAND" { stats.rejects += 1 }
            report(.error(GatewayErrorReport(code: error.code, message: error.message, venue: prepared.order.venue,
                                             commandId: prepared.commandId)))
            return book[clientOrderId: prepared.order.clientOrderId]
                ?? OrderRecord(order: prepared.order, gatewayOrderId: prepared.gatewayOrderId)
        }
        return await send(prepared)
    }

    /// Takes a prepared order into the book in state `new`, journaling it first, without sending it.
    ///
    /// Once this returns the order exists durably: a crash before ``send(_:)`` leaves it `new`, and
    /// reconciliation later asks the venue for it by client order id (never resending it).
    /// - Throws: ``CommandRejection`` `DUPLICATE_COMMAND` when its client order id is known,
    ///   `JOURNAL_UNAVAILABLE` when it could not be journaled (and so must not be sent).
    public func admit(_ prepared: PreparedOrder) throws(CommandRejection) {
        let order = prepared.order
        if book.contains(clientOrderId: order.clientOrderId) {
            throw CommandRejection("DUPLICATE_COMMAND", "command \(prepared.commandId) was already executed", venue: order.venue)
        }
        let record = OrderRecord(order: order, gatewayOrderId: prepared.gatewayOrderId, createdAt: clock.nowUnixNs / 1_000_000)
        do { try journal?.recordOrder(record, commandId: prepared.commandId, adopted: false) } catch {
            throw CommandRejection("JOURNAL_UNAVAILABLE", "order not sent because it could not be journaled: \(error)", venue: order.venue)
        }
        do { try book.insert(record) } catch {
            throw CommandRejection("DUPLICATE_COMMAND", error.message, venue: order.venue)
        }
        commandIds[order.clientOrderId] = prepared.commandId
    }

    /// Sends an order ``admit(_:)`` took in, and applies the venue's answer.
    public func send(_ prepared: PreparedOrder) async -> OrderRecord {
        let order = prepared.order
        stats.orders += 1
        guard let instance = venues[order.venue] else { return book[clientOrderId: order.clientOrderId]! }
        let outcome = await instance.placeOrder(order.venueOrder)
        if let report = outcome.orders.first {
            apply(report, to: order.clientOrderId, commandId: prepared.commandId)
        }
        if let failure = outcome.failure {
            await settleFailure(failure, order: order, commandId: prepared.commandId, instance: instance)
        }
        return book[clientOrderId: order.clientOrderId]!
    }

    /// A failed placement: a refusal is final; an unknown outcome is looked up by client order id, never resent.
    private func settleFailure(_ failure: VenueFailure, order: CanonicalOrder, commandId: String,
                               instance: PluginInstance) async {
        if failure.status == .outcomeUnknown, instance.descriptor.capabilities.contains(.queryOrder) {
            let lookup = await instance.queryOrder(VenueOrderRef(market: order.market, clientOrderId: order.clientOrderId))
            if let found = lookup.orders.first {
                apply(found, to: order.clientOrderId, commandId: commandId)
                return
            }
            if lookup.failure?.status == .notFound {
                transition(order.clientOrderId, .rejected(reason: "never reached the venue: \(failure.message)"), commandId: commandId)
                report(.error(GatewayErrorReport(code: "ORDER_PLACEMENT_FAILED", message: failure.message,
                                                 venue: order.venue, commandId: commandId)))
                return
            }
        }
        if failure.status == .outcomeUnknown {
            // Left open: reconciliation settles it from the venue's open orders and fills.
            report(.error(GatewayErrorReport(code: "ORDER_OUTCOME_UNKNOWN",
                                             message: "\(failure.message); the order is kept and will be reconciled",
                                             venue: order.venue, commandId: commandId)))
            return
        }
        stats.rejects += 1
        transition(order.clientOrderId, .rejected(reason: failure.description), commandId: commandId)
        report(.error(GatewayErrorReport(code: "ORDER_REJECTED", message: failure.description, venue: order.venue,
                                         commandId: commandId)))
    }

    private func cancel(orderId: String, commandId: String) async -> CommandResult {
        guard let record = book.record(gatewayOrderId: orderId) else {
            return reject(CommandRejection("ORDER_NOT_FOUND", "Order not found: \(orderId)"), commandId: commandId)
        }
        guard !record.state.isTerminal else {
            return reject(CommandRejection("ORDER_NOT_OPEN", "Order \(orderId) is already \(record.state.rawValue)",
                                           venue: record.order.venue), commandId: commandId)
        }
        guard let instance = venues[record.order.venue] else {
            return reject(CommandRejection("VENUE_NOT_FOUND", "No plugin serves venue: \(record.order.venue)"), commandId: commandId)
        }
        let outcome = await instance.cancelOrder(VenueOrderRef(market: record.order.market, venueOrderId: record.venueOrderId ?? "",
                                                               clientOrderId: record.clientOrderId))
        if let report = outcome.orders.first { apply(report, to: record.clientOrderId, commandId: commandId) }
        if let failure = outcome.failure {
            return reject(CommandRejection("CANCEL_FAILED", failure.description, venue: record.order.venue), commandId: commandId)
        }
        if outcome.orders.isEmpty { transition(record.clientOrderId, .cancelled, commandId: commandId) }
        return .accepted(orderId: orderId)
    }

    private func cancelAll(commandId: String) async -> CommandResult {
        var failures: [String] = []
        for venue in venues.venues {
            guard let instance = venues[venue] else { continue }
            let outcome = await instance.cancelAll()
            for report in outcome.orders {
                if book[clientOrderId: report.clientOrderId] != nil { apply(report, to: report.clientOrderId, commandId: commandId) }
            }
            if let failure = outcome.failure {
                failures.append("\(venue): \(failure.description)")
                report(.error(GatewayErrorReport(code: "CANCEL_ALL_FAILED", message: failure.description, venue: venue,
                                                 commandId: commandId)))
            }
        }
        return failures.isEmpty ? .accepted(orderId: nil) : .rejected(code: "CANCEL_ALL_FAILED", message: failures.joined(separator: "; "))
    }

    // MARK: Venue events

    /// Applies an update a plugin reported later (matched by client order id, then venue order id).
    public func venueEvent(venue: String, _ event: VenueEvent) {
        switch event {
        case .orderUpdate(let report):
            guard let id = known(venue: venue, clientOrderId: report.clientOrderId, venueOrderId: report.venueOrderId) else {
                logger.warning("update for an order this gateway does not know", metadata: ["venue": "\(venue)", "venue_order_id": "\(report.venueOrderId)"])
                return
            }
            apply(report, to: id, commandId: nil)
        case .fill(let fill):
            guard let id = known(venue: venue, clientOrderId: fill.clientOrderId, venueOrderId: fill.venueOrderId),
                  let quantity = DecimalText.positive(fill.quantity), let price = DecimalText.parse(fill.price) else { return }
            transition(id, .fill(tradeId: fill.tradeId, quantity: quantity, price: price,
                                 fee: DecimalText.parse(fill.fee) ?? 0), commandId: nil)
        case .status(let message):
            logger.info("venue status", metadata: ["venue": "\(venue)", "message": "\(message)"])
        }
    }

    func known(venue: String, clientOrderId: String, venueOrderId: String) -> String? {
        if !clientOrderId.isEmpty, book.contains(clientOrderId: clientOrderId) { return clientOrderId }
        if !venueOrderId.isEmpty { return book.record(venue: venue, venueOrderId: venueOrderId)?.clientOrderId }
        return nil
    }

    // MARK: Applying reports

    func apply(_ report: VenueOrderReport, to clientOrderId: String, commandId: String?) {
        var changed = false
        if !report.venueOrderId.isEmpty {
            changed = transition(clientOrderId, .submitted(venueOrderId: report.venueOrderId), commandId: commandId, silent: true)
        }
        guard let state = OrderState(report.state) else {
            if changed, let record = book[clientOrderId: clientOrderId] { self.report(.orderUpdate(update(record, commandId: commandId))) }
            return
        }
        let filled = DecimalText.parse(report.filledQuantity) ?? 0
        let average = DecimalText.parse(report.averageFillPrice)
        let moved = transition(clientOrderId, .venueReport(state: state, filled: filled, avgPrice: average, fee: DecimalText.parse(report.fee)),
                               commandId: commandId)
        if changed && !moved, let record = book[clientOrderId: clientOrderId] {
            self.report(.orderUpdate(update(record, commandId: commandId)))
        }
    }

    /// Applies an event to an order; reports the change and moves the position by what newly filled.
    /// - Returns: whether the order changed (and, unless `silent`, was reported).
    @discardableResult
    func transition(_ clientOrderId: String, _ event: OrderEvent, commandId: String?, silent: Bool = false) -> Bool {
        guard let before = book[clientOrderId: clientOrderId] else { return false }
        let result: OrderTransition
        do { result = try book.apply(event, to: clientOrderId, at: clock.nowUnixNs / 1_000_000) } catch {
            logger.warning("order event refused: \(error.message)")
            return false
        }
        if case .refused(let reason) = result {
            logger.warning("order event refused", metadata: ["client_order_id": "\(clientOrderId)", "reason": "\(reason)"])
            return false
        }
        guard let after = book[clientOrderId: clientOrderId] else { return false }
        let newlyFilled = after.filledQuantity - before.filledQuantity
        if result.isChanged || newlyFilled > 0 || after != before {
            // Written before it is reported or moves a position. If the write fails the change is still
            // acted on (the venue already did it); reconciliation after a restart brings the journal back.
            do { try journal?.recordEvent(event, after: after, at: after.updatedAt) } catch {
                logger.critical("journal write failed; the order will be reconciled at the next start",
                                metadata: ["client_order_id": "\(clientOrderId)", "error": "\(error)"])
            }
        }
        if newlyFilled > 0 {
            let notional = after.filledNotional - before.filledNotional
            let price = before.filledQuantity == 0 ? (after.averageFillPrice ?? notional / newlyFilled) : notional / newlyFilled
            let fee = after.fees - before.fees
            stats.fills += 1
            do {
                let position = try tracker.applyFill(venue: after.order.venue, market: after.order.market,
                                                     outcome: after.order.outcome, side: after.order.side,
                                                     quantity: newlyFilled, price: price, fee: fee)
                _ = try? tracker.mark(venue: after.order.venue, market: after.order.market, outcome: after.order.outcome, price: price)
                savePosition(position.key)
                report(.position(PositionReport(venue: position.key.venue, marketId: "\(position.key.venue):\(position.key.market)",
                                                outcome: position.key.outcome?.rawValue, size: position.size,
                                                entryPrice: position.isFlat ? nil : position.averageEntryPrice,
                                                realizedPnl: position.realizedPnl)))
            } catch {
                logger.error("position update refused: \(error.message)")
            }
        }
        let changed = result.isChanged || newlyFilled > 0
        if !silent && changed {
            report(.orderUpdate(update(after, commandId: commandId)))
        }
        return changed
    }

    func update(_ record: OrderRecord, commandId: String?) -> OrderUpdate {
        OrderUpdate(orderId: record.gatewayOrderId, commandId: commandId ?? commandIds[record.clientOrderId], venue: record.order.venue,
                    venueOrderId: record.venueOrderId, marketId: "\(record.order.venue):\(record.order.market)",
                    status: record.state.wireStatus, side: record.order.side.rawValue, outcome: record.order.outcome?.rawValue,
                    size: record.order.quantity, filledSize: record.filledQuantity, orderType: record.order.type.rawValue,
                    limitPrice: record.order.limitPrice, fillPrice: record.averageFillPrice, message: record.rejectReason)
    }

    func reject(_ error: any Error, commandId: String) -> CommandResult {
        let rejection = error as? CommandRejection ?? CommandRejection("INTERNAL", "\(error)")
        if rejection.code != "DUPLICATE_COMMAND" { stats.rejects += 1 }
        report(.error(GatewayErrorReport(code: rejection.code, message: rejection.message, venue: rejection.venue,
                                         commandId: commandId)))
        return rejection.code == "DUPLICATE_COMMAND" ? .duplicate : .rejected(code: rejection.code, message: rejection.message)
    }

    func report(_ report: GatewayReport) { sink(report) }

    // MARK: Views

    public var openOrders: [OrderRecord] { book.openOrders }
    public var allOrders: [OrderRecord] { book.orders }
    public var positions: [Position] { tracker.allPositions }
    public var statistics: RouterStats { stats }

    public func order(gatewayOrderId: String) -> OrderRecord? { book.record(gatewayOrderId: gatewayOrderId) }
}

/// How a command ended, for acknowledgements and the CLI.
public enum CommandResult: Sendable, Equatable {
    case accepted(orderId: String?)
    case rejected(code: String, message: String)
    /// The command id was seen before; nothing was executed again.
    case duplicate
}

/// Why a command was refused before anything was sent.
public struct CommandRejection: Error, Sendable, Equatable {
    public var code: String
    public var message: String
    public var venue: String?

    public init(_ code: String, _ message: String, venue: String? = nil) {
        self.code = code
        self.message = message
        self.venue = venue
    }
}

/// Counters of the router since it started.
public struct RouterStats: Sendable, Equatable {
    public var orders = 0
    public var fills = 0
    public var rejects = 0
}

extension CanonicalOrder {
    /// The order as the C contract carries it.
    var venueOrder: VenueOrder {
        var flags: UInt32 = 0
        if reduceOnly { flags |= UInt32(GW_ORDER_FLAG_REDUCE_ONLY) }
        if postOnly { flags |= UInt32(GW_ORDER_FLAG_POST_ONLY) }
        let tif: gw_time_in_force = switch timeInForce {
        case .gtc: GW_TIF_GTC
        case .ioc: GW_TIF_IOC
        case .fok: GW_TIF_FOK
        case .gtd: GW_TIF_GTD
        }
        return VenueOrder(
            clientOrderId: clientOrderId, market: market, side: side == .buy ? GW_SIDE_BUY : GW_SIDE_SELL,
            outcome: outcome.map { $0 == .yes ? GW_OUTCOME_YES : GW_OUTCOME_NO } ?? GW_OUTCOME_NONE,
            type: type == .market ? GW_ORDER_MARKET : GW_ORDER_LIMIT,
            timeInForce: tif,
            flags: flags, quantity: DecimalText.format(quantity), limitPrice: limitPrice.map(DecimalText.format) ?? "",
            expireAtUnixMs: expireAt ?? 0)
    }
}

extension OrderState {
    /// The `status` of an `order_update` report (the relay's snake_case words).
    public var wireStatus: String {
        switch self {
        case .new: "pending"
        case .submitted: "submitted"
        case .partiallyFilled: "partially_filled"
        case .filled: "filled"
        case .cancelled: "cancelled"
        case .rejected: "rejected"
        case .expired: "expired"
        }
    }

    /// The contract's order state as the core's.
    init?(_ state: gw_order_state) {
        switch state {
        case GW_STATE_OPEN: self = .submitted
        case GW_STATE_PARTIALLY_FILLED: self = .partiallyFilled
        case GW_STATE_FILLED: self = .filled
        case GW_STATE_CANCELLED: self = .cancelled
        case GW_STATE_REJECTED: self = .rejected
        case GW_STATE_EXPIRED: self = .expired
        default: return nil
        }
    }
}
