/// Which Binance API an instance trades: spot (`/api/v3`) or USD-M futures (`/fapi`).
///
/// Everything that differs between the two lives in this one table (hosts, paths, endpoint weights,
/// how post-only is spelled, the response type asked for), so the rest of the plugin never tests
/// the market by hand. The reference connector mixed spot paths with the futures host; here a path
/// and its host always come from the same row.
public enum BinanceMarket: String, Sendable, CaseIterable {
    case spot
    case futures

    /// The production REST host (the official connectors' defaults).
    public var productionBaseURL: String {
        switch self {
        case .spot: "https://api.binance.com"
        case .futures: "https://fapi.binance.com"
        }
    }

    /// The testnet REST host.
    public var testnetBaseURL: String {
        switch self {
        case .spot: "https://testnet.binance.vision"
        case .futures: "https://testnet.binancefuture.com"
        }
    }

    /// One REST endpoint: method, path and its request weight (the cost in the weight bucket).
    public struct Endpoint: Sendable, Equatable {
        public var method: String
        public var path: String
        /// Request weight Binance charges; order placement is charged to the order-count bucket instead.
        public var weight: UInt32
        /// Whether the request counts against the order-rate limit rather than the weight limit.
        public var isOrderEntry: Bool = false
    }

    public var serverTime: Endpoint {
        switch self {
        case .spot: Endpoint(method: "GET", path: "/api/v3/time", weight: 1)
        case .futures: Endpoint(method: "GET", path: "/fapi/v1/time", weight: 1)
        }
    }

    /// Spot accepts `?symbol=` (weight 20 either way); futures always returns every symbol (weight 1).
    public var exchangeInfo: Endpoint {
        switch self {
        case .spot: Endpoint(method: "GET", path: "/api/v3/exchangeInfo", weight: 20)
        case .futures: Endpoint(method: "GET", path: "/fapi/v1/exchangeInfo", weight: 1)
        }
    }

    public var newOrder: Endpoint {
        switch self {
        case .spot: Endpoint(method: "POST", path: "/api/v3/order", weight: 1, isOrderEntry: true)
        case .futures: Endpoint(method: "POST", path: "/fapi/v1/order", weight: 1, isOrderEntry: true)
        }
    }

    public var cancelOrder: Endpoint {
        switch self {
        case .spot: Endpoint(method: "DELETE", path: "/api/v3/order", weight: 1)
        case .futures: Endpoint(method: "DELETE", path: "/fapi/v1/order", weight: 1)
        }
    }

    public var queryOrder: Endpoint {
        switch self {
        case .spot: Endpoint(method: "GET", path: "/api/v3/order", weight: 4)
        case .futures: Endpoint(method: "GET", path: "/fapi/v1/order", weight: 1)
        }
    }

    /// Open orders; the weight depends on whether a symbol is given.
    public func openOrders(allSymbols: Bool) -> Endpoint {
        switch self {
        case .spot: Endpoint(method: "GET", path: "/api/v3/openOrders", weight: allSymbols ? 80 : 6)
        case .futures: Endpoint(method: "GET", path: "/fapi/v1/openOrders", weight: allSymbols ? 40 : 1)
        }
    }

    /// Cancel every open order of one symbol. Spot answers with the cancelled orders; futures with
    /// `{"code":200,"msg":"The operation of cancel all open order is done."}` only.
    public var cancelAllOnSymbol: Endpoint {
        switch self {
        case .spot: Endpoint(method: "DELETE", path: "/api/v3/openOrders", weight: 1)
        case .futures: Endpoint(method: "DELETE", path: "/fapi/v1/allOpenOrders", weight: 1)
        }
    }

    public var balances: Endpoint {
        switch self {
        case .spot: Endpoint(method: "GET", path: "/api/v3/account", weight: 20)
        case .futures: Endpoint(method: "GET", path: "/fapi/v3/balance", weight: 5)
        }
    }

    /// Futures only: positions (`/fapi/v3/positionRisk`). Spot holdings are balances.
    public var positionRisk: Endpoint? {
        switch self {
        case .spot: nil
        case .futures: Endpoint(method: "GET", path: "/fapi/v3/positionRisk", weight: 5)
        }
    }

    /// `newOrderRespType`: spot FULL (fills with commission), futures RESULT (executed quantity and average price).
    public var orderResponseType: String {
        switch self {
        case .spot: "FULL"
        case .futures: "RESULT"
        }
    }

    /// The host's rate-limit bucket for request weight.
    public var weightBucket: String {
        switch self {
        case .spot: "spot_weight"
        case .futures: "futures_weight"
        }
    }

    /// The host's rate-limit bucket for order entry.
    public var orderBucket: String {
        switch self {
        case .spot: "spot_orders"
        case .futures: "futures_orders"
        }
    }

    /// The bucket and cost of a request to `endpoint`.
    public func rateLimit(for endpoint: Endpoint) -> (bucket: String, cost: UInt32) {
        endpoint.isOrderEntry ? (orderBucket, 1) : (weightBucket, max(endpoint.weight, 1))
    }
}
