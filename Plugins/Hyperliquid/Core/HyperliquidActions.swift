import VenueKit

/// Time in force of a Hyperliquid limit order. `Alo` (add liquidity only) is post-only.
public enum HyperliquidTif: String, Sendable {
    case gtc = "Gtc", ioc = "Ioc", alo = "Alo"
}

/// One order in an `order` action, in the venue's wire form.
///
/// Field order is part of the signature: `a, b, p, s, r, t` and then `c` only when a cloid is sent.
public struct OrderWire: Sendable, Equatable {
    public var asset: Int
    public var isBuy: Bool
    /// Wire text (``WireNumber``).
    public var price: String
    public var size: String
    public var reduceOnly: Bool
    public var tif: HyperliquidTif
    /// `0x` + 32 lower-case hex digits, or nil.
    public var cloid: String?

    public init(asset: Int, isBuy: Bool, price: String, size: String, reduceOnly: Bool, tif: HyperliquidTif, cloid: String?) {
        self.asset = asset
        self.isBuy = isBuy
        self.price = price
        self.size = size
        self.reduceOnly = reduceOnly
        self.tif = tif
        self.cloid = cloid
    }

    public var value: MessagePackValue {
        var entries: [(String, MessagePackValue)] = [
            ("a", .int(Int64(asset))), ("b", .bool(isBuy)), ("p", .string(price)), ("s", .string(size)),
            ("r", .bool(reduceOnly)), ("t", .map([("limit", .map([("tif", .string(tif.rawValue))]))])),
        ]
        if let cloid { entries.append(("c", .string(cloid))) }
        return .map(entries)
    }
}

/// The L1 actions this plugin sends, built in the canonical key order of the official SDK.
public enum HyperliquidAction {
    /// `{"type": "order", "orders": [...], "grouping": "na"}`.
    public static func order(_ orders: [OrderWire]) -> MessagePackValue {
        .map([("type", .string("order")), ("orders", .array(orders.map(\.value))), ("grouping", .string("na"))])
    }

    /// `{"type": "cancel", "cancels": [{"a": asset, "o": oid}, ...]}`.
    public static func cancel(_ cancels: [(asset: Int, oid: UInt64)]) -> MessagePackValue {
        .map([("type", .string("cancel")),
              ("cancels", .array(cancels.map { .map([("a", .int(Int64($0.asset))), ("o", .uint($0.oid))]) }))])
    }

    /// `{"type": "cancelByCloid", "cancels": [{"asset": asset, "cloid": "0x…"}, ...]}` (note `asset`, not `a`).
    public static func cancelByCloid(_ cancels: [(asset: Int, cloid: String)]) -> MessagePackValue {
        .map([("type", .string("cancelByCloid")),
              ("cancels", .array(cancels.map { .map([("asset", .int(Int64($0.asset))), ("cloid", .string($0.cloid))]) }))])
    }

    /// The body posted to `/exchange`, as the SDK's `_post_action` builds it: `vaultAddress` and
    /// `expiresAfter` are always present, `null` when unused.
    public static func envelope(action: MessagePackValue, nonce: UInt64, signature: L1Signature, vaultAddress: String?,
                                expiresAfter: UInt64?) -> MessagePackValue {
        .map([("action", action), ("nonce", .uint(nonce)), ("signature", signature.value),
              ("vaultAddress", vaultAddress.map { .string($0) } ?? .null),
              ("expiresAfter", expiresAfter.map { .uint($0) } ?? .null)])
    }

    /// Weight of an exchange action in the venue's per-IP budget: 1 + floor(batch length / 40).
    public static func weight(batchLength: Int) -> UInt32 { 1 + UInt32(batchLength / 40) }
}
