#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// A venue that fills orders locally: the paper-trading stand-in used by `gateway simulate`,
/// `--simulate-orders` and the tests, loaded through the C ABI like any other plugin.
///
/// Each market gets a reference price drawn from the seed (binary markets 0.10–0.95, BTC 90,000–100,000,
/// ETH 2,800–3,600, others 1–1,000). Marketable orders fill at that price moved by the configured
/// slippage; limit orders that are not marketable rest until cancelled. Rejections, partial fills and
/// latency follow the configuration, all drawn from one seeded generator, so a run is reproducible.
public final class PaperVenue: VenuePluginInstance {
    public static let info = PluginInfo(
        name: "paper", version: "1.0.0",
        description: "Paper venue: fills orders locally with configurable fill rate, latency, slippage and partial fills",
        venues: ["paper"],
        capabilities: UInt64(GW_CAP_MARKET_ORDERS | GW_CAP_LIMIT_ORDERS | GW_CAP_IOC | GW_CAP_FOK | GW_CAP_GTD
            | GW_CAP_POST_ONLY | GW_CAP_REDUCE_ONLY | GW_CAP_CLIENT_ORDER_ID | GW_CAP_CANCEL_ALL | GW_CAP_OPEN_ORDERS
            | GW_CAP_POSITIONS | GW_CAP_BALANCES | GW_CAP_QUERY_ORDER | GW_CAP_BINARY_OUTCOMES | GW_CAP_FILL_EVENTS | GW_CAP_SIMULATED),
        clientOrderIdMaxLength: 64, clientOrderIdCharacters: "-_:.",
        rateLimits: [("orders", 1_000_000, 1_000_000)])

    private let host: HostHandle
    public let config: PaperConfig
    private var random: SeededGenerator
    private var orders: [String: PaperOrder] = [:]   // by client order id
    private var byVenueId: [String: String] = [:]   // venue order id → client order id
    private var referencePrices: [String: Decimal] = [:]
    private var positionSizes: [PositionKey: Decimal] = [:]
    private var sequence = 0
    private var tradeSequence = 0
    private let slippageFraction: Decimal

    struct PositionKey: Hashable { var market: String; var outcome: gw_outcome }

    public init(host: HostHandle, config: PaperConfig) {
        self.host = host
        self.config = config
        slippageFraction = Decimal(config.slippageBps) / 10_000
        random = SeededGenerator(seed: config.seed ^ stableHash(config.venue))
    }

    /// Creates an instance from the `create` configuration JSON.
    public convenience init(host: HostHandle, configJSON: String) throws(VenueFailure) {
        self.init(host: host, config: try PluginConfig.decode(PaperConfig.self, from: configJSON))
        host.log(GW_LOG_INFO, "paper venue '\(config.venue)' ready (fill rate \(config.fillRate), latency \(config.latencyMs) ms, seed \(config.seed))")
    }

    // MARK: Operations

    public func placeOrder(_ order: VenueOrder, _ done: OperationCompletion) {
        let validated: Validated
        do { validated = try validate(order) } catch { return done.fail(error) }
        if orders[order.clientOrderId] != nil {
            return done.fail(.invalidOrder, "duplicate client order id '\(order.clientOrderId)'", venueCode: "duplicate_client_order_id")
        }
        sequence += 1
        let venueId = "\(config.venue)-paper-\(sequence)"
        var record = PaperOrder(order: order, venueOrderId: venueId, quantity: validated.quantity,
                                limit: validated.limit, updatedAt: host.nowUnixMs)
        let accepted = random.unit() < config.fillRate
        let partialDraw = random.unit()
        let fraction = 0.3 + 0.4 * random.unit()
        let finish = { [self] in
            guard accepted else {
                record.state = GW_STATE_REJECTED
                remember(record)
                return done.fail(.venueRejected, "Simulated rejection: insufficient liquidity", venueCode: "paper_no_liquidity")
            }
            execute(&record, partial: partialDraw < config.partialFillRate, fraction: fraction)
            remember(record)
            if record.state == GW_STATE_REJECTED {
                return done.fail(.invalidOrder, record.rejectReason, venueCode: "paper_post_only")
            }
            done.succeed(order: record.report)
            if record.remainderPending { scheduleRemainder(clientOrderId: record.order.clientOrderId) }
        }
        if config.latencyMs == 0 { finish() } else { host.after(nanoseconds: config.latencyMs * 1_000_000, finish) }
    }

    public func cancelOrder(_ ref: VenueOrderRef, _ done: OperationCompletion) {
        guard let id = resolve(ref), var record = orders[id] else {
            return done.fail(.notFound, "no order with venue id '\(ref.venueOrderId)' or client id '\(ref.clientOrderId)'")
        }
        guard record.isOpen else {
            return done.fail(.invalidOrder, "order '\(record.order.clientOrderId)' is not open (\(stateName(record.state)))",
                             venueCode: "order_not_open")
        }
        record.state = GW_STATE_CANCELLED
        record.remainderPending = false
        record.updatedAt = host.nowUnixMs
        remember(record)
        done.succeed(order: record.report)
    }

    public func cancelAll(market: String, _ done: OperationCompletion) {
        var cancelled: [VenueOrderReport] = []
        for id in orders.keys.sorted() {
            guard var record = orders[id], record.isOpen, market.isEmpty || record.order.market == market else { continue }
            record.state = GW_STATE_CANCELLED
            record.remainderPending = false
            record.updatedAt = host.nowUnixMs
            remember(record)
            cancelled.append(record.report)
        }
        done.succeed(orders: cancelled)
    }

    public func openOrders(market: String, _ done: OperationCompletion) {
        let open = orders.values.filter { $0.isOpen && (market.isEmpty || $0.order.market == market) }
            .sorted { $0.venueOrderId < $1.venueOrderId }
        done.succeed(orders: open.map(\.report))
    }

    public func queryOrder(_ ref: VenueOrderRef, _ done: OperationCompletion) {
        guard let id = resolve(ref), let record = orders[id] else {
            return done.fail(.notFound, "no order with venue id '\(ref.venueOrderId)' or client id '\(ref.clientOrderId)'")
        }
        done.succeed(order: record.report)
    }

    public func positions(_ done: OperationCompletion) {
        let list = positionSizes.filter { $0.value != 0 }.sorted { ($0.key.market, $0.key.outcome) < ($1.key.market, $1.key.outcome) }
            .map { VenuePosition(market: $0.key.market, outcome: $0.key.outcome, size: DecimalText.format($0.value),
                                 markPrice: DecimalText.format(referencePrice(market: $0.key.market, outcome: $0.key.outcome))) }
        done.succeed(positions: list)
    }

    public func balances(_ done: OperationCompletion) {
        done.succeed(balances: [VenueBalance(currency: config.currency, total: config.balance, available: config.balance)])
    }

    public func health(_ done: OperationCompletion) {
        done.succeed(health: VenueHealth(healthy: true, latencyMicros: Int64(config.latencyMs) * 1000, detail: "paper venue \(config.venue)"))
    }

    // MARK: Matching

    struct Validated { var quantity: Decimal; var limit: Decimal? }

    private func validate(_ order: VenueOrder) throws(VenueFailure) -> Validated {
        guard !order.market.isEmpty else { throw VenueFailure(.invalidOrder, "market is empty") }
        guard !order.clientOrderId.isEmpty else { throw VenueFailure(.invalidOrder, "client_order_id is empty") }
        guard order.side == GW_SIDE_BUY || order.side == GW_SIDE_SELL else {
            throw VenueFailure(.invalidOrder, "side \(order.side) is not buy (1) or sell (2)")
        }
        guard [GW_OUTCOME_NONE, GW_OUTCOME_YES, GW_OUTCOME_NO].contains(order.outcome) else {
            throw VenueFailure(.invalidOrder, "outcome \(order.outcome) is not none, yes or no")
        }
        guard let quantity = DecimalText.positive(order.quantity) else {
            throw VenueFailure(.invalidOrder, "quantity '\(order.quantity)' is not a positive decimal")
        }
        guard [GW_TIF_GTC, GW_TIF_IOC, GW_TIF_FOK, GW_TIF_GTD].contains(order.timeInForce) else {
            throw VenueFailure(.invalidOrder, "time in force \(order.timeInForce) is unknown")
        }
        if order.timeInForce == GW_TIF_GTD && order.expireAtUnixMs <= host.nowUnixMs {
            throw VenueFailure(.invalidOrder, "expire_at_unix_ms must be in the future for GTD")
        }
        switch order.type {
        case GW_ORDER_LIMIT:
            guard let limit = DecimalText.positive(order.limitPrice) else {
                throw VenueFailure(.invalidOrder, "limit_price '\(order.limitPrice)' is not a positive decimal")
            }
            if order.outcome != GW_OUTCOME_NONE && limit >= 1 {
                throw VenueFailure(.invalidOrder, "limit_price \(order.limitPrice) must be below 1 for a binary outcome")
            }
            return Validated(quantity: quantity, limit: limit)
        case GW_ORDER_MARKET:
            if order.limitPrice.isEmpty { return Validated(quantity: quantity, limit: nil) }
            guard let bound = DecimalText.positive(order.limitPrice) else {
                throw VenueFailure(.invalidOrder, "limit_price '\(order.limitPrice)' (price bound) is not a positive decimal")
            }
            return Validated(quantity: quantity, limit: bound)
        default:
            throw VenueFailure(.invalidOrder, "order type \(order.type) is not market (1) or limit (2)")
        }
    }

    private func execute(_ record: inout PaperOrder, partial: Bool, fraction: Double) {
        let buy = record.order.side == GW_SIDE_BUY
        let price = executionPrice(market: record.order.market, outcome: record.order.outcome, buy: buy)
        let marketable: Bool
        if let limit = record.limit {
            marketable = buy ? price <= limit : price >= limit
        } else {
            marketable = true
        }
        if record.order.postOnly && marketable {
            record.state = GW_STATE_REJECTED
            record.rejectReason = "post-only order would take liquidity at \(DecimalText.format(price))"
            return
        }
        guard marketable else {
            // Not marketable now: limit orders rest (GTC/GTD), immediate orders end unfilled.
            let immediate = record.order.type == GW_ORDER_MARKET || record.order.timeInForce == GW_TIF_IOC
                || record.order.timeInForce == GW_TIF_FOK
            record.state = immediate ? GW_STATE_CANCELLED : GW_STATE_OPEN
            return
        }
        var now = record.quantity
        if partial && record.order.timeInForce != GW_TIF_FOK {
            let scale = DecimalText.scale(of: record.quantity)
            now = DecimalText.round(record.quantity * Decimal(fraction), scale: scale, .down)
        }
        if now <= 0 || now >= record.quantity {
            fill(&record, quantity: record.quantity, price: price)
            return
        }
        fill(&record, quantity: now, price: price)
        if record.order.timeInForce == GW_TIF_IOC {
            record.state = GW_STATE_CANCELLED
        } else {
            record.remainderPending = true
        }
    }

    private func fill(_ record: inout PaperOrder, quantity: Decimal, price: Decimal) {
        if let average = record.averagePrice, record.filled > 0 {
            record.averagePrice = (record.filled * average + quantity * price) / (record.filled + quantity)
        } else {
            record.averagePrice = price  // the common case: no division (Decimal division is slow)
        }
        record.filled += quantity
        record.state = record.filled >= record.quantity ? GW_STATE_FILLED : GW_STATE_PARTIALLY_FILLED
        record.updatedAt = host.nowUnixMs
        let key = PositionKey(market: record.order.market, outcome: record.order.outcome)
        let signed = record.order.side == GW_SIDE_BUY ? quantity : -quantity
        positionSizes[key, default: 0] += signed
        tradeSequence += 1
        host.emit(fill: VenueFill(
            clientOrderId: record.order.clientOrderId, venueOrderId: record.venueOrderId,
            tradeId: "\(config.venue)-trade-\(tradeSequence)", market: record.order.market, side: record.order.side,
            outcome: record.order.outcome, quantity: DecimalText.format(quantity), price: DecimalText.format(price),
            fee: "0", filledAtUnixMs: record.updatedAt))
    }

    /// Fills the rest of a partly filled order after the configured latency, reported as events.
    private func scheduleRemainder(clientOrderId: String) {
        host.after(nanoseconds: max(config.latencyMs, 1) * 1_000_000) { [self] in
            guard var record = orders[clientOrderId], record.remainderPending, record.isOpen else { return }
            record.remainderPending = false
            let price = executionPrice(market: record.order.market, outcome: record.order.outcome,
                                       buy: record.order.side == GW_SIDE_BUY)
            fill(&record, quantity: record.quantity - record.filled, price: price)
            remember(record)
            host.emit(order: record.report)
        }
    }

    private func executionPrice(market: String, outcome: gw_outcome, buy: Bool) -> Decimal {
        let reference = referencePrice(market: market, outcome: outcome)
        guard config.slippageBps > 0 else { return reference }
        let move = reference * slippageFraction
        var price = buy ? reference + move : reference - move
        if outcome != GW_OUTCOME_NONE {
            price = min(max(DecimalText.round(price, scale: 2, buy ? .up : .down), Decimal(string: "0.01")!),
                        Decimal(string: "0.99")!)
        } else {
            price = DecimalText.round(price, scale: 2, buy ? .up : .down)
        }
        return price
    }

    /// The paper market's price, drawn once per market from the seed.
    func referencePrice(market: String, outcome: gw_outcome) -> Decimal {
        let yes: Decimal
        if let known = referencePrices[market] {
            yes = known
        } else {
            var draw = SeededGenerator(seed: config.seed ^ stableHash(market))
            let u = draw.unit()
            let upper = market.uppercased()
            if outcome != GW_OUTCOME_NONE {
                yes = Decimal(10 + Int(u * 86)) / 100  // 0.10 … 0.95
            } else if upper.contains("BTC") {
                yes = Decimal(90_000 + Int(u * 10_001))
            } else if upper.contains("ETH") {
                yes = Decimal(2_800 + Int(u * 801))
            } else {
                yes = Decimal(100 + Int(u * 99_900)) / 100  // 1.00 … 1000.00
            }
            referencePrices[market] = yes
        }
        return outcome == GW_OUTCOME_NO ? 1 - yes : yes
    }

    // MARK: Bookkeeping

    private func remember(_ record: PaperOrder) {
        orders[record.order.clientOrderId] = record
        byVenueId[record.venueOrderId] = record.order.clientOrderId
    }

    private func resolve(_ ref: VenueOrderRef) -> String? {
        if !ref.clientOrderId.isEmpty, orders[ref.clientOrderId] != nil { return ref.clientOrderId }
        if !ref.venueOrderId.isEmpty { return byVenueId[ref.venueOrderId] }
        return nil
    }
}

/// The paper venue's record of one order.
struct PaperOrder {
    var order: VenueOrder
    var venueOrderId: String
    var quantity: Decimal
    var limit: Decimal?
    var state: gw_order_state = GW_STATE_OPEN
    var filled: Decimal = 0
    var averagePrice: Decimal?
    var updatedAt: Int64
    var remainderPending = false
    var rejectReason = ""

    init(order: VenueOrder, venueOrderId: String, quantity: Decimal, limit: Decimal?, updatedAt: Int64) {
        self.order = order
        self.venueOrderId = venueOrderId
        self.quantity = quantity
        self.limit = limit
        self.updatedAt = updatedAt
    }

    var isOpen: Bool { state == GW_STATE_OPEN || state == GW_STATE_PARTIALLY_FILLED }

    var report: VenueOrderReport {
        VenueOrderReport(
            clientOrderId: order.clientOrderId, venueOrderId: venueOrderId, market: order.market, side: order.side,
            outcome: order.outcome, state: state, quantity: DecimalText.format(quantity),
            filledQuantity: DecimalText.format(filled),
            averageFillPrice: averagePrice.map { DecimalText.format(DecimalText.round($0, scale: 8, .nearest)) } ?? "",
            limitPrice: order.limitPrice, fee: "0", updatedAtUnixMs: updatedAt)
    }
}

func stateName(_ state: gw_order_state) -> String {
    switch state {
    case GW_STATE_OPEN: "open"
    case GW_STATE_PARTIALLY_FILLED: "partially filled"
    case GW_STATE_FILLED: "filled"
    case GW_STATE_CANCELLED: "cancelled"
    case GW_STATE_REJECTED: "rejected"
    case GW_STATE_EXPIRED: "expired"
    default: "unknown"
    }
}
