#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// Shapes of `POST /info` replies this plugin reads (numbers the venue sends as strings stay strings).
public enum InfoReplies {
    /// Decodes an info reply; anything unexpected becomes `.internalError` keeping the venue's text.
    public static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], doing what: String) throws(VenueFailure) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw VenueFailure(.internalError, "hyperliquid: \(what): unexpected reply (\(describe(error))): "
                               + VenueErrors.excerpt(String(decoding: body, as: UTF8.self)))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            return "bad '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default:
            return "not JSON"
        }
    }

    /// `{"type":"meta"}` → `{"universe":[{"name":"BTC","szDecimals":5,...}]}`.
    public struct PerpMeta: Decodable, Sendable {
        public struct Asset: Decodable, Sendable {
            public var name: String
            public var szDecimals: Int
        }
        public var universe: [Asset]
    }

    /// `{"type":"spotMeta"}` → tokens and pairs.
    public struct SpotMeta: Decodable, Sendable {
        public struct Token: Decodable, Sendable {
            public var name: String
            public var szDecimals: Int
            public var index: Int
        }
        public struct Pair: Decodable, Sendable {
            public var name: String
            public var tokens: [Int]
            public var index: Int
        }
        public var tokens: [Token]
        public var universe: [Pair]
    }

    /// An order as `frontendOpenOrders` and `orderStatus` describe it.
    public struct FrontendOrder: Decodable, Sendable {
        public var coin: String
        public var side: String
        public var limitPx: String
        public var sz: String
        public var oid: UInt64
        public var timestamp: Int64?
        public var origSz: String?
        public var reduceOnly: Bool?
        public var orderType: String?
        public var tif: String?
        public var cloid: String?
    }

    /// `{"type":"orderStatus",...}` → `{"status":"order","order":{"order":{...},"status":"open",...}}` or
    /// `{"status":"unknownOid"}`.
    public struct OrderStatusReply: Decodable, Sendable {
        public struct Detail: Decodable, Sendable {
            public var order: FrontendOrder
            public var status: String
            public var statusTimestamp: Int64?
        }
        public var status: String
        public var order: Detail?
    }

    /// `{"type":"clearinghouseState",...}`.
    public struct ClearinghouseState: Decodable, Sendable {
        public struct AssetPosition: Decodable, Sendable {
            public var position: Position
        }
        public struct Position: Decodable, Sendable {
            public var coin: String
            public var szi: String
            public var entryPx: String?
            public var positionValue: String?
            public var unrealizedPnl: String?
        }
        public struct MarginSummary: Decodable, Sendable {
            public var accountValue: String
            public var totalMarginUsed: String?
        }
        public var assetPositions: [AssetPosition]
        public var marginSummary: MarginSummary
        public var withdrawable: String
        public var time: Int64?
    }

    /// `{"type":"spotClearinghouseState",...}` → `{"balances":[{"coin":"USDC","token":0,"hold":"0.0","total":"14.6",...}]}`.
    public struct SpotClearinghouseState: Decodable, Sendable {
        public struct Balance: Decodable, Sendable {
            public var coin: String
            public var total: String
            public var hold: String?
        }
        public var balances: [Balance]
    }
}
