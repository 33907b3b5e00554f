import Foundation
import GatewayCore
@testable import Journal
import Testing

/// What only the file-backed journal does: survive reopening, WAL, migrations, and refuse damaged,
/// foreign, newer or locked files with a clear error instead of starting empty.
@Suite struct SQLiteJournalFileTests {
    @Test func survivesReopeningAndUsesWAL() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("j.sqlite").path
        do {
            let journal = try SQLiteOrderJournal(path: path)
            try journal.recordOrder(sampleOrder(), commandId: "c1", adopted: false)
            try journal.outboxAppend("frame")
            try journal.setPaused(true)
        }
        let reopened = try SQLiteOrderJournal(path: path)
        #expect(try reopened.orders().map(\.record.clientOrderId) == ["cid1"])
        #expect(try reopened.outboxPeek(limit: 5) == ["frame"])
        #expect(try reopened.isPaused())
        let reader = try SQLiteOrderJournal(readingExisting: path)
        #expect(try reader.orders().count == 1)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + ".creating"))
    }

    @Test func aSecondWriterIsRefusedAsLocked() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("j.sqlite").path
        let first = try SQLiteOrderJournal(path: path)
        let error = #expect(throws: JournalError.self) { _ = try SQLiteOrderJournal(path: path) }
        #expect(error?.code == .locked)
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("pid \(getpid())") == true)
        // Readers still work while the writer holds the lock.
        #expect(try SQLiteOrderJournal(readingExisting: path).orders().isEmpty)
        _ = first
    }

    @Test func garbageIsCorruptAndLeftAlone() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("j.sqlite").path
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: JournalError.self) { _ = try SQLiteOrderJournal(path: path) }
        #expect(error?.code == .corrupt)
        #expect(error?.description.contains(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func emptyFileIsNotTakenForANewJournal() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("j.sqlite").path
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        let error = #expect(throws: JournalError.self) { _ = try SQLiteOrderJournal(path: path) }
        #expect(error?.code == .corrupt)
    }

    @Test func damagedPagesAreCorrupt() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("j.sqlite").path
        do {
            let journal = try SQLiteOrderJournal(path: path)
            for i in 0..<200 { try journal.recordOrder(sampleOrder("cid\(i)"), commandId: "c\(i)", adopted: false) }
        }
        // Checkpoint the WAL into the main file, then overwrite pages after the header.
        do { _ = try SQLiteOrderJournal(path: path) }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count > 8192)
        for i in 4096..<min(bytes.count, 4096 * 6) { bytes[i] = 0x5A }
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: JournalError.self) { _ = try SQLiteOrderJournal(path: path) }
        #expect(error?.code == .corrupt)
    }

    @Test func aForeignSQLiteFileIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("other.sqlite").path
        try makeSQLite(path: path, sql: "CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        let error = #expect(throws: JournalError.self) { _ = try SQLiteOrderJournal(path: path) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("not a gateway journal") == true)
    }

    @Test func aNewerSchemaIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("j.sqlite").path
        do { _ = try SQLiteOrderJournal(path: path) }
        try makeSQLite(path: path, sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future');")
        let error = #expect(throws: JournalError.self) { _ = try SQLiteOrderJournal(path: path) }
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.message.contains("v99-future") == true)
    }

    @Test func missingFileForReadersIsAClearError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: JournalError.self) {
            _ = try SQLiteOrderJournal(readingExisting: folder.appendingPathComponent("none.sqlite").path)
        }
        #expect(error?.code == .cannotOpen)
    }

    @Test func decimalsSurviveExactly() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = try SQLiteOrderJournal(path: folder.appendingPathComponent("j.sqlite").path)
        var record = sampleOrder(quantity: Decimal(string: "12345678.123456789")!)
        let event = OrderEvent.fill(tradeId: "t", quantity: Decimal(string: "0.000000001")!, price: Decimal(string: "0.123456789012345")!,
                                    fee: Decimal(string: "-0.0000001")!)
        try journal.recordOrder(record, commandId: nil, adopted: false)
        record.apply(event)
        try journal.recordEvent(event, after: record, at: 1)
        #expect(try journal.orders()[0].record == record)
        #expect(try journal.events(clientOrderId: "cid1")[0].event == event)
    }
}

/// Runs SQL on a file with the system sqlite3 library through GRDB, bypassing the journal's checks.
func makeSQLite(path: String, sql: String) throws {
    try JournalTestSQL.run(path: path, sql: sql)
}
