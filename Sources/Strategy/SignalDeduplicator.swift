import Foundation

/// Remembers signal ids for a window so a redelivered signal is dropped (reference §6.3 step 4).
///
/// A queue in arrival order plus a dictionary: pruning pops expired ids from the front, so each call
/// costs O(1) amortised instead of the reference's scan of every remembered id. A window of 0 disables it.
public struct SignalDeduplicator: Sendable {
    public var windowSeconds: Int
    private var firstSeen: [String: Date] = [:]
    private var order: [(id: String, at: Date)] = []
    private var head = 0

    public init(windowSeconds: Int) { self.windowSeconds = windowSeconds }

    /// True the first time an id is seen within the window (and records it); false for a duplicate.
    public mutating func firstSighting(_ id: String, now: Date) -> Bool {
        guard windowSeconds > 0 else { return true }
        let window = TimeInterval(windowSeconds)
        while head < order.count, now.timeIntervalSince(order[head].at) >= window {
            if firstSeen[order[head].id] == order[head].at { firstSeen[order[head].id] = nil }
            head += 1
        }
        if head > 1024 && head * 2 > order.count { order.removeFirst(head); head = 0 }
        if let seen = firstSeen[id], now.timeIntervalSince(seen) < window { return false }
        firstSeen[id] = now
        order.append((id, now))
        return true
    }

    /// Ids currently remembered.
    public var count: Int { firstSeen.count }
}
