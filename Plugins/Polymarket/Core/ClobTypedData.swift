/// EIP-712 hashing of the two structs the CLOB signs: the V2 `Order` (exchange domain, version "2") and
/// `ClobAuth` (API-key management, domain `ClobAuthDomain` version "1" without a verifying contract).
///
/// Kept inside the Polymarket plugin so it does not collide with other venues' EIP-712 code; it takes
/// Keccak-256 as a function so the plugin can use the host's and tests can use any other.
public struct ClobTypedData {
    public let keccak: ([UInt8]) -> [UInt8]
    /// The type and constant-string hashes, computed once.
    let orderTypeHash, exchangeDomainTypeHash, exchangeNameHash, exchangeVersionHash: [UInt8]
    let clobAuthTypeHash, clobAuthDomainTypeHash, clobAuthNameHash, clobAuthVersionHash, clobAuthMessageHash: [UInt8]
    let typedDataSignTypeHash, depositWalletNameHash, depositWalletVersionHash: [UInt8]

    public init(keccak: @escaping ([UInt8]) -> [UInt8]) {
        self.keccak = keccak
        func h(_ text: String) -> [UInt8] { keccak(Array(text.utf8)) }
        orderTypeHash = h(Self.orderType)
        exchangeDomainTypeHash = h(Self.exchangeDomainType)
        exchangeNameHash = h(Self.exchangeName)
        exchangeVersionHash = h(Self.exchangeVersion)
        clobAuthTypeHash = h(Self.clobAuthType)
        clobAuthDomainTypeHash = h(Self.clobAuthDomainType)
        clobAuthNameHash = h(Self.clobAuthName)
        clobAuthVersionHash = h(Self.clobAuthVersion)
        clobAuthMessageHash = h(Self.clobAuthMessage)
        typedDataSignTypeHash = h(Self.typedDataSignType)
        depositWalletNameHash = h(Self.depositWalletName)
        depositWalletVersionHash = h(Self.depositWalletVersion)
    }

    public static let orderType = "Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,"
        + "uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)"
    public static let exchangeDomainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    public static let exchangeName = "Polymarket CTF Exchange"
    public static let exchangeVersion = "2"

    public static let clobAuthType = "ClobAuth(address address,string timestamp,uint256 nonce,string message)"
    public static let clobAuthDomainType = "EIP712Domain(string name,string version,uint256 chainId)"
    public static let clobAuthName = "ClobAuthDomain"
    public static let clobAuthVersion = "1"
    public static let clobAuthMessage = "This message attests that I control the given wallet"

    /// ERC-7739 `TypedDataSign` wrapper type used by POLY_1271 deposit wallets.
    public static let typedDataSignType = "TypedDataSign(Order contents,string name,string version,uint256 chainId,"
        + "address verifyingContract,bytes32 salt)" + orderType
    public static let depositWalletName = "DepositWallet"
    public static let depositWalletVersion = "1"

    func hash(_ text: String) -> [UInt8] { keccak(Array(text.utf8)) }

    /// The exchange domain separator for `exchange` (the regular or the neg-risk V2 exchange).
    public func exchangeDomainSeparator(chainId: UInt64, exchange: EthereumAddress) -> [UInt8] {
        keccak(exchangeDomainTypeHash + exchangeNameHash + exchangeVersionHash
            + ByteEncoding.uint256(chainId) + exchange.word)
    }

    public func clobAuthDomainSeparator(chainId: UInt64) -> [UInt8] {
        keccak(clobAuthDomainTypeHash + clobAuthNameHash + clobAuthVersionHash + ByteEncoding.uint256(chainId))
    }

    /// `hashStruct(Order)`; nil when the token id or an amount is not a uint256.
    public func orderStructHash(_ order: V2Order) -> [UInt8]? {
        guard let token = ByteEncoding.uint256(decimal: order.tokenId),
              let maker = ByteEncoding.uint256(decimal: order.makerAmount),
              let taker = ByteEncoding.uint256(decimal: order.takerAmount),
              order.metadata.count == 32, order.builder.count == 32 else { return nil }
        var encoded = orderTypeHash
        encoded += ByteEncoding.uint256(order.salt)
        encoded += order.maker.word
        encoded += order.signer.word
        encoded += token + maker + taker
        encoded += ByteEncoding.uint256(order.side.structValue)
        encoded += ByteEncoding.uint256(order.signatureType.rawValue)
        encoded += ByteEncoding.uint256(order.timestampMs)
        encoded += order.metadata + order.builder
        return keccak(encoded)
    }

    /// `hashStruct(ClobAuth)` for the signer's address, the timestamp in seconds (hashed as a string) and the nonce.
    public func clobAuthStructHash(address: EthereumAddress, timestamp: String, nonce: UInt64) -> [UInt8] {
        keccak(clobAuthTypeHash + address.word + hash(timestamp) + ByteEncoding.uint256(nonce) + clobAuthMessageHash)
    }

    /// `keccak(0x19 0x01 ‖ domainSeparator ‖ structHash)`.
    public func digest(domainSeparator: [UInt8], structHash: [UInt8]) -> [UInt8] {
        keccak([0x19, 0x01] + domainSeparator + structHash)
    }

    /// The digest a POLY_1271 deposit wallet's owner signs: the order wrapped in ERC-7739 `TypedDataSign`
    /// with the wallet's own domain (`DepositWallet`, "1", chain, wallet, salt 0).
    public func depositWalletDigest(appDomainSeparator: [UInt8], contentsHash: [UInt8], chainId: UInt64,
                                    wallet: EthereumAddress) -> [UInt8] {
        let wrapped = keccak(typedDataSignTypeHash + contentsHash + depositWalletNameHash
            + depositWalletVersionHash + ByteEncoding.uint256(chainId) + wallet.word + [UInt8](repeating: 0, count: 32))
        return digest(domainSeparator: appDomainSeparator, structHash: wrapped)
    }
}
