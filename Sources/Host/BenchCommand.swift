import ArgumentParser
import Foundation
import GatewayEngine
import GatewayService
import Journal
import PluginABI
import PluginHost
import Strategy
import VenueKit

/// `gateway bench`: the host's own performance figures (build with `-c release`; see scripts/bench).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure plugin load time, one order's round trip through the C ABI, and pipeline throughput.")

    @Option(help: "Orders for the round-trip measurement.")
    var roundTrips: Int = 200_000

    @Option(help: "Commands for the pipeline throughput measurement.")
    var pipelineCommands: Int = 100_000

    @Option(help: "Instead of the host figures: time one venue plugin building, signing and parsing an order, from Benchmarks/venues/<venue>.json.")
    var venue: String?

    @Option(help: "Orders for a --venue measurement.")
    var orders: Int = 5_000

    @Flag(help: "Print the --venue result as one JSON line.")
    var json = false

    @Flag(help: "Instead of the host figures: time from a relay trade frame arriving to the venue request leaving the host (Binance plugin, canned replies).")
    var relay = false

    @Option(help: "Commands for the --relay measurement.")
    var relayCommands: Int = 100_000

    @Flag(help: "Instead of the host figures: journal writes per second and the latency the journal adds per order (shipped fsync policy).")
    var journal = false

    @Option(help: "Commands for the --journal measurement.")
    var journalCommands: Int = 5_000
    @Option(help: "Instead of the host figures: push this many signals through rule matching (50 rules), risk and order creation.")
    var strategySignals: Int?

    @OptionGroup var options: PluginOptions

    func validate() throws {
        guard roundTrips > 0, pipelineCommands > 0 else { throw ValidationError("counts must be positive") }
    }

    func run() async throws {
        options.bootstrapLogging()
        if let venue { return try await runVenue(venue) }
        if relay { return try await runRelay() }
        if journal { return try await runJournal() }
        if let strategySignals {
            let result = StrategyBenchmark.run(signals: strategySignals)
            print("strategy: \(result.signals) signals, \(result.orders) orders in \(String(format: "%.3f", result.seconds)) s = "
                  + "\(Int(result.perSecond)) signals/s through match (50 rules) + risk + order creation (target > 100,000/s)")
            return
        }
        #if DEBUG
        print("warning: this is a debug build; run scripts/bench (release) for meaningful figures")
        #endif
        // 1. Loading every plugin of the folder (manifests, hashes, dlopen, handshake), first time in this process.
        let loadStart = ContinuousClock.now
        let catalog: PluginCatalog
        do { catalog = try PluginLoader.load(directory: options.directory) } catch { throw ValidationError(error.message) }
        let loadTime = ContinuousClock.now - loadStart
        let loaded = catalog.loaded.map { $0.library!.descriptor.name }
        print("plugin load: \(loaded.count) plugin(s) [\(loaded.joined(separator: ", "))] in \(ms(loadTime)) ms (target < 50 ms)")
        for entry in catalog.entries where entry.error != nil { print("  not loaded: \(entry.error!.message)") }

        // 2. One order through the C ABI to the paper plugin and back (inline completion, no latency).
        let services = HostServices()
        let venues = try VenueSet.simulated(venues: ["paper"], catalog: catalog, services: services,
                                            paperSettings: ["fill_rate": .number(1), "latency_ms": .number(0),
                                                            "partial_fill_rate": .number(0), "slippage_bps": .number(0)])
        let paper = venues["paper"]!
        var roundTrip = LatencyStats()
        for i in 0..<(roundTrips + 1000) {
            let order = VenueOrder(clientOrderId: "b\(i)", market: "BENCH-\(i & 63)", side: i & 1 == 0 ? GW_SIDE_BUY : GW_SIDE_SELL,
                                   outcome: GW_OUTCOME_NONE, type: GW_ORDER_MARKET, timeInForce: GW_TIF_IOC, quantity: "1")
            let t0 = ContinuousClock.now
            let outcome = await paper.placeOrder(order)
            let elapsed = ContinuousClock.now - t0
            if let failure = outcome.failure { throw ValidationError("paper refused a benchmark order: \(failure)") }
            if i >= 1000 { roundTrip.record(nanoseconds: nanos(elapsed)) }
        }
        print("order round trip through the C ABI (paper plugin, \(roundTrips) orders): \(roundTrip.summary()) (target p50 < 2 µs)")
        await venues.shutdown()

        // 3. Commands per second through the simulate pipeline (router, mapping, validation, ABI, positions), output off.
        let pipelineVenues = try VenueSet.simulated(venues: ["kalshi", "binance"], catalog: catalog, services: HostServices(),
                                                    paperSettings: ["fill_rate": .number(0.9), "latency_ms": .number(0),
                                                                    "partial_fill_rate": .number(0)])
        let router = OrderRouter(venues: pipelineVenues) { _ in }
        let simulator = Simulator(options: .init(interval: .zero, count: pipelineCommands, scenario: .basic,
                                                 venues: ["kalshi", "binance"], quiet: true))
        let summary = await simulator.run(router: router, output: Simulator.Output(quiet: true) { _ in })
        let seconds = Double(nanos(summary.elapsed)) / 1e9
        let rate = Double(summary.commands) / seconds
        print("simulate pipeline: \(summary.commands) commands in \(String(format: "%.2f", seconds)) s = \(Int(rate)) commands/s (target > 50,000/s); per command \(summary.latency.summary())")
        await pipelineVenues.shutdown()
    }

    private func runVenue(_ venue: String) async throws {
        let profileFile = URL(fileURLWithPath: "Benchmarks/venues/\(venue).json")
        let benchmark = try VenueBenchmark(profileFile: profileFile)
        let catalog: PluginCatalog
        do { catalog = try PluginLoader.load(directory: options.directory) } catch { throw ValidationError(error.message) }
        guard let library = catalog.entry(forVenue: venue)?.library else {
            throw ValidationError("no loaded plugin serves venue '\(venue)' in \(options.plugins)")
        }
        let result = try await benchmark.measure(library: library, iterations: orders)
        let stats = result.latency
        let p50 = Double(stats.percentile(50)) / 1000, p99 = Double(stats.percentile(99)) / 1000
        let cpu = (result.cpuMicrosPerOrder * 100).rounded() / 100
        if json {
            print(#"{"venue":"\#(venue)","plugin":"\#(library.descriptor.name) \#(library.descriptor.version)","iterations":\#(orders),"p50_us":\#(p50),"p99_us":\#(p99),"cpu_us_per_order":\#(cpu)}"#)
        } else {
            print("\(venue): build + sign + parse one order through the plugin (\(orders) orders, no network): latency \(stats.summary()); CPU \(cpu) µs per order with \(result.concurrency) in flight")
        }
    }

    private func runJournal() async throws {
        let catalog: PluginCatalog
        do { catalog = try PluginLoader.load(directory: options.directory) } catch { throw ValidationError(error.message) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gw-bench-journal-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let paper: [String: JSONValue] = ["fill_rate": .number(1), "latency_ms": .number(0), "partial_fill_rate": .number(0)]
        var perCommand: [Bool: LatencyStats] = [:]
        var rate: [Bool: Double] = [:]
        for withJournal in [false, true] {
            let venues = try VenueSet.simulated(venues: ["kalshi", "binance"], catalog: catalog, services: HostServices(),
                                                paperSettings: paper)
            let store = withJournal ? try SQLiteOrderJournal(path: folder.appendingPathComponent("bench.sqlite").path) : nil
            let router = OrderRouter(venues: venues, journal: store) { _ in }
            let simulator = Simulator(options: .init(interval: .zero, count: journalCommands, scenario: .basic,
                                                     venues: ["kalshi", "binance"], quiet: true))
            let summary = await simulator.run(router: router, output: Simulator.Output(quiet: true) { _ in })
            perCommand[withJournal] = summary.latency
            rate[withJournal] = Double(summary.commands) / (Double(nanos(summary.elapsed)) / 1e9)
            await venues.shutdown()
        }
        let without = perCommand[false]!, with = perCommand[true]!
        print("journal (SQLite WAL, fsync on every commit as shipped): \(Int(rate[true]!)) commands/s with it, \(Int(rate[false]!)) without")
        print("  per command without journal: \(without.summary())")
        print("  per command with journal:    \(with.summary())")
        let addedP50 = (Double(with.percentile(50)) - Double(without.percentile(50))) / 1000
        let addedP99 = (Double(with.percentile(99)) - Double(without.percentile(99))) / 1000
        print("  added per order: p50 \(String(format: "%.1f", addedP50)) µs, p99 \(String(format: "%.1f", addedP99)) µs")
    }

    private func runRelay() async throws {
        let benchmark = try VenueBenchmark(profileFile: URL(fileURLWithPath: "Benchmarks/venues/binance.json"))
        let catalog: PluginCatalog
        do { catalog = try PluginLoader.load(directory: options.directory) } catch { throw ValidationError(error.message) }
        guard let library = catalog.entry(forVenue: "binance")?.library else {
            throw ValidationError("the relay benchmark needs the binance plugin in \(options.plugins)")
        }
        let stamps = StampingHTTPClient(CannedHTTPClient(benchmark.profile.responses), stampedPath: "/api/v3/order")
        let instance = try benchmark.makeInstance(library, http: stamps)
        let venues = VenueSet(instances: ["binance": instance])
        let result = try await RelayBenchmark(venues: venues, venue: "binance", market: "BTCUSDT", stamps: stamps)
            .run(count: relayCommands)
        print("relay trade frame -> Binance order request leaving the host (\(relayCommands) commands, HMAC signing included): \(result.latency.summary()) (target p99 < 250 µs)")
        print("relay commands sustained: \(Int(result.commandsPerSecond)) commands/s (target > 10,000/s on one core)")
        await instance.shutdown()
    }

    private func nanos(_ d: Duration) -> UInt64 {
        UInt64(d.components.seconds) * 1_000_000_000 + UInt64(d.components.attoseconds / 1_000_000_000)
    }

    private func ms(_ d: Duration) -> String { String(format: "%.2f", Double(nanos(d)) / 1e6) }
}
