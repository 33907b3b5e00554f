import GRDB

/// Raw SQL against a file, for building foreign or "future" journals in tests.
enum JournalTestSQL {
    static func run(path: String, sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: sql) }
        try queue.close()
    }
}
