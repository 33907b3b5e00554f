import Foundation
import GatewayCrypto

/// The venue side of Hyperliquid's L1 action signing, written independently of the plugin: parse the
/// posted action into typed fields, re-serialise it as msgpack in the venue's field order, hash it with
/// the nonce/vault/expiry suffix, rebuild the phantom agent's EIP-712 digest, and recover the signer.
///
/// Like the venue, it never hashes the JSON text: key order and spacing in the body do not matter,
/// only the values. Prices and sizes are re-rendered canonically (no trailing zeros), an assumption
/// about the venue documented in `shared/design/venues/hyperliquid.md` §5.
public enum HyperliquidL1Verifier {
    /// A posted action, typed.
    public enum Action: Sendable, Equatable {
        case order(orders: [OrderSpec], grouping: String)
        case cancel([(asset: UInt64, oid: UInt64)])
        case cancelByCloid([(asset: UInt64, cloid: String)])

        public static func == (lhs: Action, rhs: Action) -> Bool {
            switch (lhs, rhs) {
            case (.order(let a, let g), .order(let b, let h)): a == b && g == h
            case (.cancel(let a), .cancel(let b)): a.elementsEqual(b) { $0.asset == $1.asset && $0.oid == $1.oid }
            case (.cancelByCloid(let a), .cancelByCloid(let b)): a.elementsEqual(b) { $0.asset == $1.asset && $0.cloid == $1.cloid }
            default: false
            }
        }
    }

    public struct OrderSpec: Sendable, Equatable {
        public var asset: UInt64
        public var isBuy: Bool
        public var price: Decimal
        public var size: Decimal
        public var reduceOnly: Bool
        public var tif: String
        public var cloid: String?
    }

    public struct Rejection: Error, CustomStringConvertible {
        public var description: String
    }

    // MARK: Typed parsing

    /// Parses an action the way the venue deserialises it: exact key sets, exact types.
    public static func parseAction(_ json: EmulatorJSON) throws(Rejection) -> Action {
        func fail(_ why: String) -> Rejection { Rejection(description: why) }
        guard let type = json["type"]?.stringValue else { throw fail("action has no type") }
        switch type {
        case "order":
            guard Set(json.keys).isSubset(of: ["type", "orders", "grouping", "builder"]), json["builder"] == nil else {
                throw fail("order action keys \(json.keys)")
            }
            guard let items = json["orders"]?.arrayValue, let grouping = json["grouping"]?.stringValue else {
                throw fail("order action without orders/grouping")
            }
            var orders: [OrderSpec] = []
            for item in items {
                let keys = item.keys
                guard keys.sorted() == ["a", "b", "p", "r", "s", "t"] || keys.sorted() == ["a", "b", "c", "p", "r", "s", "t"] else {
                    throw fail("order keys \(keys)")
                }
                guard let asset = item["a"]?.uintValue, let isBuy = item["b"]?.boolValue, let p = item["p"]?.stringValue,
                      let s = item["s"]?.stringValue, let reduceOnly = item["r"]?.boolValue,
                      let price = plainDecimal(p), let size = plainDecimal(s) else {
                    throw fail("order fields malformed")
                }
                guard let t = item["t"], t.keys == ["limit"], let limit = t["limit"], limit.keys == ["tif"],
                      let tif = limit["tif"]?.stringValue, ["Gtc", "Ioc", "Alo"].contains(tif) else {
                    throw fail("order type malformed (only limit orders are emulated)")
                }
                var cloid: String?
                if let c = item["c"] {
                    guard let text = c.stringValue, text.count == 34, text.hasPrefix("0x"),
                          text.dropFirst(2).allSatisfy(\.isHexDigit) else { throw fail("cloid malformed") }
                    cloid = text
                }
                orders.append(OrderSpec(asset: asset, isBuy: isBuy, price: price, size: size, reduceOnly: reduceOnly, tif: tif,
                                        cloid: cloid))
            }
            return .order(orders: orders, grouping: grouping)
        case "cancel":
            guard json.keys.sorted() == ["cancels", "type"], let items = json["cancels"]?.arrayValue else { throw fail("cancel keys") }
            var cancels: [(asset: UInt64, oid: UInt64)] = []
            for item in items {
                guard item.keys.sorted() == ["a", "o"], let asset = item["a"]?.uintValue, let oid = item["o"]?.uintValue else {
                    throw fail("cancel entry malformed")
                }
                cancels.append((asset, oid))
            }
            return .cancel(cancels)
        case "cancelByCloid":
            guard json.keys.sorted() == ["cancels", "type"], let items = json["cancels"]?.arrayValue else { throw fail("cancelByCloid keys") }
            var cancels: [(asset: UInt64, cloid: String)] = []
            for item in items {
                guard item.keys.sorted() == ["asset", "cloid"], let asset = item["asset"]?.uintValue,
                      let cloid = item["cloid"]?.stringValue else { throw fail("cancelByCloid entry malformed") }
                cancels.append((asset, cloid))
            }
            return .cancelByCloid(cancels)
        default:
            throw fail("action type '\(type)' is not emulated")
        }
    }

    /// `-?digits(.digits)?` as a Decimal.
    static func plainDecimal(_ text: String) -> Decimal? {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        return Decimal(string: text)
    }

    /// Decimal text without exponent or trailing zeros, as the venue re-serialises numbers.
    public static func canonical(_ value: Decimal) -> String {
        var text = "\(value)"
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    // MARK: MessagePack, in the venue's field order

    /// The msgpack bytes the venue hashes for `action`.
    public static func messagePack(_ action: Action) -> [UInt8] {
        var w = Writer()
        switch action {
        case .order(let orders, let grouping):
            w.map(3)
            w.str("type"); w.str("order")
            w.str("orders"); w.array(orders.count)
            for order in orders {
                w.map(order.cloid == nil ? 6 : 7)
                w.str("a"); w.uint(order.asset)
                w.str("b"); w.bool(order.isBuy)
                w.str("p"); w.str(canonical(order.price))
                w.str("s"); w.str(canonical(order.size))
                w.str("r"); w.bool(order.reduceOnly)
                w.str("t"); w.map(1); w.str("limit"); w.map(1); w.str("tif"); w.str(order.tif)
                if let cloid = order.cloid { w.str("c"); w.str(cloid) }
            }
            w.str("grouping"); w.str(grouping)
        case .cancel(let cancels):
            w.map(2)
            w.str("type"); w.str("cancel")
            w.str("cancels"); w.array(cancels.count)
            for cancel in cancels {
                w.map(2); w.str("a"); w.uint(cancel.asset); w.str("o"); w.uint(cancel.oid)
            }
        case .cancelByCloid(let cancels):
            w.map(2)
            w.str("type"); w.str("cancelByCloid")
            w.str("cancels"); w.array(cancels.count)
            for cancel in cancels {
                w.map(2); w.str("asset"); w.uint(cancel.asset); w.str("cloid"); w.str(cancel.cloid)
            }
        }
        return w.bytes
    }

    /// A minimal msgpack writer (smallest forms).
    struct Writer {
        var bytes: [UInt8] = []

        mutating func be(_ value: UInt64, _ count: Int) {
            for shift in stride(from: (count - 1) * 8, through: 0, by: -8) { bytes.append(UInt8((value >> UInt64(shift)) & 0xff)) }
        }

        mutating func map(_ n: Int) { if n < 16 { bytes.append(0x80 + UInt8(n)) } else { bytes.append(0xde); be(UInt64(n), 2) } }
        mutating func array(_ n: Int) { if n < 16 { bytes.append(0x90 + UInt8(n)) } else { bytes.append(0xdc); be(UInt64(n), 2) } }
        mutating func bool(_ b: Bool) { bytes.append(b ? 0xc3 : 0xc2) }

        mutating func str(_ s: String) {
            let utf8 = Array(s.utf8)
            if utf8.count < 32 { bytes.append(0xa0 + UInt8(utf8.count)) } else if utf8.count < 256 { bytes += [0xd9, UInt8(utf8.count)] } else {
                bytes.append(0xda); be(UInt64(utf8.count), 2)
            }
            bytes += utf8
        }

        mutating func uint(_ v: UInt64) {
            if v < 128 { bytes.append(UInt8(v)) } else if v < 256 { bytes += [0xcc, UInt8(v)] } else if v < 65536 {
                bytes.append(0xcd); be(v, 2)
            } else if v < 1 << 32 { bytes.append(0xce); be(v, 4) } else { bytes.append(0xcf); be(v, 8) }
        }
    }

    // MARK: Hash, digest, recovery

    /// keccak256(msgpack || nonce || vault flag [|| 00 || expiresAfter]).
    public static func connectionId(_ action: Action, nonce: UInt64, vaultAddress: [UInt8]?, expiresAfter: UInt64?) -> [UInt8] {
        var w = Writer()
        w.bytes = messagePack(action)
        w.be(nonce, 8)
        if let vaultAddress { w.bytes.append(1); w.bytes += vaultAddress } else { w.bytes.append(0) }
        if let expiresAfter { w.bytes.append(0); w.be(expiresAfter, 8) }
        return Digest.keccak256(w.bytes)
    }

    /// The EIP-712 digest of the phantom agent `{source, connectionId}` (domain Exchange/1/1337/0x0).
    public static func phantomAgentDigest(connectionId: [UInt8], mainnet: Bool) -> [UInt8] {
        func k(_ text: String) -> [UInt8] { Digest.keccak256(Array(text.utf8)) }
        var chain = [UInt8](repeating: 0, count: 32)
        chain[30] = 0x05; chain[31] = 0x39  // 1337
        let domain = Digest.keccak256(k("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
                                      + k("Exchange") + k("1") + chain + [UInt8](repeating: 0, count: 32))
        let agent = Digest.keccak256(k("Agent(string source,bytes32 connectionId)") + k(mainnet ? "a" : "b") + connectionId)
        return Digest.keccak256([0x19, 0x01] + domain + agent)
    }

    /// The address that signed `digest` with `{r, s, v}` (r and s as hex integers, v 27 or 28).
    public static func recover(digest: [UInt8], r: String, s: String, v: UInt64) -> [UInt8]? {
        guard v == 27 || v == 28, let rBytes = word(r), let sBytes = word(s) else { return nil }
        return SignatureVerifier.recoverAddress(digest: digest, signature65: rBytes + sBytes + [UInt8(v - 27)])
    }

    /// A `0x` hex integer of at most 64 digits as 32 bytes.
    static func word(_ text: String) -> [UInt8]? {
        guard text.hasPrefix("0x") else { return nil }
        var digits = String(text.dropFirst(2))
        guard !digits.isEmpty, digits.count <= 64, digits.allSatisfy(\.isHexDigit) else { return nil }
        digits = String(repeating: "0", count: 64 - digits.count) + digits
        return try? Hex.decode(digits)
    }
}
