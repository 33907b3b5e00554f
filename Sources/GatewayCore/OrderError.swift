/// Why an order, an order event or a fill was refused by the domain layer.
///
/// A struct with an opaque, extensible ``Code`` (new codes do not break callers' `switch`es) and a
/// message that names the order and the field at fault, so a log line or an `error` report to the
/// relay is enough to fix the command without reading code.
public struct OrderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is. Compare against the static members; the set may grow.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// A stable snake_case name, suitable for logs and relay `error` reports.
        public var description: String { name }

        /// A field of a ``CanonicalOrder`` is missing, out of range or inconsistent with another field.
        public static let invalidOrder = Code("invalid_order")
        /// An order with the same client (or gateway) order id is already in the ``OrderBook``.
        public static let duplicateOrder = Code("duplicate_order")
        /// No order in the ``OrderBook`` has the given id.
        public static let orderNotFound = Code("order_not_found")
        /// A fill handed to the ``PositionTracker`` has a non-positive quantity or an invalid price or fee.
        public static let invalidFill = Code("invalid_fill")
        /// A mark price handed to the ``PositionTracker`` is negative or NaN.
        public static let invalidPrice = Code("invalid_price")
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and where, e.g. `order "gw1x": field 'quantity' must be greater than 0, got -1`.
    public var message: String
    /// The offending field's name as it appears in ``CanonicalOrder`` (`"quantity"`, `"limitPrice"`), if any.
    public var field: String?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A sentence naming what failed and where.
    ///   - field: The offending field, when one field is at fault.
    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { message }
}
