import ArgumentParser
import Foundation
import Strategy

/// `gateway strategy`: check and inspect strategy files and templates (reference §1.7–1.9).
struct StrategyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategy", abstract: "Validate, show and list strategy files.",
        subcommands: [StrategyValidateCommand.self, StrategyShowCommand.self, StrategyListCommand.self])
}

/// Prints a strategy error as one line (file, JSON path, message, suggestion) and exits 1, instead of
/// the reference's raw stack trace.
func failStrategy(_ error: StrategyConfigError) -> ExitCode {
    FileHandle.standardError.write(Data("Invalid strategy: \(error)\n".utf8))
    return ExitCode(1)
}

/// `gateway strategy validate <file>`: `Valid strategy: <N> rules, dry_run=<bool>`.
struct StrategyValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Validate a strategy file.")

    @Argument(help: "The strategy JSON file.")
    var file: String

    func run() throws {
        do {
            let config = try StrategyConfigParser.load(path: file)
            print("Valid strategy: \(config.rules.count) rules, dry_run=\(config.dryRun)")
        } catch {
            throw failStrategy(error)
        }
    }
}

/// `gateway strategy show`: the resolved configuration (defaults filled in, comments kept) of
/// `$STRATEGY_CONFIG_PATH` or `./strategy.json`, as 2-space-indented JSON.
struct StrategyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the resolved strategy ($STRATEGY_CONFIG_PATH or ./strategy.json).")

    @Option(name: .long, help: "The strategy file (default: $STRATEGY_CONFIG_PATH, else ./strategy.json).")
    var file: String?

    func run() throws {
        let path = file ?? ProcessInfo.processInfo.environment["STRATEGY_CONFIG_PATH"] ?? "./strategy.json"
        do {
            print(try StrategyConfigParser.load(path: path).document.pretty())
        } catch {
            throw failStrategy(error)
        }
    }
}

/// `gateway strategy list [--templates-dir <dir>]`: each template's description, signals, venues and
/// dry-run flag; an invalid template is skipped with a warning naming the problem.
struct StrategyListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the strategy templates.")

    @Option(name: .long, help: "The templates folder (default: ./templates).")
    var templatesDir: String?

    func run() throws {
        let directory = URL(fileURLWithPath: templatesDir ?? "templates",
                            relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            FileHandle.standardError.write(Data("Templates directory not found: \(directory.path)\n".utf8))
            throw ExitCode(1)
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        guard !files.isEmpty else {
            print("No template files found.")
            return
        }
        print("Available Strategy Templates:")
        print("=============================")
        for file in files {
            let config: StrategyConfig
            do { config = try StrategyConfigParser.load(path: directory.appendingPathComponent(file).path) } catch {
                FileHandle.standardError.write(Data("  [WARN] Skipping invalid template: \(file) - \(error)\n".utf8))
                continue
            }
            let signals: String
            if case .array(let items)? = config.document["_signals"] {
                signals = items.compactMap(\.string).joined(separator: ", ")
            } else {
                signals = "(none)"
            }
            var venues: [String] = []
            for rule in config.rules { for venue in rule.venues ?? [] where !venues.contains(venue) { venues.append(venue) } }
            print("")
            print("  \(file.dropLast(5))")
            print("    Description: \(config.document["_description"]?.string ?? "(no description)")")
            print("    Signals: \(signals)")
            print("    Venues: \(venues.isEmpty ? "(any)" : venues.joined(separator: ", "))")
            print("    Dry Run: \(config.dryRun)")
        }
    }
}
