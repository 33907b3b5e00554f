/// A 20-byte Ethereum address, written EIP-55 checksummed as the CLOB expects (`Account.address`).
public struct EthereumAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        self.bytes = bytes
    }

    /// Parses `0x` + 40 hex digits (any case). The checksum is not enforced: a mixed-case address with a
    /// wrong checksum is refused, all-lower or all-upper is accepted.
    public init?(_ text: String, keccak: ([UInt8]) -> [UInt8]) {
        guard text.hasPrefix("0x") || text.hasPrefix("0X"), text.utf8.count == 42,
              let decoded = ByteEncoding.unhex(text), decoded.count == 20 else { return nil }
        bytes = decoded
        let body = text.dropFirst(2)
        let mixed = body.contains { $0.isUppercase } && body.contains { $0.isLowercase }
        if mixed && "0x" + body != checksummed(keccak) { return nil }
    }

    /// EIP-55: each hex letter is upper-cased when the matching nibble of keccak(lower-case hex) is ≥ 8.
    public func checksummed(_ keccak: ([UInt8]) -> [UInt8]) -> String {
        let lower = ByteEncoding.hex(bytes)
        let hash = keccak(Array(lower.utf8))
        var out = "0x"
        for (index, character) in lower.enumerated() {
            let nibble = index % 2 == 0 ? hash[index / 2] >> 4 : hash[index / 2] & 0x0F
            out.append(character.isLetter && nibble >= 8 ? Character(character.uppercased()) : character)
        }
        return out
    }

    public var description: String { "0x" + ByteEncoding.hex(bytes) }

    /// The ABI encoding: left-padded to 32 bytes.
    public var word: [UInt8] { ByteEncoding.leftPad32(bytes) }
}
