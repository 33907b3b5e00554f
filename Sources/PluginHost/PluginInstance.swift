import Dispatch
import Foundation
import GatewayCrypto
import Logging
import PluginABI
import Synchronization
import VenueKit

/// A created plugin instance serving one venue: the host's typed, asynchronous face of the C vtable.
///
/// Every operation returns once the plugin's completion was called (exactly once, enforced here) or
/// the operation deadline passed, in which case the outcome is `outcomeUnknown` and a late completion
/// is logged and ignored.
public final class PluginInstance: @unchecked Sendable {
    public let venue: String
    public let library: PluginLibrary
    let context: HostContext
    private let instance: UnsafeMutableRawPointer
    private let configuredKeys: Set<UInt64>
    private let destroyed = Mutex(false)

    /// Creates an instance of `library` for `venue`.
    ///
    /// - Parameters:
    ///   - settings: the manifest's non-secret settings.
    ///   - credentials: handles already loaded into `services.keyStore` (see ``CredentialLoader``).
    /// - Throws: ``PluginError`` `.createFailed` with the plugin's own reason.
    public init(library: PluginLibrary, venue: String, settings: [String: JSONValue] = [:],
                credentials: [String: KeyHandle] = [:], services: HostServices) throws(PluginError) {
        self.venue = venue
        self.library = library
        configuredKeys = Set(credentials.values.map(\.rawValue))
        let context = HostContext(pluginName: library.descriptor.name, venue: venue, services: services,
                                  rateLimits: library.descriptor.rateLimits, keys: Array(credentials.values))
        self.context = context
        var config = settings
        config["venue"] = .string(venue)
        config["credentials"] = .object(credentials.mapValues { .number(Double($0.rawValue)) })
        let json = JSONValue.object(config).serialized()
        var out: UnsafeMutableRawPointer?
        var message = [CChar](repeating: 0, count: 1024)
        let create = library.table.pointee.create!
        let status = withGWStr(json) { config in
            message.withUnsafeMutableBufferPointer { create(HostServiceTable.table, context.opaque, config, &out, $0.baseAddress!, $0.count) }
        }
        guard status == GW_OK, let out else {
            let reason = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw PluginError(.createFailed, "plugin '\(library.descriptor.name)' refused to start for venue '\(venue)': \(reason.isEmpty ? VenueStatus(rawValue: status).description : reason)")
        }
        instance = out
    }

    public var descriptor: PluginDescriptor { library.descriptor }

    /// Completions refused in this process because a plugin called them twice or after the deadline.
    public static var contractViolations: Int { OperationRegistry.shared.violationCount }

    /// Completions of this instance's operations refused because they came twice or after the deadline.
    public var contractViolations: Int { OperationRegistry.shared.violations(for: context) }

    /// Receives events the plugin emits later (fills, cancels, expiries). Called on the plugin's thread.
    public func onEvent(_ handler: (@Sendable (VenueEvent) -> Void)?) {
        context.setEventHandler(handler)
    }

    // MARK: Operations

    public func placeOrder(_ order: VenueOrder) async -> OperationOutcome {
        let table = library.table
        return await run("place_order") { instance, done, ctx in
            let arena = Arena()
            var c = gw_order(
                struct_size: UInt32(MemoryLayout<gw_order>.size), client_order_id: arena.str(order.clientOrderId),
                market: arena.str(order.market), side: order.side, outcome: order.outcome, type: order.type,
                time_in_force: order.timeInForce, flags: order.flags, quantity: arena.str(order.quantity),
                limit_price: arena.str(order.limitPrice), expire_at_unix_ms: order.expireAtUnixMs)
            withExtendedLifetime(arena) { table.pointee.place_order!(instance, &c, done, ctx) }
        }
    }

    public func cancelOrder(_ ref: VenueOrderRef) async -> OperationOutcome {
        let table = library.table
        return await run("cancel_order") { instance, done, ctx in
            let arena = Arena()
            var c = gw_cancel(struct_size: UInt32(MemoryLayout<gw_cancel>.size), market: arena.str(ref.market),
                              venue_order_id: arena.str(ref.venueOrderId), client_order_id: arena.str(ref.clientOrderId))
            withExtendedLifetime(arena) { table.pointee.cancel_order!(instance, &c, done, ctx) }
        }
    }

    public func queryOrder(_ ref: VenueOrderRef) async -> OperationOutcome {
        guard let fn = library.table.pointee.query_order else { return .failed(.unsupported, "\(venue): order query is not supported") }
        return await run("query_order") { instance, done, ctx in
            let arena = Arena()
            var c = gw_cancel(struct_size: UInt32(MemoryLayout<gw_cancel>.size), market: arena.str(ref.market),
                              venue_order_id: arena.str(ref.venueOrderId), client_order_id: arena.str(ref.clientOrderId))
            withExtendedLifetime(arena) { fn(instance, &c, done, ctx) }
        }
    }

    public func cancelAll(market: String = "") async -> OperationOutcome {
        guard let fn = library.table.pointee.cancel_all else { return .failed(.unsupported, "\(venue): cancel all is not supported") }
        return await run("cancel_all") { instance, done, ctx in withGWStr(market) { fn(instance, $0, done, ctx) } }
    }

    public func openOrders(market: String = "") async -> OperationOutcome {
        guard let fn = library.table.pointee.open_orders else { return .failed(.unsupported, "\(venue): open orders are not supported") }
        return await run("open_orders") { instance, done, ctx in withGWStr(market) { fn(instance, $0, done, ctx) } }
    }

    public func positions() async -> OperationOutcome {
        guard let fn = library.table.pointee.positions else { return .failed(.unsupported, "\(venue): positions are not supported") }
        return await run("positions") { instance, done, ctx in fn(instance, done, ctx) }
    }

    public func balances() async -> OperationOutcome {
        guard let fn = library.table.pointee.balances else { return .failed(.unsupported, "\(venue): balances are not supported") }
        return await run("balances") { instance, done, ctx in fn(instance, done, ctx) }
    }

    public func health() async -> OperationOutcome {
        let fn = library.table.pointee.health!
        return await run("health") { instance, done, ctx in fn(instance, done, ctx) }
    }

    /// Destroys the instance once no operation or callback is outstanding (waiting at most the
    /// operation timeout), and forgets the keys it imported. Later operations fail with `.unsupported`.
    public func shutdown() async {
        let alreadyDestroyed = destroyed.withLock { d -> Bool in defer { d = true }; return d }
        guard !alreadyDestroyed else { return }
        let deadline = ContinuousClock.now + context.services.operationTimeout
        while (OperationRegistry.shared.pending(for: context) > 0 || context.outstandingCallbacks > 0)
            && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        let destroy = library.table.pointee.destroy!
        let instance = UnsafeTransfer(instance)
        context.serially { destroy(instance.value) }
        context.removeImportedKeys(except: configuredKeys)
    }

    // MARK: Calling

    private func run(_ name: String, _ invoke: (UnsafeMutableRawPointer, gw_completion_fn, UnsafeMutableRawPointer?) -> Void)
        async -> OperationOutcome
    {
        if destroyed.withLock({ $0 }) { return .failed(.unsupported, "\(venue): the plugin instance was shut down") }
        let timeout = context.services.operationTimeout
        return await withCheckedContinuation { (continuation: CheckedContinuation<OperationOutcome, Never>) in
            let id = OperationRegistry.shared.register(continuation, context: context, name: name)
            let ctx = UnsafeMutableRawPointer(bitPattern: UInt(id))
            let instance = self.instance
            context.serially { invoke(instance, operationCompleted, ctx) }
            if OperationRegistry.shared.isPending(id) {
                let venue = self.venue
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(timeout.components.seconds * 1_000_000_000))) {
                    OperationRegistry.shared.expire(id, message: "\(venue): \(name) did not complete within \(timeout); its outcome is unknown")
                }
            }
        }
    }
}

/// The one completion function handed to every plugin operation: `op_ctx` carries the operation's id.
private let operationCompleted: gw_completion_fn = { ctx, result in
    OperationRegistry.shared.complete(UInt64(UInt(bitPattern: ctx)), with: result)
}

/// Pending operations by id, so that a completion is accepted exactly once and a second or late one
/// is detected instead of touching freed memory.
final class OperationRegistry: Sendable {
    static let shared = OperationRegistry()

    struct Pending {
        var continuation: CheckedContinuation<OperationOutcome, Never>
        var context: HostContext
        var name: String
    }

    private struct State {
        var nextId: UInt64 = 1
        var pending: [UInt64: Pending] = [:]
        var perContext: [UInt64: Int] = [:]
        var violations = 0
        /// Who owned the most recently finished operations, to attribute a late second completion.
        var recentOwners: [UInt64: UInt64] = [:]
        var recentRing = [UInt64](repeating: 0, count: 4096)
        var recentIndex = 0
        var violationsPerContext: [UInt64: Int] = [:]
    }

    private let state = Mutex(State())

    func register(_ continuation: CheckedContinuation<OperationOutcome, Never>, context: HostContext, name: String) -> UInt64 {
        state.withLock { s in
            let id = s.nextId
            s.nextId += 1
            s.pending[id] = Pending(continuation: continuation, context: context, name: name)
            s.perContext[context.identity, default: 0] += 1
            return id
        }
    }

    /// Completions refused so far because they came twice or too late.
    var violationCount: Int { state.withLock { $0.violations } }

    func isPending(_ id: UInt64) -> Bool { state.withLock { $0.pending[id] != nil } }

    func pending(for context: HostContext) -> Int { state.withLock { $0.perContext[context.identity] ?? 0 } }

    private func take(_ id: UInt64) -> Pending? {
        state.withLock { s in
            guard let p = s.pending.removeValue(forKey: id) else {
                return nil
            }
            let owner = p.context.identity
            s.perContext[owner, default: 1] -= 1
            let evicted = s.recentRing[s.recentIndex]
            if evicted != 0 { s.recentOwners.removeValue(forKey: evicted) }
            s.recentRing[s.recentIndex] = id
            s.recentIndex = (s.recentIndex + 1) % s.recentRing.count
            s.recentOwners[id] = owner
            return p
        }
    }

    /// Completions refused for operations of `context`.
    func violations(for context: HostContext) -> Int {
        state.withLock { $0.violationsPerContext[context.identity] ?? 0 }
    }

    func complete(_ id: UInt64, with result: UnsafePointer<gw_result>?) {
        guard let pending = take(id) else {
            // A second completion, or one after the deadline: the contract says exactly once.
            state.withLock { s in
                s.violations += 1
                if let owner = s.recentOwners[id] { s.violationsPerContext[owner, default: 0] += 1 }
            }
            Logger(label: "gateway.plugins").warning("contract violation: an operation completed twice or after its deadline (op \(id))")
            return
        }
        guard let result else {
            pending.continuation.resume(returning: .failed(.internalError, "\(pending.context.pluginName): \(pending.name) completed with a NULL result"))
            return
        }
        pending.continuation.resume(returning: OperationOutcome(result.pointee))
    }

    func expire(_ id: UInt64, message: String) {
        guard let pending = take(id) else { return }
        pending.context.log(GW_LOG_ERROR, message)
        pending.continuation.resume(returning: .failed(.outcomeUnknown, message))
    }
}
