import Foundation
import GatewayCore
import PluginHost

/// Drives a scenario through the real router, host, C ABI and plugins, printing each event and a summary.
public struct Simulator: Sendable {
    public struct Options: Sendable {
        public var interval: Duration
        public var count: Int
        public var scenario: SimulationScenario
        public var venues: [String]
        /// Print nothing per event (for throughput measurements).
        public var quiet: Bool

        public init(interval: Duration, count: Int, scenario: SimulationScenario, venues: [String], quiet: Bool = false) {
            self.interval = interval
            self.count = count
            self.scenario = scenario
            self.venues = venues
            self.quiet = quiet
        }
    }

    public var options: Options

    public init(options: Options) {
        self.options = options
    }

    /// The venue serving the prediction-market slot and the one serving the crypto slot.
    public var slots: (prediction: String, crypto: String) {
        let venues = options.venues
        return (venues.contains("kalshi") ? "kalshi" : venues.first ?? "kalshi",
                venues.contains("binance") ? "binance" : venues.last ?? "binance")
    }

    /// Runs until `count` commands were sent (or forever when `count` is 0, until the task is cancelled).
    public func run(router: OrderRouter, output: Output) async -> SimulationSummary {
        let started = ContinuousClock.now
        let steps = options.scenario.steps(prediction: slots.prediction, crypto: slots.crypto)
        var latency = LatencyStats()
        var sent = 0
        var previous: TradeCommand?
        var lastOrderId: String?
        output.banner(options, slots: slots)
        while options.count == 0 || sent < options.count {
            if Task.isCancelled { break }
            let step = steps[sent % steps.count]
            sent += 1
            let id = "sim-cmd-" + String(sent).leftPadded(3)
            let command: GatewayCommand
            switch step {
            case .trade(let market, let side, let action, let size, let limit):
                let trade = TradeCommand(id: id, marketId: market, side: side, action: action, size: size,
                                         orderType: limit == nil ? "market" : "limit", limitPrice: limit)
                previous = trade
                command = .trade(trade)
            case .redeliverPrevious:
                command = previous.map { .trade($0) } ?? .cancelAll(id: id)
            case .cancelLastOpen:
                let open = await router.openOrders.last?.gatewayOrderId
                command = .cancel(id: id, orderId: open ?? lastOrderId ?? "unknown-order")
            case .cancelAll:
                command = .cancelAll(id: id)
            }
            output.command(command, at: ContinuousClock.now - started)
            let t0 = ContinuousClock.now
            let result = await router.handle(command)
            let elapsed = ContinuousClock.now - t0
            latency.record(nanoseconds: UInt64(elapsed.components.seconds) * 1_000_000_000
                + UInt64(elapsed.components.attoseconds / 1_000_000_000))
            if case .accepted(let orderId?) = result { lastOrderId = orderId }
            if case .duplicate = result { output.line(at: ContinuousClock.now - started, "DUP  \(command.id) already executed; not sent again") }
            if options.interval > .zero && (options.count == 0 || sent < options.count) {
                try? await Task.sleep(for: options.interval)
            }
        }
        let stats = await router.statistics
        let positions = await router.positions
        let open = await router.openOrders.count
        return SimulationSummary(commands: sent, orders: stats.orders, fills: stats.fills, rejects: stats.rejects,
                                 openOrders: open, positions: positions, latency: latency,
                                 elapsed: ContinuousClock.now - started)
    }

    /// Where simulation lines go (stdout in the CLI, a buffer in tests, nowhere when quiet).
    public final class Output: @unchecked Sendable {
        let write: @Sendable (String) -> Void
        let quiet: Bool
        private let lock = NSLock()
        private var start = ContinuousClock.now

        public init(quiet: Bool = false, write: @escaping @Sendable (String) -> Void) {
            self.quiet = quiet
            self.write = write
        }

        func banner(_ options: Options, slots: (prediction: String, crypto: String)) {
            start = ContinuousClock.now
            guard !quiet else { return }
            write("[SIM] Gateway simulation started")
            write("[SIM] Venues: \(options.venues.map { "\($0) (plugin)" }.joined(separator: ", "))")
            write("[SIM] Interval: \(options.interval) | Scenario: \(options.scenario.rawValue) | Count: \(options.count == 0 ? "unlimited" : String(options.count))")
            write(String(repeating: "-", count: 60))
        }

        func command(_ command: GatewayCommand, at elapsed: Duration) {
            guard !quiet else { return }
            switch command {
            case .trade(let t):
                let price = t.limitPrice.map { "limit $\($0)" } ?? "market"
                line(at: elapsed, "CMD  trade  \(t.marketId.rightPadded(30))  \(t.side)/\(t.action)  \(t.size)  \(price)")
            case .cancel(_, let orderId): line(at: elapsed, "CMD  cancel \(orderId)")
            case .cancelAll: line(at: elapsed, "CMD  cancel_all")
            case .pause: line(at: elapsed, "CMD  pause")
            case .resume: line(at: elapsed, "CMD  resume")
            }
        }

        /// Prints one report as the reference's simulator did (FILL / REJ / ERR / POS lines).
        public func report(_ report: GatewayReport) {
            guard !quiet else { return }
            let elapsed = ContinuousClock.now - start
            switch report {
            case .orderUpdate(let u):
                switch u.status {
                case "filled", "partially_filled":
                    let price = u.fillPrice.map { "$\(round8($0))" } ?? "?"
                    line(at: elapsed, "FILL \(u.marketId.rightPadded(30))  \(u.status == "filled" ? "filled" : "partial \(u.filledSize)/\(u.size)") @ \(price)  order=\(u.venueOrderId ?? u.orderId)")
                case "rejected":
                    line(at: elapsed, "REJ  \(u.marketId.rightPadded(30))  order rejected: \(u.message ?? "")")
                case "submitted":
                    line(at: elapsed, "OPEN \(u.marketId.rightPadded(30))  resting \(u.side) \(u.size) @ $\(u.limitPrice.map { "\($0)" } ?? "?")  order=\(u.orderId)")
                default:
                    line(at: elapsed, "\(u.status.uppercased().prefix(4).padding(toLength: 4, withPad: " ", startingAt: 0)) \(u.marketId.rightPadded(30))  filled \(u.filledSize)/\(u.size)  order=\(u.orderId)")
                }
            case .error(let e):
                line(at: elapsed, "ERR  \(e.code): \(e.message)")
            case .position(let p):
                line(at: elapsed, "POS  \(p.marketId.rightPadded(30))  \(p.outcome.map { "\($0) " } ?? "")size \(p.size)  entry=\(p.entryPrice.map { "$\(round8($0))" } ?? "-")  realized=\(money(p.realizedPnl))")
            }
        }

        func line(at elapsed: Duration, _ text: String) {
            guard !quiet else { return }
            let seconds = Int(elapsed.components.seconds)
            lock.lock()
            defer { lock.unlock() }
            write("[\(String(seconds / 60).leftPadded(2, "0")):\(String(seconds % 60).leftPadded(2, "0"))] \(text)")
        }
    }
}

/// What `gateway simulate` prints at the end.
public struct SimulationSummary: Sendable {
    public var commands: Int
    public var orders: Int
    public var fills: Int
    public var rejects: Int
    public var openOrders: Int
    public var positions: [Position]
    public var latency: LatencyStats
    public var elapsed: Duration

    /// Re-reads orders, fills and positions (after late fills arrived).
    public mutating func refresh(from router: OrderRouter) async {
        let stats = await router.statistics
        orders = stats.orders
        fills = stats.fills
        rejects = stats.rejects
        openOrders = await router.openOrders.count
        positions = await router.positions
    }

    public var lines: [String] {
        var out = ["", "[SIM] Simulation complete. \(commands) commands, \(orders) orders, \(fills) fills, \(rejects) rejects, \(openOrders) open orders."]
        out.append("[SIM] Command latency (command in → venue answer applied): \(latency.summary())")
        out.append("[SIM] Positions and P&L per market:")
        if positions.isEmpty { out.append("    (none)") }
        for p in positions {
            let unrealized = p.unrealizedPnl.map(money) ?? "-"
            out.append("    \(p.key.description.rightPadded(34)) net \(String(describing: p.size).leftPadded(8, " "))  entry \(p.isFlat ? "-" : "$\(round8(p.averageEntryPrice))")  realized \(money(p.realizedPnl))  unrealized \(unrealized)")
        }
        let realized = positions.reduce(Decimal(0)) { $0 + $1.realizedPnl }
        out.append("[SIM] Total realized P&L: \(money(realized))")
        return out
    }
}

func round8(_ value: Decimal) -> String {
    var v = value
    var r = Decimal()
    NSDecimalRound(&r, &v, 8, .plain)
    return "\(r)"
}

func money(_ value: Decimal) -> String {
    var v = value
    var r = Decimal()
    NSDecimalRound(&r, &v, 2, .plain)
    return value < 0 ? "-$\(-r)" : "+$\(r)"
}

extension String {
    func leftPadded(_ width: Int, _ pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }

    func rightPadded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
