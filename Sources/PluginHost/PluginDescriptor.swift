import PluginABI
import VenueKit

/// What a plugin says about itself, copied out of its `gw_plugin` descriptor and checked.
public struct PluginDescriptor: Sendable, Equatable {
    public var name: String
    public var version: String
    public var description: String
    public var venues: [String]
    public var abiMajor: Int
    public var abiMinor: Int
    public var capabilities: Capabilities
    public var clientOrderIdMaxLength: Int
    public var clientOrderIdCharacters: String
    public var rateLimits: [RateLimit]

    public struct RateLimit: Sendable, Equatable {
        public var bucket: String
        public var capacity: UInt32
        public var refillPerSecond: UInt32
    }

    /// Reads and validates a descriptor. `pointer` must point to at least `struct_size` readable bytes.
    ///
    /// - Throws: ``PluginError`` with `.abiMismatch` for another major or a too-small struct, and
    ///   `.invalidDescriptor` for a missing required function or malformed name or venue ids.
    static func read(_ pointer: UnsafePointer<gw_plugin>, library: String) throws(PluginError) -> PluginDescriptor {
        let raw = UnsafeRawPointer(pointer)
        let size = Int(raw.load(as: UInt32.self))
        let major = Int(raw.load(fromByteOffset: 4, as: UInt16.self))
        let minor = Int(raw.load(fromByteOffset: 6, as: UInt16.self))
        guard major == Int(GW_ABI_MAJOR) else {
            throw PluginError(.abiMismatch,
                              "\(library): ABI mismatch: plugin built for ABI \(major).\(minor), this host speaks ABI \(GW_ABI_MAJOR).\(GW_ABI_MINOR)")
        }
        let required = MemoryLayout<gw_plugin>.size  // every field of minor 0 is needed
        guard size >= required else {
            throw PluginError(.abiMismatch, "\(library): ABI mismatch: descriptor is \(size) bytes, ABI \(GW_ABI_MAJOR).0 needs at least \(required)")
        }
        let d = pointer.pointee
        let name = d.name.string
        guard isIdentifier(name) else {
            throw PluginError(.invalidDescriptor, "\(library): descriptor name '\(name)' must be non-empty and use only a-z, 0-9, '-' and '_'")
        }
        var venues: [String] = []
        if let list = d.venues {
            for i in 0..<d.venue_count { venues.append(list[i].string) }
        }
        guard !venues.isEmpty else { throw PluginError(.invalidDescriptor, "\(library): plugin '\(name)' declares no venue id") }
        for venue in venues where !isIdentifier(venue) {
            throw PluginError(.invalidDescriptor, "\(library): venue id '\(venue)' must use only a-z, 0-9, '-' and '_'")
        }
        for (path, field) in [(\gw_plugin.create, "create"), (\gw_plugin.destroy, "destroy"),
                              (\gw_plugin.place_order, "place_order"), (\gw_plugin.cancel_order, "cancel_order"),
                              (\gw_plugin.health, "health")] as [(PartialKeyPath<gw_plugin>, String)] {
            let offset = MemoryLayout<gw_plugin>.offset(of: path)!
            if raw.load(fromByteOffset: offset, as: UnsafeRawPointer?.self) == nil {
                throw PluginError(.invalidDescriptor, "\(library): plugin '\(name)' has no '\(field)' function (required)")
            }
        }
        let capabilities = Capabilities(rawValue: d.capabilities)
        let optional: [(Capabilities, PartialKeyPath<gw_plugin>, String)] = [
            (.cancelAll, \gw_plugin.cancel_all, "cancel_all"), (.openOrders, \gw_plugin.open_orders, "open_orders"),
            (.queryOrder, \gw_plugin.query_order, "query_order"), (.positions, \gw_plugin.positions, "positions"),
            (.balances, \gw_plugin.balances, "balances"),
        ]
        for (capability, path, field) in optional where capabilities.contains(capability) {
            let offset = MemoryLayout<gw_plugin>.offset(of: path)!
            if raw.load(fromByteOffset: offset, as: UnsafeRawPointer?.self) == nil {
                throw PluginError(.invalidDescriptor, "\(library): plugin '\(name)' claims \(capability) but its '\(field)' function is NULL")
            }
        }
        var limits: [RateLimit] = []
        if let list = d.rate_limits {
            for i in 0..<d.rate_limit_count {
                limits.append(RateLimit(bucket: list[i].bucket.string, capacity: list[i].capacity,
                                        refillPerSecond: list[i].refill_per_second))
            }
        }
        return PluginDescriptor(
            name: name, version: d.version.string, description: d.description.string, venues: venues,
            abiMajor: major, abiMinor: minor, capabilities: capabilities,
            clientOrderIdMaxLength: Int(d.client_order_id_max_len), clientOrderIdCharacters: d.client_order_id_charset.string,
            rateLimits: limits)
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        }
    }
}

/// The capability bits of `gw_plugin.capabilities`, with readable names.
public struct Capabilities: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let marketOrders = Capabilities(rawValue: UInt64(GW_CAP_MARKET_ORDERS))
    public static let limitOrders = Capabilities(rawValue: UInt64(GW_CAP_LIMIT_ORDERS))
    public static let ioc = Capabilities(rawValue: UInt64(GW_CAP_IOC))
    public static let fok = Capabilities(rawValue: UInt64(GW_CAP_FOK))
    public static let gtd = Capabilities(rawValue: UInt64(GW_CAP_GTD))
    public static let postOnly = Capabilities(rawValue: UInt64(GW_CAP_POST_ONLY))
    public static let reduceOnly = Capabilities(rawValue: UInt64(GW_CAP_REDUCE_ONLY))
    public static let clientOrderId = Capabilities(rawValue: UInt64(GW_CAP_CLIENT_ORDER_ID))
    public static let cancelAll = Capabilities(rawValue: UInt64(GW_CAP_CANCEL_ALL))
    public static let openOrders = Capabilities(rawValue: UInt64(GW_CAP_OPEN_ORDERS))
    public static let positions = Capabilities(rawValue: UInt64(GW_CAP_POSITIONS))
    public static let balances = Capabilities(rawValue: UInt64(GW_CAP_BALANCES))
    public static let queryOrder = Capabilities(rawValue: UInt64(GW_CAP_QUERY_ORDER))
    public static let binaryOutcomes = Capabilities(rawValue: UInt64(GW_CAP_BINARY_OUTCOMES))
    public static let fillEvents = Capabilities(rawValue: UInt64(GW_CAP_FILL_EVENTS))
    public static let simulated = Capabilities(rawValue: UInt64(GW_CAP_SIMULATED))
    public static let hexClientOrderId = Capabilities(rawValue: UInt64(GW_CAP_HEX_CLIENT_ID))

    static let names: [(Capabilities, String)] = [
        (.marketOrders, "market"), (.limitOrders, "limit"), (.ioc, "ioc"), (.fok, "fok"), (.gtd, "gtd"),
        (.postOnly, "post_only"), (.reduceOnly, "reduce_only"), (.clientOrderId, "client_id"),
        (.cancelAll, "cancel_all"), (.openOrders, "open_orders"), (.positions, "positions"), (.balances, "balances"),
        (.queryOrder, "query_order"), (.binaryOutcomes, "binary"), (.fillEvents, "fill_events"), (.simulated, "simulated"), (.hexClientOrderId, "hex_client_id"),
    ]

    /// The names of the set bits, in declaration order.
    public var names: [String] { Self.names.filter { contains($0.0) }.map(\.1) }
    public var description: String { names.joined(separator: ",") }
}
