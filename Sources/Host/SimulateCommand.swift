import ArgumentParser
import Foundation
import GatewayEngine
import PluginHost

/// `gateway simulate`: commands through the real host, C ABI and plugins, with paper fills.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run simulated trade commands through the plugin host and print each event and a summary.",
        discussion: """
        Every venue is served by a plugin that fills locally: the venue's own plugin if it has the \
        'simulated' capability (like the C example), otherwise the paper plugin standing in for it. \
        Orders cross the C ABI exactly as in live trading.
        """)

    @Option(help: "Seconds between commands (0 for as fast as possible).")
    var interval: Double = 5

    @Option(help: "Comma-separated venue ids to simulate.")
    var venues: String = "kalshi,binance"

    @Option(name: .customLong("fill-rate"), help: "Share of orders the paper venue accepts, 0…1.")
    var fillRate: Double = 0.9

    @Option(name: .customLong("fill-delay"), help: "Paper venue latency per order, in milliseconds.")
    var fillDelay: Int = 200

    @Option(help: "Number of commands to send (0: until interrupted).")
    var count: Int = 0

    @Option(help: "Scenario: basic, mixed or stress.")
    var scenario: String = "basic"

    @Option(help: "Seed of the paper venue's generator (same seed, same fills).")
    var seed: UInt64 = 1

    @Option(name: .customLong("partial-fill-rate"), help: "Share of fillable orders that fill only partly at first, 0…1.")
    var partialFillRate: Double?

    @Flag(help: "Print only the summary.")
    var quiet = false

    @OptionGroup var options: PluginOptions

    var venueList: [String] { venues.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() } }

    func validate() throws {
        guard interval.isFinite, interval >= 0, interval <= 3600 else {
            throw ValidationError("--interval must be a number of seconds between 0 and 3600 (got \(interval))")
        }
        guard fillRate.isFinite, (0...1).contains(fillRate) else {
            throw ValidationError("--fill-rate must be between 0 and 1 (got \(fillRate))")
        }
        if let partialFillRate, !(partialFillRate.isFinite && (0...1).contains(partialFillRate)) {
            throw ValidationError("--partial-fill-rate must be between 0 and 1 (got \(partialFillRate))")
        }
        guard (0...600_000).contains(fillDelay) else {
            throw ValidationError("--fill-delay must be between 0 and 600000 ms (got \(fillDelay))")
        }
        guard count >= 0 else { throw ValidationError("--count must be 0 (unlimited) or more (got \(count))") }
        guard SimulationScenario(rawValue: scenario) != nil else {
            throw ValidationError("--scenario must be one of basic, mixed, stress (got '\(scenario)')")
        }
        guard !venueList.isEmpty, venueList.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("--venues must list at least one venue id, comma-separated (got '\(venues)')")
        }
        try options.validate()
    }

    func run() async throws {
        options.bootstrapLogging()
        let catalog: PluginCatalog
        do { catalog = try PluginLoader.load(directory: options.directory) } catch { throw ValidationError(error.message) }
        for entry in catalog.entries {
            if let error = entry.error { FileHandle.standardError.write(Data("warning: \(error.message)\n".utf8)) }
        }
        var paper: [String: JSONValue] = ["fill_rate": .number(fillRate), "latency_ms": .number(Double(fillDelay)),
                                          "seed": .number(Double(seed))]
        if let partialFillRate { paper["partial_fill_rate"] = .number(partialFillRate) }
        let venueSet: VenueSet
        do {
            venueSet = try VenueSet.simulated(venues: venueList, catalog: catalog, services: HostServices(), paperSettings: paper)
        } catch {
            throw ValidationError(error.message)
        }
        let output = Simulator.Output(quiet: quiet) { print($0) }
        let router = OrderRouter(venues: venueSet) { output.report($0) }
        let simulator = Simulator(options: .init(interval: .milliseconds(Int((interval * 1000).rounded())), count: count,
                                                 scenario: SimulationScenario(rawValue: scenario)!, venues: venueList,
                                                 quiet: quiet))
        var summary = await withTaskCancellationOnSignals { await simulator.run(router: router, output: output) }
        try? await Task.sleep(for: .milliseconds(Int64(min(fillDelay, 2000)) + 20))  // let late partial fills land
        await summary.refresh(from: router)
        await venueSet.shutdown()
        for line in summary.lines { print(line) }
    }
}
