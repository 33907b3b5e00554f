/// Where acknowledgements and reports wait until the relay has received them.
///
/// Frames are kept in the order they were produced and delivered in that order after a reconnect.
/// The in-memory ``InMemoryRelayOutbox`` is the default; a durable implementation (the SQLite journal,
/// a later issue) can take its place without changing the client.
///
/// - Important: implementations must keep FIFO order and must not drop a frame that was not removed,
///   except when over capacity, where the oldest frames go first and ``droppedCount`` counts them.
public protocol RelayOutbox: Sendable {
    /// Appends a frame (its encoded JSON text).
    func append(_ frame: String) async
    /// The oldest frames, up to `limit`, without removing them.
    func peek(limit: Int) async -> [String]
    /// Removes the `count` oldest frames (after they were written to the relay).
    func removeFirst(_ count: Int) async
    /// Frames waiting.
    func count() async -> Int
    /// Frames dropped because the outbox was full.
    func droppedCount() async -> Int
}

/// A bounded FIFO outbox in memory.
public actor InMemoryRelayOutbox: RelayOutbox {
    private var frames: [String] = []
    private var head = 0
    private var dropped = 0
    public let capacity: Int

    /// - Parameter capacity: frames kept at most; beyond it the oldest are dropped (and counted).
    public init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
    }

    public func append(_ frame: String) {
        frames.append(frame)
        if frames.count - head > capacity {
            head += 1
            dropped += 1
        }
        compact()
    }

    public func peek(limit: Int) -> [String] {
        Array(frames[head..<min(frames.count, head + max(0, limit))])
    }

    public func removeFirst(_ count: Int) {
        head = min(frames.count, head + max(0, count))
        compact()
    }

    public func count() -> Int { frames.count - head }

    public func droppedCount() -> Int { dropped }

    private func compact() {
        if head > 1024, head * 2 > frames.count {
            frames.removeFirst(head)
            head = 0
        }
    }
}
