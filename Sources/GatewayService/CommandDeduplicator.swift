/// Remembers recent command ids so a redelivered command is acknowledged as `duplicate` and not run again.
///
/// Bounded: the oldest ids are forgotten beyond ``capacity``. (Persisting them across restarts belongs to
/// the journal issue; the router's client-order-id check still catches a redelivered trade it holds.)
public struct CommandDeduplicator: Sendable {
    public let capacity: Int
    private var seen: Set<String> = []
    private var order: [String] = []
    private var head = 0

    public init(capacity: Int = 50_000) {
        self.capacity = max(1, capacity)
    }

    /// Records `id`; returns false when it was seen before.
    public mutating func firstSighting(of id: String) -> Bool {
        guard seen.insert(id).inserted else { return false }
        order.append(id)
        if order.count - head > capacity {
            seen.remove(order[head])
            head += 1
            if head > 4096 { order.removeFirst(head); head = 0 }
        }
        return true
    }
}
