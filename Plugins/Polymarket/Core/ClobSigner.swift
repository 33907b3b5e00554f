import VenueKit

/// Keccak-256 and a recoverable secp256k1 signature with the wallet's key: all the signing needs.
///
/// The plugin implements it over the host (``HostSigningBackend``), so the private key never leaves the
/// host's key store; tests may implement it over any key store.
public protocol SigningBackend {
    func keccak256(_ data: [UInt8]) -> [UInt8]
    /// `r ‖ s ‖ v` over a 32-byte digest, v = 0 or 1.
    func sign(digest: [UInt8]) throws(VenueFailure) -> [UInt8]
}

/// The host's key store as a ``SigningBackend`` for one secp256k1 key handle.
public struct HostSigningBackend: SigningBackend {
    public let host: HostHandle
    public let key: UInt64

    public init(host: HostHandle, key: UInt64) {
        self.host = host
        self.key = key
    }

    public func keccak256(_ data: [UInt8]) -> [UInt8] { host.keccak256(data) }

    public func sign(digest: [UInt8]) throws(VenueFailure) -> [UInt8] { try host.secp256k1Sign(key: key, digest: digest) }
}

/// Signs CLOB V2 orders and ClobAuth (L1) messages for one wallet.
public struct ClobSigner {
    public let backend: any SigningBackend
    public let chainId: UInt64
    /// The EOA whose key signs (POLY_ADDRESS, the order's `signer` except for POLY_1271).
    public let address: EthereumAddress

    /// The address as the CLOB writes it (EIP-55).
    public let checksummedAddress: String
    let typedData: ClobTypedData

    public init(backend: any SigningBackend, chainId: UInt64, address: EthereumAddress) {
        self.backend = backend
        self.chainId = chainId
        self.address = address
        checksummedAddress = address.checksummed(backend.keccak256)
        typedData = ClobTypedData(keccak: backend.keccak256)
    }

    /// The exchange's EIP-712 domain separator (compute once per exchange and pass it to ``sign(_:domainSeparator:)``).
    public func domainSeparator(exchange: EthereumAddress) -> [UInt8] {
        typedData.exchangeDomainSeparator(chainId: chainId, exchange: exchange)
    }

    /// Ethereum's 65-byte signature with v = 27/28.
    func ethereumSignature(_ digest: [UInt8]) throws(VenueFailure) -> [UInt8] {
        var signature = try backend.sign(digest: digest)
        guard signature.count == 65 else { throw VenueFailure(.internalError, "secp256k1 signature is \(signature.count) bytes, expected 65") }
        if signature[64] < 27 { signature[64] += 27 }
        return signature
    }

    /// Signs `order` for the exchange `exchange` (regular or neg-risk, by the market's neg-risk flag).
    public func sign(_ order: V2Order, exchange: EthereumAddress) throws(VenueFailure) -> SignedOrder {
        try sign(order, domainSeparator: domainSeparator(exchange: exchange))
    }

    /// Signs `order` under a precomputed exchange domain separator.
    public func sign(_ order: V2Order, domainSeparator domain: [UInt8]) throws(VenueFailure) -> SignedOrder {
        let typed = typedData
        guard let structHash = typed.orderStructHash(order) else {
            throw VenueFailure(.invalidOrder, "token id '\(order.tokenId)' or an amount is not an unsigned 256-bit integer")
        }
        let digest = typed.digest(domainSeparator: domain, structHash: structHash)
        guard order.signatureType == .poly1271 else {
            return SignedOrder(order: order, digest: digest, signature: try ethereumSignature(digest))
        }
        // ERC-7739: inner signature ‖ app domain separator ‖ contents hash ‖ contents type ‖ uint16 length.
        let inner = try ethereumSignature(typed.depositWalletDigest(appDomainSeparator: domain, contentsHash: structHash,
                                                                    chainId: chainId, wallet: order.signer))
        let contentsType = Array(ClobTypedData.orderType.utf8)
        let length = [UInt8(contentsType.count >> 8), UInt8(contentsType.count & 0xFF)]
        return SignedOrder(order: order, digest: digest, signature: inner + domain + structHash + contentsType + length)
    }

    /// The L1 headers (`POLY_ADDRESS`, `POLY_SIGNATURE`, `POLY_TIMESTAMP`, `POLY_NONCE`) for API-key management.
    public func level1Headers(timestampSeconds: Int64, nonce: UInt64) throws(VenueFailure) -> [HTTPRequest.Header] {
        let typed = typedData
        let timestamp = String(timestampSeconds)
        let digest = typed.digest(domainSeparator: typed.clobAuthDomainSeparator(chainId: chainId),
                                  structHash: typed.clobAuthStructHash(address: address, timestamp: timestamp, nonce: nonce))
        let signature = try ethereumSignature(digest)
        return [
            HTTPRequest.Header("POLY_ADDRESS", checksummedAddress),
            HTTPRequest.Header("POLY_SIGNATURE", "0x" + ByteEncoding.hex(signature)),
            HTTPRequest.Header("POLY_TIMESTAMP", timestamp),
            HTTPRequest.Header("POLY_NONCE", String(nonce)),
        ]
    }
}
