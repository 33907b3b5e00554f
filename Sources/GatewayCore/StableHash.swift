/// A 128-bit hash that is the same in every process, on every platform, forever.
///
/// FNV-1a (128-bit parameters) over the bytes, followed by a bijective mixing step (MurmurHash3's
/// `fmix64` on each half, cross-fed) so that every output bit depends on every input bit — the FNV
/// state alone mixes late bytes poorly into the high bits, which truncated ids keep.
///
/// Swift's `Hasher` must not be used for anything persisted or sent: it is seeded per process.
///
/// - Important: Client order ids derived from this hash are stored in journals and at venues. Changing
///   the function (or the encoding of its input) would make a redelivered command look new.
struct StableHash: Hashable, Sendable {
    /// The 128-bit result.
    private(set) var value: UInt128

    static let fnvOffsetBasis: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
    static let fnvPrime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013b

    /// The plain FNV-1a 128 of `bytes` (no mixing step): exposed for its published test vectors.
    static func fnv1a128(_ bytes: some Sequence<UInt8>) -> UInt128 {
        var hash = fnvOffsetBasis
        for byte in bytes {
            hash ^= UInt128(byte)
            hash &*= fnvPrime
        }
        return hash
    }

    /// Hashes `bytes`.
    init(_ bytes: some Sequence<UInt8>) {
        let fnv = Self.fnv1a128(bytes)
        var high = UInt64(truncatingIfNeeded: fnv >> 64)
        var low = UInt64(truncatingIfNeeded: fnv)
        low = Self.fmix64(low ^ high)
        high = Self.fmix64(high ^ low)
        value = UInt128(high) << 64 | UInt128(low)
    }

    /// MurmurHash3's 64-bit finalizer (a bijection).
    static func fmix64(_ input: UInt64) -> UInt64 {
        var k = input
        k ^= k >> 33
        k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }

    /// 32 lower-case hex digits, most significant first.
    var hex: String { Self.digits(value, radix: 16, width: 32) }

    /// 25 lower-case base-36 digits, most significant first (36^25 > 2^128).
    var base36: String { Self.digits(value, radix: 36, width: 25) }

    private static func digits(_ number: UInt128, radix: UInt128, width: Int) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        var remaining = number
        var result = [Character](repeating: "0", count: width)
        var position = width
        while remaining > 0, position > 0 {
            position -= 1
            result[position] = alphabet[Int(remaining % radix)]
            remaining /= radix
        }
        return String(result)
    }
}
