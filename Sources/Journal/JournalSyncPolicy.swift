/// How hard the journal pushes each write to disk (SQLite's `synchronous` in WAL mode).
public enum JournalSyncPolicy: String, Sendable, CaseIterable {
    /// fsync on every commit: a write that returned survives a power cut. The shipped default.
    case full
    /// fsync at checkpoints only: a write that returned survives a crash or `kill -9` of the gateway,
    /// not a power cut or kernel panic. Faster.
    case normal
}
