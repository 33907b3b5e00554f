import ArgumentParser

/// `gateway plugins`: inspect, install and verify venue plugins.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, install and verify venue plugins.",
        subcommands: [PluginsListCommand.self, PluginsInstallCommand.self, PluginsVerifyCommand.self],
        defaultSubcommand: PluginsListCommand.self)
}
