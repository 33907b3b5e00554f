import COpenSSL

/// Secret bytes in memory of their own, wiped (`OPENSSL_cleanse`, which the compiler cannot elide)
/// when the last reference goes away.
///
/// `@unchecked Sendable`: the buffer is written only in `init` and `deinit`; in between it is only
/// read, so sharing across threads is safe. Nothing prints the bytes (see the descriptions below).
final class SecretBytes: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes`. The caller remains responsible for wiping its own copy.
    init(_ bytes: UnsafeRawBufferPointer) {
        storage = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        if bytes.count > 0 { storage.copyMemory(from: bytes) }
        count = bytes.count
    }

    /// How many secret bytes there are.
    let count: Int

    deinit {
        OPENSSL_cleanse(storage.baseAddress, storage.count)
        storage.deallocate()
    }

    /// Read access to the bytes; the pointer must not escape `body`.
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
    }

    var description: String { "<secret: \(count) bytes>" }
    var debugDescription: String { description }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// Overwrites `bytes` with zeros in a way the optimiser keeps (for temporary copies of secrets).
func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
}
