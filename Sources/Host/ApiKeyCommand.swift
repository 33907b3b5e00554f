import ArgumentParser
import Foundation

/// `gateway api-key <key>`: save the PumpAmp API key to `.env` (atomically, mode 0600).
struct ApiKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-key", abstract: "Save your PumpAmp API key (pa_live_…) to ./.env, readable by you only.")

    @Argument(help: "The API key from your PumpAmp dashboard (Settings > API Keys).")
    var key: String

    func run() throws {
        let trimmed = key.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("pa_live_"), trimmed.count >= 16, !trimmed.contains(where: { $0.isWhitespace || $0 == "#" }) else {
            printError("Error: API key must start with \"pa_live_\" (get one from your PumpAmp dashboard > Settings > API Keys)")
            throw ExitCode.failure
        }
        let file = EnvFile()
        do { try file.set("PUMPAMP_API_KEY", to: trimmed) } catch {
            printError("Could not write to .env: \(error.message)")
            printError("Add PUMPAMP_API_KEY=<your key> to your .env file manually (the key is not printed here).")
            throw ExitCode.failure
        }
        print("API key saved to \(file.url.path)")
        print("Key: \(SecretMask.mask(trimmed))")
    }
}
