import ArgumentParser
import Foundation
import Journal

/// Where the journal is and how it syncs: `--journal` (or `GATEWAY_JOURNAL`), default
/// `gateway-journal.sqlite` beside `.env` (the working folder); `--journal-sync` (or `GATEWAY_JOURNAL_SYNC`),
/// default `full`.
struct JournalOptions: ParsableArguments {
    static let defaultFileName = "gateway-journal.sqlite"

    @Option(name: .customLong("journal"), help: "The journal file (or GATEWAY_JOURNAL; default ./\(JournalOptions.defaultFileName), beside .env).")
    var path: String?

    @Option(name: .customLong("journal-sync"), help: "fsync policy: full (every write survives a power cut) or normal (survives a crash) (or GATEWAY_JOURNAL_SYNC).")
    var sync: String?

    /// The journal path, from the option, then the environment, then the default.
    func resolvedPath(environment: [String: String]) -> String {
        if let path, !path.isEmpty { return path }
        if let env = environment["GATEWAY_JOURNAL"]?.trimmingCharacters(in: .whitespaces), !env.isEmpty { return env }
        return Self.defaultFileName
    }

    func syncPolicy(environment: [String: String]) throws(JournalError) -> JournalSyncPolicy {
        let text = (sync ?? environment["GATEWAY_JOURNAL_SYNC"] ?? "full").lowercased()
        guard let policy = JournalSyncPolicy(rawValue: text) else {
            throw JournalError(.cannotOpen, path: resolvedPath(environment: environment),
                               "--journal-sync / GATEWAY_JOURNAL_SYNC must be full or normal (got '\(text.prefix(20))')")
        }
        return policy
    }

    /// Opens the journal for writing (`gateway start`, `gateway reconcile`).
    func openForWriting(environment: [String: String]) throws(JournalError) -> SQLiteOrderJournal {
        try SQLiteOrderJournal(path: resolvedPath(environment: environment), syncPolicy: syncPolicy(environment: environment))
    }

    /// Opens the journal read-only (`gateway orders`, `gateway positions`); works while a gateway runs.
    func openForReading(environment: [String: String]) throws(JournalError) -> SQLiteOrderJournal {
        try SQLiteOrderJournal(readingExisting: resolvedPath(environment: environment))
    }
}
