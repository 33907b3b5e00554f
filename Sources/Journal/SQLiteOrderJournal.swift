import Foundation
import GatewayCore
internal import GRDB

/// The gateway's journal: one SQLite file in WAL mode (see ``OrderJournal`` for what it keeps and when).
///
/// Opening checks, in order: the file is not held by another gateway (``JournalFileLock``), it is a
/// SQLite database that passes `quick_check`, and its schema is one this build knows; then pending
/// migrations run. Any failure throws ``JournalError`` with the path, and nothing is ever recreated over
/// an existing file: a journal that cannot be read stops the gateway rather than letting it trade from an
/// empty memory. A new journal is built under a temporary name and renamed into place, so a file at the
/// journal path is always a complete journal (a crash during creation leaves only the temporary file).
public final class SQLiteOrderJournal: OrderJournal {
    public let path: String
    public let syncPolicy: JournalSyncPolicy
    private let queue: DatabaseQueue
    private let lock: JournalFileLock?

    /// Opens (creating it if the file does not exist) the journal for writing, holding its lock.
    /// - Parameters:
    ///   - path: the journal file.
    ///   - syncPolicy: fsync policy (``JournalSyncPolicy/full`` by default).
    ///   - busyTimeout: how long a write waits for another connection (a reader such as `gateway orders`).
    public init(path: String, syncPolicy: JournalSyncPolicy = .full, busyTimeout: TimeInterval = 5) throws(JournalError) {
        self.path = path
        self.syncPolicy = syncPolicy
        let lock = try JournalFileLock(journalPath: path)
        if !FileManager.default.fileExists(atPath: path) { try Self.create(path: path) }
        self.queue = try Self.open(path: path, readOnly: false, syncPolicy: syncPolicy, busyTimeout: busyTimeout)
        self.lock = lock
        try Self.checkAndMigrate(queue, path: path)
    }

    /// Opens an existing journal read-only, without its lock (a gateway may be writing it): for
    /// `gateway orders` and `gateway positions`.
    /// - Throws: ``JournalError`` `.cannotOpen` if there is no journal at `path`.
    public init(readingExisting path: String) throws(JournalError) {
        self.path = path
        self.syncPolicy = .full
        guard FileManager.default.fileExists(atPath: path) else {
            throw JournalError(.cannotOpen, path: path, "no journal here (the gateway creates it on `gateway start`; use --journal to point elsewhere)")
        }
        self.queue = try Self.open(path: path, readOnly: true, syncPolicy: .full, busyTimeout: 5)
        self.lock = nil
        try Self.check(queue, path: path, migrating: false)
    }

    // MARK: Opening

    private static func create(path: String) throws(JournalError) {
        let temporary = path + ".creating"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let queue = try open(path: temporary, readOnly: false, syncPolicy: .full, busyTimeout: 1)
            try JournalSchema.migrator.migrate(queue)
            try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try queue.close()
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch let error as JournalError {
            throw error
        } catch {
            throw map(error, path: path, doing: "creating a new journal")
        }
    }

    private static func open(path: String, readOnly: Bool, syncPolicy: JournalSyncPolicy,
                             busyTimeout: TimeInterval) throws(JournalError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "journal"
        if !readOnly {
            configuration.journalMode = .wal
            let synchronous = syncPolicy == .full ? "FULL" : "NORMAL"
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            }
        }
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw map(error, path: path, doing: "opening")
        }
    }

    private static func checkAndMigrate(_ queue: DatabaseQueue, path: String) throws(JournalError) {
        try check(queue, path: path, migrating: true)
        do { try JournalSchema.migrator.migrate(queue) } catch {
            throw map(error, path: path, doing: "migrating the schema")
        }
    }

    /// Integrity and schema checks shared by both ways of opening.
    private static func check(_ queue: DatabaseQueue, path: String, migrating: Bool) throws(JournalError) {
        do {
            try queue.read { db in
                let result = try String.fetchAll(db, sql: "PRAGMA quick_check")
                if result != ["ok"] {
                    throw JournalError(.corrupt, path: path,
                                       "failed its integrity check (\(result.prefix(3).joined(separator: "; "))); "
                                       + "restore a backup or move the file aside: the gateway will not start from an empty journal")
                }
                guard try db.tableExists("grdb_migrations") else {
                    throw JournalError(.corrupt, path: path, "is a SQLite file but not a gateway journal (no schema table)")
                }
                let applied = try JournalSchema.migrator.appliedIdentifiers(db)
                let unknown = applied.subtracting(JournalSchema.migrations)
                if !unknown.isEmpty {
                    throw JournalError(.unsupportedVersion, path: path,
                                       "was written by a newer gateway (schema \(unknown.sorted().joined(separator: ", "))); upgrade this gateway")
                }
                if !migrating, applied.count < JournalSchema.migrations.count {
                    throw JournalError(.unsupportedVersion, path: path,
                                       "has an older schema; run `gateway start` or `gateway reconcile` once to migrate it")
                }
            }
        } catch let error as JournalError {
            throw error
        } catch {
            throw map(error, path: path, doing: "checking")
        }
    }

    /// A GRDB/SQLite error as a ``JournalError`` naming the file and the operation.
    static func map(_ error: any Error, path: String, doing what: String) -> JournalError {
        guard let db = error as? DatabaseError else {
            return JournalError(.io, path: path, "\(what) failed: \(error)")
        }
        let detail = db.message ?? "\(db.resultCode)"
        switch db.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return JournalError(.corrupt, path: path,
                                "is damaged or not a journal (\(what): \(detail)); restore a backup or move the file aside: "
                                + "the gateway will not start from an empty journal")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return JournalError(.locked, path: path, "is locked by another process (\(what): \(detail))")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            return JournalError(.cannotOpen, path: path, "cannot be opened (\(what): \(detail))")
        default:
            return JournalError(.io, path: path, "\(what) failed: \(detail)")
        }
    }

    private func write<T>(_ what: String, _ body: (Database) throws -> T) throws(JournalError) -> T {
        do { return try queue.write(body) } catch let error as JournalError { throw error } catch {
            throw Self.map(error, path: path, doing: what)
        }
    }

    private func read<T>(_ what: String, _ body: (Database) throws -> T) throws(JournalError) -> T {
        do { return try queue.read(body) } catch let error as JournalError { throw error } catch {
            throw Self.map(error, path: path, doing: what)
        }
    }

    // MARK: Commands

    public func recordCommand(_ command: JournaledCommand) throws(JournalError) -> JournaledCommand? {
        try write("recording command \(command.id)") { db in
            if let existing = try Self.fetchCommand(db, id: command.id) { return existing }
            try db.execute(sql: "INSERT INTO commands (id, kind, payload, received_at, status, detail) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [command.id, command.kind, command.payload, command.receivedAt,
                                       command.status.rawValue, command.detail])
            return nil
        }
    }

    public func completeCommand(id: String, status: JournaledCommand.Status, detail: String?) throws(JournalError) {
        try write("completing command \(id)") { db in
            try db.execute(sql: "UPDATE commands SET status = ?, detail = ? WHERE id = ?", arguments: [status.rawValue, detail, id])
        }
    }

    public func command(id: String) throws(JournalError) -> JournaledCommand? {
        try read("reading command \(id)") { db in try Self.fetchCommand(db, id: id) }
    }

    private static func fetchCommand(_ db: Database, id: String) throws -> JournaledCommand? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM commands WHERE id = ?", arguments: [id]) else { return nil }
        return JournaledCommand(id: row["id"], kind: row["kind"], payload: row["payload"], receivedAt: row["received_at"],
                                status: JournaledCommand.Status(rawValue: row["status"]) ?? .received, detail: row["detail"])
    }

    // MARK: Orders

    public func recordOrder(_ record: OrderRecord, commandId: String?, adopted: Bool) throws(JournalError) {
        let json = try JournalCoding.encode(record, path: path)
        try write("recording order \(record.clientOrderId)") { db in
            try db.execute(sql: """
                INSERT INTO orders (client_order_id, gateway_order_id, venue, market, venue_order_id, command_id, state,
                                    filled, adopted, record, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.clientOrderId, record.gatewayOrderId, record.order.venue, record.order.market,
                                 record.venueOrderId, commandId, record.state.rawValue, "\(record.filledQuantity)",
                                 adopted, json, record.createdAt, record.updatedAt])
        }
    }

    public func recordEvent(_ event: OrderEvent, after record: OrderRecord, at unixMs: Int64) throws(JournalError) {
        let eventJSON = try JournalCoding.encode(event, path: path)
        let recordJSON = try JournalCoding.encode(record, path: path)
        try write("recording an event of order \(record.clientOrderId)") { db in
            try db.execute(sql: "INSERT INTO order_events (client_order_id, event, state_after, at) VALUES (?, ?, ?, ?)",
                           arguments: [record.clientOrderId, eventJSON, record.state.rawValue, unixMs])
            try db.execute(sql: """
                UPDATE orders SET venue_order_id = ?, state = ?, filled = ?, record = ?, updated_at = ? WHERE client_order_id = ?
                """, arguments: [record.venueOrderId, record.state.rawValue, "\(record.filledQuantity)", recordJSON,
                                 record.updatedAt, record.clientOrderId])
            if db.changesCount == 0 {
                throw JournalError(.io, path: path, "event for order \(record.clientOrderId), which the journal does not hold")
            }
        }
    }

    public func orders() throws(JournalError) -> [JournaledOrder] {
        let rows = try read("reading orders") { db in
            try Row.fetchAll(db, sql: "SELECT record, command_id, adopted, reported FROM orders ORDER BY created_at, rowid")
        }
        var result: [JournaledOrder] = []
        result.reserveCapacity(rows.count)
        for row in rows {
            let record: OrderRecord = try JournalCoding.decode(row["record"], path: path, what: "an order record")
            result.append(JournaledOrder(record: record, commandId: row["command_id"], adopted: row["adopted"], reported: row["reported"]))
        }
        return result
    }

    public func events(clientOrderId: String) throws(JournalError) -> [JournaledEvent] {
        let rows = try read("reading events of order \(clientOrderId)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM order_events WHERE client_order_id = ? ORDER BY seq", arguments: [clientOrderId])
        }
        var result: [JournaledEvent] = []
        for row in rows {
            let event: OrderEvent = try JournalCoding.decode(row["event"], path: path, what: "an order event")
            result.append(JournaledEvent(sequence: row["seq"], clientOrderId: row["client_order_id"], event: event,
                                         stateAfter: OrderState(rawValue: row["state_after"]) ?? .new, at: row["at"]))
        }
        return result
    }

    public func markReported(gatewayOrderId: String, marker: String) throws(JournalError) {
        try write("marking order \(gatewayOrderId) reported") { db in
            try db.execute(sql: "UPDATE orders SET reported = ? WHERE gateway_order_id = ?", arguments: [marker, gatewayOrderId])
        }
    }

    // MARK: Positions, counters, pause

    public func savePosition(_ position: Position) throws(JournalError) {
        let json = try JournalCoding.encode(position, path: path)
        try write("saving position \(position.key)") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO positions (venue, market, outcome, position) VALUES (?, ?, ?, ?)",
                           arguments: [position.key.venue, position.key.market, position.key.outcome?.rawValue ?? "", json])
        }
    }

    public func positions() throws(JournalError) -> [Position] {
        let texts = try read("reading positions") { db in
            try String.fetchAll(db, sql: "SELECT position FROM positions ORDER BY venue, market, outcome")
        }
        var result: [Position] = []
        for text in texts { result.append(try JournalCoding.decode(text, path: path, what: "a position")) }
        return result
    }

    public func setCounter(day: String, name: String, value: Decimal) throws(JournalError) {
        try write("saving risk counter \(name)") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO risk_counters (day, name, value) VALUES (?, ?, ?)",
                           arguments: [day, name, "\(value)"])
        }
    }

    public func counters(day: String) throws(JournalError) -> [String: Decimal] {
        let rows = try read("reading risk counters") { db in
            try Row.fetchAll(db, sql: "SELECT name, value FROM risk_counters WHERE day = ?", arguments: [day])
        }
        var result: [String: Decimal] = [:]
        for row in rows { result[row["name"]] = Decimal(string: row["value"] as String) ?? 0 }
        return result
    }

    public func setPaused(_ paused: Bool) throws(JournalError) {
        try write("saving the pause state") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO settings (key, value) VALUES ('paused', ?)", arguments: [paused ? "1" : "0"])
        }
    }

    public func isPaused() throws(JournalError) -> Bool {
        try read("reading the pause state") { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'paused'") == "1"
        }
    }

    // MARK: Outbox

    public func outboxAppend(_ frame: String) throws(JournalError) {
        try write("appending to the relay outbox") { db in
            try db.execute(sql: "INSERT INTO outbox (frame) VALUES (?)", arguments: [frame])
        }
    }

    public func outboxPeek(limit: Int) throws(JournalError) -> [String] {
        try read("reading the relay outbox") { db in
            try String.fetchAll(db, sql: "SELECT frame FROM outbox ORDER BY seq LIMIT ?", arguments: [max(0, limit)])
        }
    }

    public func outboxRemoveFirst(_ count: Int) throws(JournalError) {
        try write("removing delivered frames from the relay outbox") { db in
            try db.execute(sql: "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT ?)", arguments: [max(0, count)])
        }
    }

    public func outboxCount() throws(JournalError) -> Int {
        try read("counting the relay outbox") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
    }
}
