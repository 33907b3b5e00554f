import Foundation
import GatewayCrypto
import Logging
import PluginABI
import Synchronization
import VenueKit

/// The host side of one plugin instance; its address is the `host_ctx` the plugin passes back.
///
/// It serialises every call into the instance (operations, HTTP and timer callbacks) with one lock,
/// so the plugin's state needs none, and it limits the key store to the handles this instance was
/// given or imported: one plugin cannot sign with another's keys.
final class HostContext: @unchecked Sendable {
    /// Unique for the life of the process (an object's address can be reused after it is freed).
    let identity: UInt64 = HostContext.identities.wrappingAdd(1, ordering: .relaxed).newValue
    private static let identities = Atomic<UInt64>(0)
    let pluginName: String
    let venue: String
    let services: HostServices
    let logger: Logger
    let rateLimiter: RateLimiter
    private let serial = Mutex(())
    private let keys: Mutex<Set<UInt64>>
    /// Boxed: a closure kept directly in a generic `Mutex` is re-wrapped in a reabstraction thunk on every
    /// `withLock` read-back, so each event would call through one more thunk than the last.
    private let eventHandler = Mutex<EventHandlerBox?>(nil)
    private let pendingCallbacks = Mutex(0)

    init(pluginName: String, venue: String, services: HostServices, rateLimits: [PluginDescriptor.RateLimit],
         keys: [KeyHandle]) {
        self.pluginName = pluginName
        self.venue = venue
        self.services = services
        var logger = services.logger
        logger[metadataKey: "plugin"] = "\(pluginName)"
        logger[metadataKey: "venue"] = "\(venue)"
        self.logger = logger
        rateLimiter = RateLimiter(rateLimits)
        self.keys = Mutex(Set(keys.map(\.rawValue)))
    }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> HostContext {
        Unmanaged<HostContext>.fromOpaque(pointer!).takeUnretainedValue()
    }

    /// Runs `body` with exclusive access to the plugin instance.
    func serially<R>(_ body: () -> R) -> R {
        serial.withLock { _ in body() }
    }

    func setEventHandler(_ handler: (@Sendable (VenueEvent) -> Void)?) {
        let box = handler.map(EventHandlerBox.init)
        eventHandler.withLock { $0 = box }
    }

    func deliver(_ event: VenueEvent) {
        let box = eventHandler.withLock { $0 }
        box?.handler(event)
    }

    // MARK: Keys

    func owns(_ key: gw_key) -> KeyHandle? {
        keys.withLock { $0.contains(key) } ? KeyHandle(rawValue: key) : nil
    }

    func adopt(_ key: KeyHandle) {
        _ = keys.withLock { $0.insert(key.rawValue) }
    }

    /// Forgets the keys imported at run time (configured keys belong to the host and stay).
    func removeImportedKeys(except configured: Set<UInt64>) {
        let imported = keys.withLock { $0.subtracting(configured) }
        for raw in imported { _ = services.keyStore.remove(KeyHandle(rawValue: raw)) }
    }

    // MARK: Callbacks into the plugin, always asynchronous and serialised

    /// Number of HTTP and timer callbacks still to be delivered.
    var outstandingCallbacks: Int { pendingCallbacks.withLock { $0 } }

    func callbackScheduled() { pendingCallbacks.withLock { $0 += 1 } }
    func callbackDelivered() { pendingCallbacks.withLock { $0 -= 1 } }
}

final class EventHandlerBox: Sendable {
    let handler: @Sendable (VenueEvent) -> Void
    init(_ handler: @escaping @Sendable (VenueEvent) -> Void) { self.handler = handler }
}

/// Carries a C pointer across a concurrency boundary. The contract makes the pointee the plugin's
/// business; the host only hands it back.
struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
