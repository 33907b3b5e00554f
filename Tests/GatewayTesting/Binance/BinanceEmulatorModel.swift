import Foundation

/// The data a ``BinanceEmulator`` judges requests with: markets, symbols, accounts and orders.
public enum BinanceEmulatorModel {
    /// Which Binance API the emulator stands in for.
    public enum Market: String, Sendable { case spot, futures }

    /// An API key the emulator accepts, and how its requests must be signed.
    public struct Account: Sendable {
        public var apiKey: String
        /// HMAC secret (signature = lower-case hex HMAC-SHA256), or nil.
        public var hmacSecret: String?
        /// Ed25519 public key (signature = base64 of the 64-byte signature), or nil.
        public var ed25519PublicKey: [UInt8]?

        public init(apiKey: String, hmacSecret: String? = nil, ed25519PublicKey: [UInt8]? = nil) {
            self.apiKey = apiKey
            self.hmacSecret = hmacSecret
            self.ed25519PublicKey = ed25519PublicKey
        }
    }

    /// One symbol and its filters, as `exchangeInfo` publishes them.
    public struct Symbol: Sendable {
        public var symbol: String
        public var baseAsset: String
        public var quoteAsset: String
        public var status: String = "TRADING"
        public var minPrice: Decimal
        public var maxPrice: Decimal
        public var tickSize: Decimal
        public var minQty: Decimal
        public var maxQty: Decimal
        public var stepSize: Decimal
        public var marketMinQty: Decimal
        public var marketMaxQty: Decimal
        /// 0 on spot when MARKET_LOT_SIZE has no step of its own.
        public var marketStepSize: Decimal
        /// Spot NOTIONAL.minNotional / USD-M MIN_NOTIONAL.notional.
        public var minNotional: Decimal
        public var maxNotional: Decimal = 9_000_000
        public var pricePrecision: Int
        public var quantityPrecision: Int
        /// The price marketable orders fill at.
        public var lastPrice: Decimal

        public init(symbol: String, baseAsset: String, quoteAsset: String, status: String = "TRADING",
                    minPrice: Decimal, maxPrice: Decimal, tickSize: Decimal, minQty: Decimal, maxQty: Decimal,
                    stepSize: Decimal, marketMinQty: Decimal, marketMaxQty: Decimal, marketStepSize: Decimal,
                    minNotional: Decimal, pricePrecision: Int, quantityPrecision: Int, lastPrice: Decimal) {
            self.symbol = symbol
            self.baseAsset = baseAsset
            self.quoteAsset = quoteAsset
            self.status = status
            self.minPrice = minPrice
            self.maxPrice = maxPrice
            self.tickSize = tickSize
            self.minQty = minQty
            self.maxQty = maxQty
            self.stepSize = stepSize
            self.marketMinQty = marketMinQty
            self.marketMaxQty = marketMaxQty
            self.marketStepSize = marketStepSize
            self.minNotional = minNotional
            self.pricePrecision = pricePrecision
            self.quantityPrecision = quantityPrecision
            self.lastPrice = lastPrice
        }

        /// Spot BTCUSDT as Binance publishes it (tick 0.01, step 0.00001, NOTIONAL 5).
        public static func spotBTCUSDT(lastPrice: Decimal = 65000) -> Symbol {
            Symbol(symbol: "BTCUSDT", baseAsset: "BTC", quoteAsset: "USDT", minPrice: d("0.01"), maxPrice: 1_000_000,
                   tickSize: d("0.01"), minQty: d("0.00001"), maxQty: 9000, stepSize: d("0.00001"), marketMinQty: 0,
                   marketMaxQty: d("120.0"), marketStepSize: 0, minNotional: 5, pricePrecision: 8, quantityPrecision: 8,
                   lastPrice: lastPrice)
        }

        /// Spot ETHUSDT (tick 0.01, step 0.0001, NOTIONAL 5).
        public static func spotETHUSDT(lastPrice: Decimal = 3400) -> Symbol {
            Symbol(symbol: "ETHUSDT", baseAsset: "ETH", quoteAsset: "USDT", minPrice: d("0.01"), maxPrice: 1_000_000,
                   tickSize: d("0.01"), minQty: d("0.0001"), maxQty: 9000, stepSize: d("0.0001"), marketMinQty: 0,
                   marketMaxQty: 3000, marketStepSize: 0, minNotional: 5, pricePrecision: 8, quantityPrecision: 8,
                   lastPrice: lastPrice)
        }

        /// USD-M BTCUSDT (tick 0.10, step 0.001, MIN_NOTIONAL 100, pricePrecision 2, quantityPrecision 3).
        public static func futuresBTCUSDT(lastPrice: Decimal = 65000) -> Symbol {
            Symbol(symbol: "BTCUSDT", baseAsset: "BTC", quoteAsset: "USDT", minPrice: d("556.80"), maxPrice: 4_529_764,
                   tickSize: d("0.10"), minQty: d("0.001"), maxQty: 1000, stepSize: d("0.001"), marketMinQty: d("0.001"),
                   marketMaxQty: 120, marketStepSize: d("0.001"), minNotional: 100, pricePrecision: 2, quantityPrecision: 3,
                   lastPrice: lastPrice)
        }

        /// USD-M ETHUSDT (tick 0.01, step 0.001, MIN_NOTIONAL 20).
        public static func futuresETHUSDT(lastPrice: Decimal = 3400) -> Symbol {
            Symbol(symbol: "ETHUSDT", baseAsset: "ETH", quoteAsset: "USDT", minPrice: d("39.86"), maxPrice: 306_177,
                   tickSize: d("0.01"), minQty: d("0.001"), maxQty: 10000, stepSize: d("0.001"), marketMinQty: d("0.001"),
                   marketMaxQty: 2000, marketStepSize: d("0.001"), minNotional: 20, pricePrecision: 2, quantityPrecision: 3,
                   lastPrice: lastPrice)
        }
    }

    /// An order the emulator holds.
    public struct Order: Sendable {
        public var symbol: String
        public var orderId: Int64
        public var clientOrderId: String
        public var side: String
        public var type: String
        public var timeInForce: String
        public var price: Decimal
        public var origQty: Decimal
        public var executedQty: Decimal = 0
        public var cumQuote: Decimal = 0
        public var status: String = "NEW"
        public var reduceOnly: Bool = false
        public var time: Int64
        public var updateTime: Int64
        public var fills: [(price: Decimal, qty: Decimal, commission: Decimal, asset: String, tradeId: Int64)] = []

        public var isOpen: Bool { status == "NEW" || status == "PARTIALLY_FILLED" }
    }

    /// A canned answer that replaces the emulator's own for the next matching request.
    public struct Fault: Sendable {
        public enum Mode: Sendable {
            /// Answer without processing the request (rate limits, outages before the matching engine).
            case instead
            /// Process the request, then answer this instead (the reply was lost or garbled after execution).
            case afterProcessing
        }
        public var method: String?
        public var path: String
        public var status: Int
        public var headers: [(String, String)]
        public var body: String
        public var mode: Mode

        public init(method: String? = nil, path: String, status: Int, headers: [(String, String)] = [], body: String,
                    mode: Mode = .instead) {
            self.method = method
            self.path = path
            self.status = status
            self.headers = headers
            self.body = body
            self.mode = mode
        }

        /// HTTP 429 with Binance's -1003 body and `Retry-After`.
        public static func tooManyRequests(path: String, retryAfterSeconds: Int) -> Fault {
            Fault(path: path, status: 429, headers: [("Retry-After", "\(retryAfterSeconds)")],
                  body: #"{"code":-1003,"msg":"Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API."}"#)
        }

        /// HTTP 418: the IP is banned for ignoring 429s.
        public static func banned(path: String, retryAfterSeconds: Int) -> Fault {
            Fault(path: path, status: 418, headers: [("Retry-After", "\(retryAfterSeconds)")],
                  body: #"{"code":-1003,"msg":"Way too many requests; IP(127.0.0.1) banned until 1762000000000. Please use the websocket for live updates to avoid bans."}"#)
        }

        /// HTTP 503 "unknown execution status", after or instead of processing.
        public static func unknownStatus(path: String, mode: Mode) -> Fault {
            Fault(method: "POST", path: path, status: 503, body: #"{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}"#,
                  mode: mode)
        }
    }

    static func d(_ text: String) -> Decimal { Decimal(string: text)! }
}
