import PluginABI

extension gw_str {
    /// The borrowed bytes decoded as UTF-8 (invalid sequences repaired). Copies.
    public var string: String {
        guard let ptr, len > 0 else { return "" }
        return ptr.withMemoryRebound(to: UInt8.self, capacity: len) {
            String(decoding: UnsafeBufferPointer(start: $0, count: len), as: UTF8.self)
        }
    }

    /// An empty string.
    public static var empty: gw_str { gw_str(ptr: nil, len: 0) }
}

extension gw_bytes {
    /// A copy of the borrowed bytes.
    public var array: [UInt8] {
        guard let ptr, len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: ptr, count: len))
    }

    /// The borrowed bytes decoded as UTF-8. Copies.
    public var string: String {
        guard let ptr, len > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: ptr, count: len), as: UTF8.self)
    }
}

/// Calls `body` with a `gw_str` that borrows `string`'s UTF-8 bytes for the duration of the call.
@inlinable
public func withGWStr<R>(_ string: String, _ body: (gw_str) throws -> R) rethrows -> R {
    var copy = string
    return try copy.withUTF8 { buf in
        try buf.withMemoryRebound(to: CChar.self) { try body(gw_str(ptr: $0.baseAddress, len: $0.count)) }
    }
}

/// Calls `body` with a `gw_bytes` that borrows `bytes` for the duration of the call.
@inlinable
public func withGWBytes<R>(_ bytes: [UInt8], _ body: (gw_bytes) throws -> R) rethrows -> R {
    try bytes.withUnsafeBufferPointer { try body(gw_bytes(ptr: $0.baseAddress, len: $0.count)) }
}
