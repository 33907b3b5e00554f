import PluginABI

/// One instance of a Swift venue plugin: what the host can ask of it.
///
/// Implementations translate orders into signed requests sent with ``HostHandle/send(_:completion:)``
/// and venue replies into reports. Each method must call its completion exactly once, inline or later.
///
/// - Important: The host serialises every call into one instance (operations, HTTP and timer
///   callbacks), so an instance needs no lock. Never block in these methods.
public protocol VenuePluginInstance: AnyObject {
    func placeOrder(_ order: VenueOrder, _ done: OperationCompletion)
    func cancelOrder(_ order: VenueOrderRef, _ done: OperationCompletion)
    func cancelAll(market: String, _ done: OperationCompletion)
    func openOrders(market: String, _ done: OperationCompletion)
    func queryOrder(_ order: VenueOrderRef, _ done: OperationCompletion)
    func positions(_ done: OperationCompletion)
    func balances(_ done: OperationCompletion)
    func health(_ done: OperationCompletion)
}

extension VenuePluginInstance {
    public func cancelAll(market: String, _ done: OperationCompletion) { done.fail(.unsupported, "cancel all is not supported") }
    public func openOrders(market: String, _ done: OperationCompletion) { done.fail(.unsupported, "open orders is not supported") }
    public func queryOrder(_ order: VenueOrderRef, _ done: OperationCompletion) { done.fail(.unsupported, "order query is not supported") }
    public func positions(_ done: OperationCompletion) { done.fail(.unsupported, "positions are not supported") }
    public func balances(_ done: OperationCompletion) { done.fail(.unsupported, "balances are not supported") }
}

/// What a Swift plugin declares about itself; becomes the static `gw_plugin` descriptor.
public struct PluginInfo: Sendable {
    public var name: String
    public var version: String
    public var description: String
    public var venues: [String]
    public var capabilities: UInt64
    public var clientOrderIdMaxLength: UInt32
    public var clientOrderIdCharacters: String
    public var rateLimits: [(bucket: String, capacity: UInt32, refillPerSecond: UInt32)]

    public init(name: String, version: String, description: String, venues: [String], capabilities: UInt64,
                clientOrderIdMaxLength: UInt32, clientOrderIdCharacters: String = "-_",
                rateLimits: [(bucket: String, capacity: UInt32, refillPerSecond: UInt32)] = []) {
        self.name = name
        self.version = version
        self.description = description
        self.venues = venues
        self.capabilities = capabilities
        self.clientOrderIdMaxLength = clientOrderIdMaxLength
        self.clientOrderIdCharacters = clientOrderIdCharacters
        self.rateLimits = rateLimits
    }
}

/// Makes an instance from the host handle and the configuration JSON given to `create`.
public typealias VenueInstanceFactory = (HostHandle, String) throws(VenueFailure) -> any VenuePluginInstance

/// Builds the C descriptor of a Swift plugin and bridges its C entry points to a ``VenuePluginInstance``.
///
/// Each plugin library links its own static copy of VenueKit and exports one plugin, so the factory
/// is kept in one process-wide slot of this copy.
public enum PluginExport {
    nonisolated(unsafe) private static var factory: VenueInstanceFactory?

    /// Returns a descriptor in static storage (never freed: the contract requires it to live forever).
    /// Call once, from the initialiser of a global `let`.
    public static func descriptor(_ info: PluginInfo, factory: @escaping VenueInstanceFactory) -> UnsafePointer<gw_plugin> {
        Self.factory = factory
        let arena = Arena()
        let venues = info.venues.map { arena.str($0) }
        let limits = info.rateLimits.map {
            gw_rate_limit(bucket: arena.str($0.bucket), capacity: $0.capacity, refill_per_second: $0.refillPerSecond)
        }
        let descriptor = gw_plugin(
            struct_size: UInt32(MemoryLayout<gw_plugin>.size), abi_major: UInt16(GW_ABI_MAJOR),
            abi_minor: UInt16(GW_ABI_MINOR), name: arena.str(info.name), version: arena.str(info.version),
            description: arena.str(info.description), venues: arena.array(venues), venue_count: venues.count,
            capabilities: info.capabilities, client_order_id_max_len: info.clientOrderIdMaxLength,
            client_order_id_charset: arena.str(info.clientOrderIdCharacters), rate_limits: arena.array(limits),
            rate_limit_count: limits.count,
            create: { api, ctx, config, out, message, capacity in
                PluginExport.create(api, ctx, config, out, message, capacity)
            },
            destroy: { instance in Unmanaged<InstanceBox>.fromOpaque(instance).release() },
            place_order: { instance, order, done, ctx in
                InstanceBox.impl(instance).placeOrder(VenueOrder(order.pointee), OperationCompletion(done, ctx))
            },
            cancel_order: { instance, which, done, ctx in
                InstanceBox.impl(instance).cancelOrder(VenueOrderRef(which.pointee), OperationCompletion(done, ctx))
            },
            cancel_all: { instance, market, done, ctx in
                InstanceBox.impl(instance).cancelAll(market: market.string, OperationCompletion(done, ctx))
            },
            open_orders: { instance, market, done, ctx in
                InstanceBox.impl(instance).openOrders(market: market.string, OperationCompletion(done, ctx))
            },
            query_order: { instance, which, done, ctx in
                InstanceBox.impl(instance).queryOrder(VenueOrderRef(which.pointee), OperationCompletion(done, ctx))
            },
            positions: { instance, done, ctx in InstanceBox.impl(instance).positions(OperationCompletion(done, ctx)) },
            balances: { instance, done, ctx in InstanceBox.impl(instance).balances(OperationCompletion(done, ctx)) },
            health: { instance, done, ctx in InstanceBox.impl(instance).health(OperationCompletion(done, ctx)) })
        let pointer = arena.pointer(descriptor)
        // The descriptor and its strings must live for the life of the process.
        arena.keepForever()
        return pointer
    }

    private static func create(
        _ api: UnsafePointer<gw_host_api>, _ ctx: UnsafeMutableRawPointer?, _ config: gw_str,
        _ out: UnsafeMutablePointer<UnsafeMutableRawPointer?>, _ message: UnsafeMutablePointer<CChar>,
        _ capacity: Int
    ) -> gw_status {
        guard let factory else { return writeError("plugin descriptor was not initialised", message, capacity, GW_ERR_INTERNAL) }
        guard api.pointee.struct_size >= UInt32(MemoryLayout<gw_host_api>.size) else {
            return writeError("host service table is \(api.pointee.struct_size) bytes, this plugin needs \(MemoryLayout<gw_host_api>.size)",
                              message, capacity, GW_ERR_UNSUPPORTED)
        }
        do {
            let instance = try factory(HostHandle(api: api, context: ctx), config.string)
            out.pointee = Unmanaged.passRetained(InstanceBox(instance)).toOpaque()
            return GW_OK
        } catch {
            return writeError(error.message, message, capacity, error.status.rawValue)
        }
    }

    private static func writeError(_ text: String, _ out: UnsafeMutablePointer<CChar>, _ capacity: Int,
                                   _ status: gw_status) -> gw_status {
        guard capacity > 0 else { return status }
        let bytes = Array(text.utf8.prefix(capacity - 1))
        bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { out.update(from: $0.baseAddress!, count: bytes.count) }
        }
        out[bytes.count] = 0
        return status
    }
}

/// Holds a Swift instance behind the opaque `void *instance` the host keeps.
final class InstanceBox {
    let impl: any VenuePluginInstance
    init(_ impl: any VenuePluginInstance) { self.impl = impl }

    static func impl(_ pointer: UnsafeMutableRawPointer) -> any VenuePluginInstance {
        Unmanaged<InstanceBox>.fromOpaque(pointer).takeUnretainedValue().impl
    }
}
