/// Where an order is in its life, from creation in the gateway to a final outcome at the venue.
///
/// The legal moves between states are defined by ``canMove(to:)`` and enforced by ``OrderRecord``:
///
/// ```
/// new ──▶ submitted ──▶ partiallyFilled ──▶ filled
///  │          │               │
///  │          ├──▶ rejected   ├──▶ cancelled
///  │          ├──▶ cancelled  └──▶ expired
///  │          ├──▶ expired
///  │          └──▶ filled
///  └──▶ any of submitted, partiallyFilled, filled, rejected, cancelled, expired
/// ```
///
/// (A venue may report a fill, a rejection or a cancellation before the gateway has seen the
/// acknowledgement, so `new` may move straight to any later state.) Terminal states never change.
public enum OrderState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Created in the gateway, not yet acknowledged by the venue (it may already be in flight).
    case new
    /// Acknowledged by the venue and working; nothing filled yet.
    case submitted
    /// Working, with part of the quantity filled.
    case partiallyFilled
    /// The whole quantity is filled. Terminal.
    case filled
    /// Cancelled by the gateway, the user or the venue; may have filled in part before. Terminal.
    case cancelled
    /// Refused by the venue (or by the gateway before sending); nothing filled. Terminal.
    case rejected
    /// Reached its expiry (GTD) or was not fillable in time (IOC/FOK remainder); may have filled in part. Terminal.
    case expired

    /// Whether the order can no longer change state.
    public var isTerminal: Bool {
        switch self {
        case .filled, .cancelled, .rejected, .expired: true
        case .new, .submitted, .partiallyFilled: false
        }
    }

    /// Whether the venue has acknowledged the order and it is working (``submitted`` or ``partiallyFilled``).
    ///
    /// A ``new`` order is neither open nor terminal: it may be resting at the venue already, so
    /// ``OrderBook/openOrders`` (which lists everything that could still trade) includes it.
    public var isOpen: Bool { self == .submitted || self == .partiallyFilled }

    /// Whether the state machine allows moving from this state to `next`.
    ///
    /// Staying in the same state is not a move (see ``OrderTransition/unchanged``) and returns `false`.
    public func canMove(to next: OrderState) -> Bool {
        switch (self, next) {
        case (.new, .new): false
        case (.new, _): true
        case (.submitted, .partiallyFilled), (.submitted, .filled), (.submitted, .cancelled),
             (.submitted, .rejected), (.submitted, .expired):
            true
        case (.partiallyFilled, .filled), (.partiallyFilled, .cancelled), (.partiallyFilled, .expired): true
        default: false
        }
    }

    /// Order of progress for non-terminal states (`new` < `submitted` < `partiallyFilled`); terminal states rank highest.
    var progress: Int {
        switch self {
        case .new: 0
        case .submitted: 1
        case .partiallyFilled: 2
        case .filled, .cancelled, .rejected, .expired: 3
        }
    }
}
