import GatewayCrypto

/// The emulator's own EIP-712 hashing of CLOB V2 orders and ClobAuth, written independently of the plugin
/// (from the venue's type strings) so that the plugin's signatures are judged, not echoed.
public enum PolymarketEIP712 {
    public static let orderType = "Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)"
    public static let exchangeV2 = "0xE111180000d2663C0091e4f400237545B87B996B"
    public static let negRiskExchangeV2 = "0xe2222d279d744050d28e00520010520000310F59"

    static func k(_ text: String) -> [UInt8] { Digest.keccak256(Array(text.utf8)) }

    public static func word(_ value: UInt64) -> [UInt8] {
        (0..<32).map { i in i < 24 ? 0 : UInt8((value >> (8 * UInt64(31 - i))) & 0xFF) }
    }

    public static func word(address: [UInt8]) -> [UInt8] { [UInt8](repeating: 0, count: 12) + address }

    /// A decimal string as a uint256 word (nil if not one).
    public static func word(decimal: String) -> [UInt8]? {
        guard !decimal.isEmpty else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        for c in decimal.utf8 {
            guard (48...57).contains(c) else { return nil }
            var carry = UInt32(c - 48)
            for i in stride(from: 31, through: 0, by: -1) {
                let v = UInt32(out[i]) * 10 + carry
                out[i] = UInt8(v & 0xFF)
                carry = v >> 8
            }
            guard carry == 0 else { return nil }
        }
        return out
    }

    public static func hexBytes(_ text: String) -> [UInt8]? {
        let body = text.hasPrefix("0x") ? String(text.dropFirst(2)) : text
        return try? Hex.decode(body)
    }

    /// EIP-55 form of a 20-byte address.
    public static func checksummed(_ address: [UInt8]) -> String {
        let lower = Hex.encode(address)
        let hash = Digest.keccak256(Array(lower.utf8))
        var out = "0x"
        for (i, c) in lower.enumerated() {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0F
            out.append(c.isLetter && nibble >= 8 ? Character(c.uppercased()) : c)
        }
        return out
    }

    public static func exchangeDomain(chainId: UInt64, exchange: [UInt8]) -> [UInt8] {
        Digest.keccak256(k("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
            + k("Polymarket CTF Exchange") + k("2") + word(chainId) + word(address: exchange))
    }

    public static func clobAuthDigest(chainId: UInt64, address: [UInt8], timestamp: String, nonce: UInt64) -> [UInt8] {
        let domain = Digest.keccak256(k("EIP712Domain(string name,string version,uint256 chainId)") + k("ClobAuthDomain") + k("1") + word(chainId))
        let structHash = Digest.keccak256(k("ClobAuth(address address,string timestamp,uint256 nonce,string message)") + word(address: address)
            + k(timestamp) + word(nonce) + k("This message attests that I control the given wallet"))
        return Digest.keccak256([0x19, 0x01] + domain + structHash)
    }

    /// The order fields as the POST body carries them.
    public struct Order {
        public var salt: UInt64
        public var maker: [UInt8]
        public var signer: [UInt8]
        public var tokenId: String
        public var makerAmount: UInt64
        public var takerAmount: UInt64
        public var side: UInt64
        public var signatureType: UInt64
        public var timestamp: UInt64
        public var metadata: [UInt8]
        public var builder: [UInt8]

        public init(salt: UInt64, maker: [UInt8], signer: [UInt8], tokenId: String, makerAmount: UInt64, takerAmount: UInt64,
                    side: UInt64, signatureType: UInt64, timestamp: UInt64, metadata: [UInt8], builder: [UInt8]) {
            self.salt = salt
            self.maker = maker
            self.signer = signer
            self.tokenId = tokenId
            self.makerAmount = makerAmount
            self.takerAmount = takerAmount
            self.side = side
            self.signatureType = signatureType
            self.timestamp = timestamp
            self.metadata = metadata
            self.builder = builder
        }
    }

    public static func structHash(_ o: Order) -> [UInt8]? {
        guard let token = word(decimal: o.tokenId), o.metadata.count == 32, o.builder.count == 32 else { return nil }
        return Digest.keccak256(k(orderType) + word(o.salt) + word(address: o.maker) + word(address: o.signer) + token
            + word(o.makerAmount) + word(o.takerAmount) + word(o.side) + word(o.signatureType) + word(o.timestamp) + o.metadata + o.builder)
    }

    public static func depositWalletDigest(domain: [UInt8], contents: [UInt8], chainId: UInt64, wallet: [UInt8]) -> [UInt8] {
        let typeHash = k("TypedDataSign(Order contents,string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)" + orderType)
        let wrapped = Digest.keccak256(typeHash + contents + k("DepositWallet") + k("1") + word(chainId) + word(address: wallet)
            + [UInt8](repeating: 0, count: 32))
        return Digest.keccak256([0x19, 0x01] + domain + wrapped)
    }
}
