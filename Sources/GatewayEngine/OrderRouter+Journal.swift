import GatewayCore
import Journal

extension OrderRouter {
    /// What ``restoreFromJournal()`` brought back.
    public struct RestoreSummary: Sendable, Equatable {
        public var orders: Int
        public var openOrders: Int
        public var positions: Int
        public var paused: Bool

        public init(orders: Int, openOrders: Int, positions: Int, paused: Bool) {
            self.orders = orders
            self.openOrders = openOrders
            self.positions = positions
            self.paused = paused
        }
    }

    /// Loads the journal's orders, positions and pause state into an empty router; call once, before any
    /// command. Without a journal it does nothing.
    /// - Throws: ``JournalError`` when the journal cannot be read; the caller must not go on trading.
    @discardableResult
    public func restoreFromJournal() throws(JournalError) -> RestoreSummary {
        guard let journal else { return RestoreSummary(orders: 0, openOrders: 0, positions: 0, paused: false) }
        let orders = try journal.orders()
        let positions = try journal.positions()
        let paused = try journal.isPaused()
        var restored = OrderBook()
        for order in orders {
            do { try restored.insert(order.record) } catch {
                throw JournalError(.badRow, path: "\(journal)", "order \(order.record.clientOrderId) conflicts with another: \(error.message)")
            }
        }
        book = restored
        for order in orders { if let id = order.commandId { commandIds[order.record.clientOrderId] = id } }
        tracker = PositionTracker(restoring: positions)
        setPausedFromJournal(paused)
        return RestoreSummary(orders: orders.count, openOrders: restored.openOrderCount, positions: positions.count, paused: paused)
    }

    /// An `order_update` for every journaled order whose current state the relay outbox has not yet been
    /// handed (the gateway stopped between journaling a change and queueing its report).
    public func owedOrderUpdates() throws(JournalError) -> [OrderUpdate] {
        guard let journal else { return [] }
        return try journal.orders().filter(\.reportOwed).compactMap { journaled in
            book[clientOrderId: journaled.record.clientOrderId].map { update($0, commandId: journaled.commandId) }
        }
    }

    /// Journals the tracker's position for `key` (after a fill or a venue snapshot moved it).
    func savePosition(_ key: PositionKey) {
        guard let journal, let position = tracker[key] else { return }
        do { try journal.savePosition(position) } catch {
            logger.critical("journal write failed for a position; it will be reconciled at the next start",
                            metadata: ["position": "\(key)", "error": "\(error)"])
        }
    }
}
