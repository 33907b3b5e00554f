internal import GRDB

/// The journal's tables, as a list of migrations applied in order (GRDB records which ran in
/// `grdb_migrations`). A migration, once shipped, is never edited: a change is a new migration appended here.
///
/// `PRAGMA user_version` mirrors the number of migrations, so `sqlite3 journal.sqlite 'pragma user_version'`
/// tells which schema a file has without the gateway.
enum JournalSchema {
    /// The identifiers this build knows, oldest first. A file with any other applied identifier was
    /// written by a newer gateway and is refused.
    static let migrations = ["v1-initial"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            try db.execute(sql: """
                CREATE TABLE commands (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    detail TEXT
                );
                CREATE TABLE orders (
                    client_order_id TEXT PRIMARY KEY NOT NULL,
                    gateway_order_id TEXT NOT NULL UNIQUE,
                    venue TEXT NOT NULL,
                    market TEXT NOT NULL,
                    venue_order_id TEXT,
                    command_id TEXT,
                    state TEXT NOT NULL,
                    filled TEXT NOT NULL,
                    adopted INTEGER NOT NULL DEFAULT 0,
                    reported TEXT,
                    record TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX orders_open ON orders(state);
                CREATE TABLE order_events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    client_order_id TEXT NOT NULL REFERENCES orders(client_order_id),
                    event TEXT NOT NULL,
                    state_after TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX order_events_order ON order_events(client_order_id, seq);
                CREATE TABLE positions (
                    venue TEXT NOT NULL,
                    market TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    position TEXT NOT NULL,
                    PRIMARY KEY (venue, market, outcome)
                );
                CREATE TABLE risk_counters (
                    day TEXT NOT NULL,
                    name TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (day, name)
                );
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE outbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    frame TEXT NOT NULL
                );
                PRAGMA user_version = 1;
                """)
        }
        return migrator
    }
}
