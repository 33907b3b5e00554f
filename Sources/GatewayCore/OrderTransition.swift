/// What applying one event to an ``OrderRecord`` did.
///
/// The state machine never throws and never logs: it returns this value, and the order manager decides
/// what to report (an `order_update` for ``changed(from:to:)``) and what to log (``refused(_:)``).
public enum OrderTransition: Sendable, Hashable {
    /// The record changed. `from` and `to` are equal when only quantities or ids changed (another partial
    /// fill, a late venue order id, a fill reported after a cancel).
    case changed(from: OrderState, to: OrderState)
    /// Nothing changed: a repeated event (duplicate trade id, second cancel of a cancelled order), or a
    /// stale snapshot that adds nothing.
    case unchanged
    /// The event contradicts what the record knows (e.g. a cancel for a filled order, an overfill); it was
    /// not applied. The reason names the order, the event and the conflict.
    case refused(String)

    /// Whether the record changed.
    public var isChanged: Bool {
        if case .changed = self { return true }
        return false
    }

    /// Whether the event was refused.
    public var isRefused: Bool {
        if case .refused = self { return true }
        return false
    }
}
