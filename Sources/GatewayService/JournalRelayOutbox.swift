import Journal
import Logging
import Relay

/// The relay outbox kept in the journal, so acknowledgements and reports not yet delivered survive a
/// crash or a restart and go out, in order, after the next connect.
///
/// ``RelayOutbox`` cannot throw: a failed append is logged as critical and the frame
/// dropped (counted in ``droppedCount()``); a failed read returns nothing this time and is tried again.
public actor JournalRelayOutbox: RelayOutbox {
    private let journal: any OrderJournal
    private let logger: Logger
    private var dropped = 0

    public init(journal: any OrderJournal, logger: Logger = Logger(label: "gateway.outbox")) {
        self.journal = journal
        self.logger = logger
    }

    public func append(_ frame: String) {
        do { try journal.outboxAppend(frame) } catch {
            dropped += 1
            logger.critical("relay outbox: frame not journaled and dropped", metadata: ["error": "\(error)"])
        }
    }

    public func peek(limit: Int) -> [String] {
        do { return try journal.outboxPeek(limit: limit) } catch {
            logger.error("relay outbox: cannot read", metadata: ["error": "\(error)"])
            return []
        }
    }

    public func removeFirst(_ count: Int) {
        do { try journal.outboxRemoveFirst(count) } catch {
            logger.error("relay outbox: cannot remove delivered frames (they may be sent again)", metadata: ["error": "\(error)"])
        }
    }

    public func count() -> Int { (try? journal.outboxCount()) ?? 0 }

    public func droppedCount() -> Int { dropped }
}
