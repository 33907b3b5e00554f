import PluginABI

/// The one table between the gateway's canonical order vocabulary (buy/sell × yes/no) and Kalshi's.
///
/// Kalshi's legacy order API names a contract (`side`: yes/no) and a direction (`action`: buy/sell);
/// its events order API names a side of the YES book (`bid`/`ask`) with prices in YES terms, so a NO
/// leg is the complement: buying NO at q is asking YES at 1 − q. Both directions of every mapping read
/// this table; nothing else spells these words. (The reference connector turned every action other
/// than `open` into a sell: here an unknown side or outcome is refused, never guessed.)
public struct KalshiSideTable: Sendable {
    public struct Row: Sendable, Equatable {
        public var side: gw_side
        public var outcome: gw_outcome
        /// `side` in the legacy API and in order objects: the contract traded.
        public var contract: String
        /// `action` in the legacy API and in order objects.
        public var action: String
        /// `side` in the events API: the side of the YES book.
        public var bookSide: String
        /// Whether the events API price is 1 − the leg's price (NO legs).
        public var complementsPrice: Bool
    }

    public static let rows: [Row] = [
        Row(side: GW_SIDE_BUY, outcome: GW_OUTCOME_YES, contract: "yes", action: "buy", bookSide: "bid", complementsPrice: false),
        Row(side: GW_SIDE_SELL, outcome: GW_OUTCOME_YES, contract: "yes", action: "sell", bookSide: "ask", complementsPrice: false),
        Row(side: GW_SIDE_BUY, outcome: GW_OUTCOME_NO, contract: "no", action: "buy", bookSide: "ask", complementsPrice: true),
        Row(side: GW_SIDE_SELL, outcome: GW_OUTCOME_NO, contract: "no", action: "sell", bookSide: "bid", complementsPrice: true),
    ]

    /// The row of a canonical order; nil for a side or outcome Kalshi has no word for (including GW_OUTCOME_NONE).
    public static func row(side: gw_side, outcome: gw_outcome) -> Row? {
        rows.first { $0.side == side && $0.outcome == outcome }
    }

    /// The row of a venue order object's `side` and `action`.
    public static func row(contract: String, action: String) -> Row? {
        rows.first { $0.contract == contract.lowercased() && $0.action == action.lowercased() }
    }
}
