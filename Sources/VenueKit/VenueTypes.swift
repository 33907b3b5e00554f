import PluginABI

/// Contract status codes as a Swift value (the raw values are the header's `GW_*` constants).
public struct VenueStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let ok = VenueStatus(rawValue: GW_OK)
    public static let invalidOrder = VenueStatus(rawValue: GW_ERR_INVALID_ORDER)
    public static let insufficientBalance = VenueStatus(rawValue: GW_ERR_INSUFFICIENT_BALANCE)
    public static let rateLimited = VenueStatus(rawValue: GW_ERR_RATE_LIMITED)
    public static let auth = VenueStatus(rawValue: GW_ERR_AUTH)
    public static let notFound = VenueStatus(rawValue: GW_ERR_NOT_FOUND)
    public static let clockSkew = VenueStatus(rawValue: GW_ERR_CLOCK_SKEW)
    public static let venueUnavailable = VenueStatus(rawValue: GW_ERR_VENUE_UNAVAILABLE)
    public static let unsupported = VenueStatus(rawValue: GW_ERR_UNSUPPORTED)
    public static let internalError = VenueStatus(rawValue: GW_ERR_INTERNAL)
    public static let outcomeUnknown = VenueStatus(rawValue: GW_ERR_OUTCOME_UNKNOWN)
    public static let venueRejected = VenueStatus(rawValue: GW_ERR_VENUE_REJECTED)
    public static let bufferTooSmall = VenueStatus(rawValue: GW_ERR_BUFFER_TOO_SMALL)
    public static let invalidConfig = VenueStatus(rawValue: GW_ERR_INVALID_CONFIG)

    public var description: String {
        switch rawValue {
        case GW_OK: "ok"
        case GW_ERR_INVALID_ORDER: "invalid_order"
        case GW_ERR_INSUFFICIENT_BALANCE: "insufficient_balance"
        case GW_ERR_RATE_LIMITED: "rate_limited"
        case GW_ERR_AUTH: "auth"
        case GW_ERR_NOT_FOUND: "not_found"
        case GW_ERR_CLOCK_SKEW: "clock_skew"
        case GW_ERR_VENUE_UNAVAILABLE: "venue_unavailable"
        case GW_ERR_UNSUPPORTED: "unsupported"
        case GW_ERR_INTERNAL: "internal"
        case GW_ERR_OUTCOME_UNKNOWN: "outcome_unknown"
        case GW_ERR_VENUE_REJECTED: "venue_rejected"
        case GW_ERR_BUFFER_TOO_SMALL: "buffer_too_small"
        case GW_ERR_INVALID_CONFIG: "invalid_config"
        default: "status_\(rawValue)"
        }
    }
}

/// A failed operation as a plugin reports it: contract code, the venue's own code, and a message.
public struct VenueFailure: Error, Sendable, CustomStringConvertible {
    public var status: VenueStatus
    public var venueCode: String
    public var message: String
    public var retryable: Bool
    public var retryAfterMs: UInt32

    public init(_ status: VenueStatus, _ message: String, venueCode: String = "", retryable: Bool = false,
                retryAfterMs: UInt32 = 0) {
        self.status = status
        self.message = message
        self.venueCode = venueCode
        self.retryable = retryable
        self.retryAfterMs = retryAfterMs
    }

    public var description: String {
        venueCode.isEmpty ? "\(status): \(message)" : "\(status) (\(venueCode)): \(message)"
    }
}

/// An order received from the host, copied out of `gw_order` into Swift strings.
public struct VenueOrder: Sendable, Hashable {
    public var clientOrderId: String
    public var market: String
    public var side: gw_side
    public var outcome: gw_outcome
    public var type: gw_order_type
    public var timeInForce: gw_time_in_force
    public var flags: UInt32
    public var quantity: String
    public var limitPrice: String
    public var expireAtUnixMs: Int64

    public init(clientOrderId: String, market: String, side: gw_side, outcome: gw_outcome, type: gw_order_type,
                timeInForce: gw_time_in_force, flags: UInt32 = 0, quantity: String, limitPrice: String = "",
                expireAtUnixMs: Int64 = 0) {
        self.clientOrderId = clientOrderId
        self.market = market
        self.side = side
        self.outcome = outcome
        self.type = type
        self.timeInForce = timeInForce
        self.flags = flags
        self.quantity = quantity
        self.limitPrice = limitPrice
        self.expireAtUnixMs = expireAtUnixMs
    }

    /// Copies a borrowed C order.
    public init(_ c: gw_order) {
        self.init(clientOrderId: c.client_order_id.string, market: c.market.string, side: c.side,
                  outcome: c.outcome, type: c.type, timeInForce: c.time_in_force, flags: c.flags,
                  quantity: c.quantity.string, limitPrice: c.limit_price.string,
                  expireAtUnixMs: c.expire_at_unix_ms)
    }

    public var reduceOnly: Bool { flags & UInt32(GW_ORDER_FLAG_REDUCE_ONLY) != 0 }
    public var postOnly: Bool { flags & UInt32(GW_ORDER_FLAG_POST_ONLY) != 0 }
}

/// Which order a cancel or a query means.
public struct VenueOrderRef: Sendable, Hashable {
    public var market: String
    public var venueOrderId: String
    public var clientOrderId: String

    public init(market: String = "", venueOrderId: String = "", clientOrderId: String = "") {
        self.market = market
        self.venueOrderId = venueOrderId
        self.clientOrderId = clientOrderId
    }

    public init(_ c: gw_cancel) {
        self.init(market: c.market.string, venueOrderId: c.venue_order_id.string,
                  clientOrderId: c.client_order_id.string)
    }
}

/// An order's state as the venue reports it (Swift side of `gw_order_report`).
public struct VenueOrderReport: Sendable, Hashable {
    public var clientOrderId: String
    public var venueOrderId: String
    public var market: String
    public var side: gw_side
    public var outcome: gw_outcome
    public var state: gw_order_state
    public var quantity: String
    public var filledQuantity: String
    public var averageFillPrice: String
    public var limitPrice: String
    public var fee: String
    public var updatedAtUnixMs: Int64

    public init(clientOrderId: String, venueOrderId: String, market: String, side: gw_side, outcome: gw_outcome,
                state: gw_order_state, quantity: String, filledQuantity: String = "0", averageFillPrice: String = "",
                limitPrice: String = "", fee: String = "", updatedAtUnixMs: Int64 = 0) {
        self.clientOrderId = clientOrderId
        self.venueOrderId = venueOrderId
        self.market = market
        self.side = side
        self.outcome = outcome
        self.state = state
        self.quantity = quantity
        self.filledQuantity = filledQuantity
        self.averageFillPrice = averageFillPrice
        self.limitPrice = limitPrice
        self.fee = fee
        self.updatedAtUnixMs = updatedAtUnixMs
    }

    /// Copies a borrowed C report.
    public init(_ c: gw_order_report) {
        self.init(clientOrderId: c.client_order_id.string, venueOrderId: c.venue_order_id.string,
                  market: c.market.string, side: c.side, outcome: c.outcome, state: c.state,
                  quantity: c.quantity.string, filledQuantity: c.filled_quantity.string,
                  averageFillPrice: c.average_fill_price.string, limitPrice: c.limit_price.string,
                  fee: c.fee.string, updatedAtUnixMs: c.updated_at_unix_ms)
    }

    /// The C struct, with strings owned by `arena`.
    public func c(_ arena: Arena) -> gw_order_report {
        gw_order_report(
            struct_size: UInt32(MemoryLayout<gw_order_report>.size), client_order_id: arena.str(clientOrderId),
            venue_order_id: arena.str(venueOrderId), market: arena.str(market), side: side, outcome: outcome,
            state: state, quantity: arena.str(quantity), filled_quantity: arena.str(filledQuantity),
            average_fill_price: arena.str(averageFillPrice), limit_price: arena.str(limitPrice), fee: arena.str(fee),
            updated_at_unix_ms: updatedAtUnixMs)
    }
}

/// One execution (Swift side of `gw_fill`).
public struct VenueFill: Sendable, Hashable {
    public var clientOrderId: String
    public var venueOrderId: String
    public var tradeId: String
    public var market: String
    public var side: gw_side
    public var outcome: gw_outcome
    public var quantity: String
    public var price: String
    public var fee: String
    public var filledAtUnixMs: Int64

    public init(clientOrderId: String, venueOrderId: String, tradeId: String, market: String, side: gw_side,
                outcome: gw_outcome, quantity: String, price: String, fee: String = "", filledAtUnixMs: Int64 = 0) {
        self.clientOrderId = clientOrderId
        self.venueOrderId = venueOrderId
        self.tradeId = tradeId
        self.market = market
        self.side = side
        self.outcome = outcome
        self.quantity = quantity
        self.price = price
        self.fee = fee
        self.filledAtUnixMs = filledAtUnixMs
    }

    public init(_ c: gw_fill) {
        self.init(clientOrderId: c.client_order_id.string, venueOrderId: c.venue_order_id.string,
                  tradeId: c.trade_id.string, market: c.market.string, side: c.side, outcome: c.outcome,
                  quantity: c.quantity.string, price: c.price.string, fee: c.fee.string,
                  filledAtUnixMs: c.filled_at_unix_ms)
    }

    public func c(_ arena: Arena) -> gw_fill {
        gw_fill(struct_size: UInt32(MemoryLayout<gw_fill>.size), client_order_id: arena.str(clientOrderId),
                venue_order_id: arena.str(venueOrderId), trade_id: arena.str(tradeId), market: arena.str(market),
                side: side, outcome: outcome, quantity: arena.str(quantity), price: arena.str(price),
                fee: arena.str(fee), filled_at_unix_ms: filledAtUnixMs)
    }
}

/// A position at the venue (Swift side of `gw_position`).
public struct VenuePosition: Sendable, Hashable {
    public var market: String
    public var outcome: gw_outcome
    public var size: String
    public var averageEntryPrice: String
    public var markPrice: String
    public var unrealizedPnl: String

    public init(market: String, outcome: gw_outcome, size: String, averageEntryPrice: String = "",
                markPrice: String = "", unrealizedPnl: String = "") {
        self.market = market
        self.outcome = outcome
        self.size = size
        self.averageEntryPrice = averageEntryPrice
        self.markPrice = markPrice
        self.unrealizedPnl = unrealizedPnl
    }

    public init(_ c: gw_position) {
        self.init(market: c.market.string, outcome: c.outcome, size: c.size.string,
                  averageEntryPrice: c.average_entry_price.string, markPrice: c.mark_price.string,
                  unrealizedPnl: c.unrealized_pnl.string)
    }

    public func c(_ arena: Arena) -> gw_position {
        gw_position(struct_size: UInt32(MemoryLayout<gw_position>.size), market: arena.str(market), outcome: outcome,
                    size: arena.str(size), average_entry_price: arena.str(averageEntryPrice),
                    mark_price: arena.str(markPrice), unrealized_pnl: arena.str(unrealizedPnl))
    }
}

/// A balance in one currency (Swift side of `gw_balance`).
public struct VenueBalance: Sendable, Hashable {
    public var currency: String
    public var total: String
    public var available: String

    public init(currency: String, total: String, available: String) {
        self.currency = currency
        self.total = total
        self.available = available
    }

    public init(_ c: gw_balance) {
        self.init(currency: c.currency.string, total: c.total.string, available: c.available.string)
    }

    public func c(_ arena: Arena) -> gw_balance {
        gw_balance(struct_size: UInt32(MemoryLayout<gw_balance>.size), currency: arena.str(currency),
                   total: arena.str(total), available: arena.str(available))
    }
}

/// The answer to a health probe (Swift side of `gw_health`).
public struct VenueHealth: Sendable, Hashable {
    public var healthy: Bool
    public var latencyMicros: Int64
    public var clockOffsetMs: Int64
    public var detail: String

    public init(healthy: Bool, latencyMicros: Int64 = -1, clockOffsetMs: Int64 = 0, detail: String = "") {
        self.healthy = healthy
        self.latencyMicros = latencyMicros
        self.clockOffsetMs = clockOffsetMs
        self.detail = detail
    }

    public init(_ c: gw_health) {
        self.init(healthy: c.healthy != 0, latencyMicros: c.latency_us, clockOffsetMs: c.clock_offset_ms,
                  detail: c.detail.string)
    }

    public func c(_ arena: Arena) -> gw_health {
        gw_health(struct_size: UInt32(MemoryLayout<gw_health>.size), healthy: healthy ? 1 : 0,
                  latency_us: latencyMicros, clock_offset_ms: clockOffsetMs, detail: arena.str(detail))
    }
}
