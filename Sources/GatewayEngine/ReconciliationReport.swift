import GatewayCore

/// What reconciling the journal with the venues found and did, venue by venue (`gateway reconcile` prints
/// it; `gateway start` logs it before taking commands).
public struct ReconciliationReport: Sendable, Equatable {
    /// One venue's differences.
    public struct VenueResult: Sendable, Equatable {
        public var venue: String
        /// Open at the venue and open in the journal: nothing to do beyond applying the venue's numbers.
        public var matched: [String] = []
        /// Open in the journal, finished at the venue while the gateway was down: client order id and final state.
        public var closed: [ClosedOrder] = []
        /// Open at the venue, unknown to the journal: adopted and flagged (client order id given to it).
        public var adopted: [String] = []
        /// In the journal but never received by the venue: marked failed (rejected), not resent.
        public var failed: [String] = []
        /// Open in the journal, and the venue could not say what became of it (no query support, or the
        /// query failed): left open, to be looked at again.
        public var unresolved: [String] = []
        /// Positions whose size the venue reports differently (the venue's size was adopted).
        public var positionDifferences: [PositionDiscrepancy] = []
        /// Calls that failed (open orders, positions); the venue's part is incomplete.
        public var errors: [String] = []

        public init(venue: String) { self.venue = venue }

        /// Whether nothing differed and nothing failed.
        public var isClean: Bool {
            closed.isEmpty && adopted.isEmpty && failed.isEmpty && unresolved.isEmpty && positionDifferences.isEmpty && errors.isEmpty
        }
    }

    public struct ClosedOrder: Sendable, Equatable {
        public var clientOrderId: String
        public var state: OrderState
    }

    public var venues: [VenueResult]

    public init(venues: [VenueResult]) { self.venues = venues }

    public var isClean: Bool { venues.allSatisfy(\.isClean) }
}
