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
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0
    private static let blockSize = 2048

    public init() {}

    deinit {
        for block in blocks { free(block) }
    }

    /// `count` bytes aligned to 16, carved from the current block (one `malloc` serves many strings).
    private func allocate(_ count: Int) -> UnsafeMutableRawPointer? {
        let size = (count + 15) & ~15
        if size > remaining {
            let blockSize = max(Self.blockSize, size)
            guard let block = malloc(blockSize) else { return nil }
            blocks.append(block)
            cursor = block
            remaining = blockSize
        }
        let pointer = cursor!
        cursor = pointer + size
        remaining -= size
        return pointer
    }

    /// A `gw_str` copy of `string`, valid as long as the arena lives.
    public func str(_ string: String) -> gw_str {
        var utf8 = string
        return utf8.withUTF8 { buf -> gw_str in
            guard buf.count > 0, let raw = allocate(buf.count) else { return .empty }
            raw.copyMemory(from: buf.baseAddress!, byteCount: buf.count)
            return gw_str(ptr: raw.assumingMemoryBound(to: CChar.self), len: buf.count)
        }
    }

    /// A `gw_bytes` copy of `bytes`.
    public func bytes(_ bytes: [UInt8]) -> gw_bytes {
        guard !bytes.isEmpty, let raw = allocate(bytes.count) else { return gw_bytes(ptr: nil, len: 0) }
        bytes.withUnsafeBytes { raw.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        return gw_bytes(ptr: raw.assumingMemoryBound(to: UInt8.self), len: bytes.count)
    }

    /// A C array holding `values`, valid as long as the arena lives (nil when empty).
    public func array<T>(_ values: [T]) -> UnsafePointer<T>? {
        guard !values.isEmpty, MemoryLayout<T>.alignment <= 16,
              let raw = allocate(MemoryLayout<T>.stride * values.count) else { return nil }
        let typed = raw.bindMemory(to: T.self, capacity: values.count)
        typed.initialize(from: values, count: values.count)
        return UnsafePointer(typed)
    }

    /// Gives up ownership of everything allocated so far: it is never freed (for descriptors that must
    /// live as long as the process).
    public func keepForever() {
        blocks.removeAll()
        cursor = nil
        remaining = 0
    }

    /// A single C struct holding `value`.
    public func pointer<T>(_ value: T) -> UnsafePointer<T> {
        array([value])!
    }
}
