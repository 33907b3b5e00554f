import VenueKit

/// The parts of EIP-712 typed-data hashing Hyperliquid needs: atomic field encodings, the domain
/// separator and the final `0x19 0x01` digest.
///
/// Kept in this plugin rather than VenueKit because it only covers flat structs of atomic fields
/// (string, bytes32, uint, address, bool), which is all the phantom agent uses. Keccak-256 comes from
/// the caller (the host's `keccak256` in the plugin, GatewayCrypto in tests).
public struct EIP712: Sendable {
    /// Keccak-256.
    public let keccak: @Sendable ([UInt8]) -> [UInt8]

    public init(keccak: @escaping @Sendable ([UInt8]) -> [UInt8]) {
        self.keccak = keccak
    }

    /// `EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)`.
    public static let domainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"

    /// keccak256 of a type string such as `Agent(string source,bytes32 connectionId)`.
    public func typeHash(_ type: String) -> [UInt8] { keccak(Array(type.utf8)) }

    /// A `string` field: the keccak of its UTF-8 bytes.
    public func string(_ text: String) -> [UInt8] { keccak(Array(text.utf8)) }

    /// A `uint256` (or any uintN) field: 32 bytes big-endian.
    public static func uint(_ value: UInt64) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 24)
        MessagePack.bigEndian(value, bytes: 8, into: &out)
        return out
    }

    /// An `address` field: the 20 bytes left-padded to 32.
    public static func address(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8](repeating: 0, count: 32 - bytes.count) + bytes
    }

    /// The domain separator of `{name, version, chainId, verifyingContract}`.
    public func domainSeparator(name: String, version: String, chainId: UInt64, verifyingContract: [UInt8]) -> [UInt8] {
        keccak(typeHash(Self.domainType) + string(name) + string(version) + Self.uint(chainId)
               + Self.address(verifyingContract))
    }

    /// keccak256 of `typeHash || encoded fields` (each field already 32 bytes).
    public func structHash(type: String, fields: [[UInt8]]) -> [UInt8] {
        keccak(typeHash(type) + fields.joined())
    }

    /// The digest a wallet signs: keccak256(0x19 0x01 || domainSeparator || structHash).
    public func digest(domainSeparator: [UInt8], structHash: [UInt8]) -> [UInt8] {
        keccak([0x19, 0x01] + domainSeparator + structHash)
    }
}
