import Foundation

/// A command for the gateway, as the relay (or the simulator, or the CLI) sends it.
///
/// Field names and meanings follow the relay wire protocol (`trade`, `cancel`, `cancel_all`,
/// `pause`, `resume`); decoding from JSON frames lives with the relay client.
public enum GatewayCommand: Sendable, Equatable {
    case trade(TradeCommand)
    /// Cancel the order the gateway reported as `orderId`.
    case cancel(id: String, orderId: String)
    case cancelAll(id: String)
    case pause(id: String)
    case resume(id: String)

    public var id: String {
        switch self {
        case .trade(let t): t.id
        case .cancel(let id, _), .cancelAll(let id), .pause(let id), .resume(let id): id
        }
    }
}

/// A `trade` command: free-text side and action as on the wire, mapped by ``GatewayCore/RelayTradeMapping``.
public struct TradeCommand: Sendable, Equatable {
    public var id: String
    /// `"venue:native_id"`.
    public var marketId: String
    public var side: String
    public var action: String
    public var size: Decimal
    /// `market` or `limit`.
    public var orderType: String
    public var limitPrice: Decimal?
    /// `gtc`, `ioc`, `fok` or `gtd`; nil means GTC for limit orders and IOC for market orders.
    public var timeInForce: String?
    public var postOnly: Bool

    public init(id: String, marketId: String, side: String, action: String, size: Decimal, orderType: String,
                limitPrice: Decimal? = nil, timeInForce: String? = nil, postOnly: Bool = false) {
        self.id = id
        self.marketId = marketId
        self.side = side
        self.action = action
        self.size = size
        self.orderType = orderType
        self.limitPrice = limitPrice
        self.timeInForce = timeInForce
        self.postOnly = postOnly
    }
}

/// What the gateway tells the relay (and prints in simulation).
public enum GatewayReport: Sendable, Equatable {
    case orderUpdate(OrderUpdate)
    case error(GatewayErrorReport)
    case position(PositionReport)
}

/// An `order_update` report.
public struct OrderUpdate: Sendable, Equatable {
    public var orderId: String
    public var commandId: String?
    public var venue: String
    public var venueOrderId: String?
    public var marketId: String
    /// `submitted`, `partially_filled`, `filled`, `cancelled`, `rejected`, `expired`.
    public var status: String
    public var side: String
    public var outcome: String?
    public var size: Decimal
    public var filledSize: Decimal
    public var orderType: String
    public var limitPrice: Decimal?
    public var fillPrice: Decimal?
    public var message: String?

    public init(orderId: String, commandId: String?, venue: String, venueOrderId: String?, marketId: String, status: String,
                side: String, outcome: String?, size: Decimal, filledSize: Decimal, orderType: String, limitPrice: Decimal?,
                fillPrice: Decimal?, message: String?) {
        self.orderId = orderId
        self.commandId = commandId
        self.venue = venue
        self.venueOrderId = venueOrderId
        self.marketId = marketId
        self.status = status
        self.side = side
        self.outcome = outcome
        self.size = size
        self.filledSize = filledSize
        self.orderType = orderType
        self.limitPrice = limitPrice
        self.fillPrice = fillPrice
        self.message = message
    }
}

/// An `error` report with one of the reference's codes (`ORDER_REJECTED`, `VENUE_NOT_FOUND`, …).
public struct GatewayErrorReport: Sendable, Equatable {
    public var code: String
    public var message: String
    public var venue: String?
    public var commandId: String?

    public init(code: String, message: String, venue: String?, commandId: String?) {
        self.code = code
        self.message = message
        self.venue = venue
        self.commandId = commandId
    }
}

/// A `position` report.
public struct PositionReport: Sendable, Equatable {
    public var venue: String
    public var marketId: String
    public var outcome: String?
    public var size: Decimal
    public var entryPrice: Decimal?
    public var realizedPnl: Decimal

    public init(venue: String, marketId: String, outcome: String?, size: Decimal, entryPrice: Decimal?, realizedPnl: Decimal) {
        self.venue = venue
        self.marketId = marketId
        self.outcome = outcome
        self.size = size
        self.entryPrice = entryPrice
        self.realizedPnl = realizedPnl
    }
}
