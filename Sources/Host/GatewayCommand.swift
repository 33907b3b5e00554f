import ArgumentParser

/// `gateway`: the self-hosted trading gateway.
@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Self-hosted trading gateway: venue plugins loaded from plugins.d, your keys never leave this machine.",
        version: GatewayVersion.current,
        subcommands: [StartCommand.self, PairCommand.self, ApiKeyCommand.self, StatusCommand.self, VenuesCommand.self,
                      PluginsCommand.self, SimulateCommand.self, OrderCommand.self, BenchCommand.self,
                      ReconcileCommand.self, OrdersCommand.self, PositionsCommand.self,
                      StrategyCommand.self])
}

enum GatewayVersion {
    static let current = "0.1.0"
}
