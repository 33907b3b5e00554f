import CNettle

/// Unkeyed hash functions.
public enum Digest {
    /// Keccak-256 as Ethereum uses it (the original Keccak padding 0x01, not SHA3-256's 0x06): 32 bytes.
    public static func keccak256(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { keccak256($0) }
    }

    /// Keccak-256 of bytes in place, without copying them.
    ///
    /// OpenSSL 3.0 has no Keccak-256, so this is the sponge (rate 136 bytes, capacity 512 bits) over
    /// nettle's Keccak-f[1600] permutation.
    public static func keccak256(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        let rate = 136
        var state = sha3_state()
        return withUnsafeMutableBytes(of: &state) { stateBytes in
            let lanes = stateBytes.bindMemory(to: UInt64.self)
            func absorb(_ block: UnsafeRawBufferPointer) {
                for i in 0..<(rate / 8) {
                    lanes[i] ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
                }
                nettle_sha3_permute(stateBytes.baseAddress!.assumingMemoryBound(to: sha3_state.self))
            }
            var offset = 0
            while data.count - offset >= rate {
                absorb(UnsafeRawBufferPointer(rebasing: data[offset..<(offset + rate)]))
                offset += rate
            }
            withUnsafeTemporaryAllocation(byteCount: rate, alignment: 8) { last in
                last.initializeMemory(as: UInt8.self, repeating: 0)
                let tail = data.count - offset
                if tail > 0 { last.copyMemory(from: UnsafeRawBufferPointer(rebasing: data[offset...])) }
                last[tail] ^= 0x01
                last[rate - 1] ^= 0x80
                absorb(UnsafeRawBufferPointer(last))
            }
            return [UInt8](unsafeUninitializedCapacity: 32) { out, count in
                for i in 0..<4 {
                    UnsafeMutableRawPointer(out.baseAddress! + 8 * i).storeBytes(of: lanes[i].littleEndian, as: UInt64.self)
                }
                count = 32
            }
        }
    }

    /// SHA-256: 32 bytes.
    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { sha256($0) }
    }

    /// SHA-256 of bytes in place, without copying them.
    public static func sha256(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        var context = sha256_ctx()
        nettle_sha256_init(&context)
        nettle_sha256_update(&context, data.count, data.baseAddress?.assumingMemoryBound(to: UInt8.self))
        return [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            nettle_sha256_digest(&context, 32, out.baseAddress)
            count = 32
        }
    }
}
