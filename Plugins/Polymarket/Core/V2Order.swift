/// How an order's signature is to be checked: which wallet holds the funds and who signs.
public enum SignatureType: UInt64, Sendable, Hashable {
    /// The EOA holds the funds and signs.
    case eoa = 0
    /// A Polymarket proxy wallet (the "funder") holds the funds; its owner EOA signs.
    case polyProxy = 1
    /// A Gnosis Safe holds the funds; its owner EOA signs.
    case gnosisSafe = 2
    /// A deposit wallet (ERC-1271) holds the funds and is the signer; the owner EOA signs an ERC-7739 wrapper.
    case poly1271 = 3
}

/// A CLOB V2 order: the signed struct plus `expiration`, which travels in the body but is not signed.
public struct V2Order: Sendable, Hashable {
    /// Random, below 2^53 (it is sent as a JSON number).
    public var salt: UInt64
    public var maker: EthereumAddress
    public var signer: EthereumAddress
    /// The outcome token id, a decimal uint256.
    public var tokenId: String
    public var makerAmount: String
    public var takerAmount: String
    public var side: OrderSide
    public var signatureType: SignatureType
    /// Creation time in milliseconds (signed; replaces V1's nonce).
    public var timestampMs: UInt64
    public var metadata: [UInt8]
    public var builder: [UInt8]
    /// Unix seconds, "0" for none; GTD only.
    public var expiration: String

    public init(salt: UInt64, maker: EthereumAddress, signer: EthereumAddress, tokenId: String, makerAmount: String,
                takerAmount: String, side: OrderSide, signatureType: SignatureType, timestampMs: UInt64,
                metadata: [UInt8] = [UInt8](repeating: 0, count: 32), builder: [UInt8] = [UInt8](repeating: 0, count: 32),
                expiration: String = "0") {
        self.salt = salt
        self.maker = maker
        self.signer = signer
        self.tokenId = tokenId
        self.makerAmount = makerAmount
        self.takerAmount = takerAmount
        self.side = side
        self.signatureType = signatureType
        self.timestampMs = timestampMs
        self.metadata = metadata
        self.builder = builder
        self.expiration = expiration
    }
}

extension V2Order {
    /// The salt for a client order id: the first 53 bits of keccak256(client order id).
    ///
    /// The venue accepts any salt below 2^53 (it travels as a JSON number); deriving it from the client order id
    /// instead of drawing it makes the signed order a function of the gateway's order and the clock, so a
    /// resend at the same millisecond is the same order (same digest, refused by the venue as a duplicate)
    /// and test vectors can be checked through the whole plugin.
    public static func salt(clientOrderId: String, keccak: ([UInt8]) -> [UInt8]) -> UInt64 {
        var value: UInt64 = 0
        for byte in keccak(Array(clientOrderId.utf8)).prefix(8) { value = value << 8 | UInt64(byte) }
        return value & ((1 << 53) - 1)
    }
}

/// A signed order: the venue's order id is the EIP-712 digest, known before the order is sent.
public struct SignedOrder: Sendable, Hashable {
    public var order: V2Order
    /// The EIP-712 digest under the exchange domain; the CLOB returns it as `orderID`.
    public var digest: [UInt8]
    public var signature: [UInt8]

    public var orderId: String { "0x" + ByteEncoding.hex(digest) }

    /// The `POST /order` body exactly as py-clob-client-v2 serialises it (`order_to_json_v2`,
    /// `json.dumps(separators=(",", ":"))`): `owner` is the API key.
    /// - Parameter checksum: the EIP-55 form of an address (the plugin caches its wallets').
    public func body(owner: String, orderType: String, postOnly: Bool, deferExec: Bool = false,
                     checksum: (EthereumAddress) -> String) -> String {
        let zeroHex = { (bytes: [UInt8]) in "0x" + ByteEncoding.hex(bytes) }
        var json = "{\"order\":{"
        json += "\"salt\":\(order.salt),"
        json += "\"maker\":" + PolyJSON.quote(checksum(order.maker)) + ","
        json += "\"signer\":" + PolyJSON.quote(checksum(order.signer)) + ","
        json += "\"tokenId\":" + PolyJSON.quote(order.tokenId) + ","
        json += "\"makerAmount\":" + PolyJSON.quote(order.makerAmount) + ","
        json += "\"takerAmount\":" + PolyJSON.quote(order.takerAmount) + ","
        json += "\"side\":" + PolyJSON.quote(order.side.text) + ","
        json += "\"expiration\":" + PolyJSON.quote(order.expiration) + ","
        json += "\"signatureType\":\(order.signatureType.rawValue),"
        json += "\"timestamp\":" + PolyJSON.quote(String(order.timestampMs)) + ","
        json += "\"metadata\":" + PolyJSON.quote(zeroHex(order.metadata)) + ","
        json += "\"builder\":" + PolyJSON.quote(zeroHex(order.builder)) + ","
        json += "\"signature\":" + PolyJSON.quote("0x" + ByteEncoding.hex(signature))
        json += "},\"owner\":" + PolyJSON.quote(owner)
        json += ",\"orderType\":" + PolyJSON.quote(orderType)
        json += ",\"deferExec\":\(deferExec),\"postOnly\":\(postOnly)}"
        return json
    }
}
