/// Why a relay command's free-text fields could not be mapped onto the gateway's vocabulary.
///
/// Raised by ``MarketId/init(parsing:)`` and ``RelayTradeMapping/map(side:action:)``. The message quotes the
/// values as received, so the relay `error` report tells the sender exactly which field to fix.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is. Compare against the static members; the set may grow.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// A stable snake_case name, suitable for logs and relay `error` reports.
        public var description: String { name }

        /// A `market_id` is not of the form `"venue:native_id"`.
        public static let invalidMarketId = Code("invalid_market_id")
        /// A `side`/`action` pair is not a row of the ``RelayTradeMapping`` table.
        public static let unsupportedSideAction = Code("unsupported_side_action")
        /// `side` and `action` are both directions and disagree (`side 'buy'`, `action 'sell'`).
        public static let contradictorySideAction = Code("contradictory_side_action")
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, quoting the offending values.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A sentence quoting the offending values.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
