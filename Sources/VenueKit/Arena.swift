import PluginABI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns the memory behind the strings and arrays a plugin hands to the host in one callback.
///
/// The contract says everything a plugin passes to a host callback only has to stay valid until that
/// callback returns, so one arena per callback is enough: build the C structs with it, call the host,
/// and let the arena go. Not thread-safe; use one arena per call.
public final class Arena {
    private var blocks: [UnsafeMutableRawPointer] = []

    public init() {}

    deinit {
        for block in blocks { free(block) }
    }

    /// A `gw_str` copy of `string`, valid as long as the arena lives.
    public func str(_ string: String) -> gw_str {
        var utf8 = string
        return utf8.withUTF8 { buf -> gw_str in
            guard buf.count > 0, let raw = malloc(buf.count) else { return .empty }
            blocks.append(raw)
            raw.copyMemory(from: buf.baseAddress!, byteCount: buf.count)
            return gw_str(ptr: raw.assumingMemoryBound(to: CChar.self), len: buf.count)
        }
    }

    /// A `gw_bytes` copy of `bytes`.
    public func bytes(_ bytes: [UInt8]) -> gw_bytes {
        guard !bytes.isEmpty, let raw = malloc(bytes.count) else { return gw_bytes(ptr: nil, len: 0) }
        blocks.append(raw)
        bytes.withUnsafeBytes { raw.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        return gw_bytes(ptr: raw.assumingMemoryBound(to: UInt8.self), len: bytes.count)
    }

    /// A C array holding `values`, valid as long as the arena lives (nil when empty).
    public func array<T>(_ values: [T]) -> UnsafePointer<T>? {
        guard !values.isEmpty, let raw = malloc(MemoryLayout<T>.stride * values.count) else { return nil }
        blocks.append(raw)
        let typed = raw.bindMemory(to: T.self, capacity: values.count)
        typed.initialize(from: values, count: values.count)
        return UnsafePointer(typed)
    }

    /// Gives up ownership of everything allocated so far: it is never freed (for descriptors that must
    /// live as long as the process).
    public func keepForever() {
        blocks.removeAll()
    }

    /// A single C struct holding `value`.
    public func pointer<T>(_ value: T) -> UnsafePointer<T> {
        array([value])!
    }
}
