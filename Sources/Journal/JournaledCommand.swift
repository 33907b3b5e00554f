/// A command from the relay as the journal keeps it: recorded when it arrives, before anything is done
/// with it, and updated once it has been answered.
///
/// A command that was ``Status/received`` but never answered (the gateway stopped in between) is
/// processed again when the relay redelivers it; the order it may have created is still caught by its
/// client order id. A command in any other state is a duplicate.
public struct JournaledCommand: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        /// Recorded, not yet answered.
        case received
        /// Acknowledged `accepted` (its order, if any, is journaled).
        case accepted
        /// Acknowledged `rejected`.
        case rejected
    }

    /// The relay's command id.
    public var id: String
    /// `trade`, `cancel`, `cancel_all`, `pause` or `resume`.
    public var kind: String
    /// The command as received (JSON text, for the audit trail).
    public var payload: String
    /// Unix milliseconds.
    public var receivedAt: Int64
    public var status: Status
    /// The rejection code or the order id, when answered.
    public var detail: String?

    public init(id: String, kind: String, payload: String, receivedAt: Int64, status: Status = .received, detail: String? = nil) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.receivedAt = receivedAt
        self.status = status
        self.detail = detail
    }
}
