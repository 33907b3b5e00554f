/// What this instance knows about orders it placed, by venue order id: enough to name the market of a
/// cancel that gives only an id, and to fill reports the venue's replies leave short (average price).
///
/// Bounded: beyond ``capacity`` the oldest entries are forgotten (the venue remains the source of truth).
public struct OrderMemory: Sendable {
    public struct Entry: Sendable, Equatable {
        public var clientOrderId: String
        public var oid: UInt64
        public var coin: String
        public var isBuy: Bool
        public var quantity: String
        public var limitPrice: String
        public var filledQuantity: String
        public var averageFillPrice: String
    }

    private var byOid: [UInt64: Entry] = [:]
    private var oidByClientId: [String: UInt64] = [:]
    private var insertion: [UInt64] = []
    private var head = 0
    public let capacity: Int

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    public mutating func remember(_ entry: Entry) {
        if byOid.updateValue(entry, forKey: entry.oid) == nil {
            insertion.append(entry.oid)
            if insertion.count - head > capacity {
                if let old = byOid.removeValue(forKey: insertion[head]) { oidByClientId.removeValue(forKey: old.clientOrderId) }
                head += 1
                if head > capacity { insertion.removeFirst(head); head = 0 }
            }
        }
        if !entry.clientOrderId.isEmpty { oidByClientId[entry.clientOrderId] = entry.oid }
    }

    public func entry(oid: UInt64) -> Entry? { byOid[oid] }

    public func entry(clientOrderId: String) -> Entry? {
        oidByClientId[clientOrderId].flatMap { byOid[$0] }
    }
}
