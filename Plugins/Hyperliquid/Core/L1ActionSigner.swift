import VenueKit

/// Hyperliquid's "L1 action" signing scheme (orders, cancels, modifies), step for step as the official
/// SDK's `sign_l1_action`.
///
/// 1. `connectionId = keccak256(msgpack(action) || nonce (8 bytes BE) || vault flag [|| 00 || expiresAfter (8 bytes BE)])`,
///    the vault flag being `00`, or `01` followed by the 20 vault address bytes.
/// 2. The phantom agent `Agent{source: "a" (mainnet) | "b" (testnet), connectionId}` is hashed as EIP-712
///    in the domain `{name: "Exchange", version: "1", chainId: 1337, verifyingContract: 0x0}`.
/// 3. The digest is signed with recoverable secp256k1 (done by the host); `v = 27 + recovery id`.
///
/// The venue recovers an address from the signature over its own re-serialisation of the action: any
/// byte that differs (key order, number text, vault flag, source) yields a different, unknown address.
public struct L1ActionSigner: Sendable {
    public static let agentType = "Agent(string source,bytes32 connectionId)"
    public static let chainId: UInt64 = 1337

    public let eip712: EIP712
    /// "a" on mainnet, "b" on testnet.
    public let source: String
    /// 20 bytes when trading for a vault or sub-account.
    public let vaultAddress: [UInt8]?
    private let domain: [UInt8]

    public init(keccak: @escaping @Sendable ([UInt8]) -> [UInt8], source: String, vaultAddress: [UInt8]?) {
        eip712 = EIP712(keccak: keccak)
        self.source = source
        self.vaultAddress = vaultAddress
        domain = eip712.domainSeparator(name: "Exchange", version: "1", chainId: Self.chainId,
                                        verifyingContract: [UInt8](repeating: 0, count: 20))
    }

    /// The EIP-712 domain separator (`0xd79297fc…4040`).
    public var domainSeparator: [UInt8] { domain }

    /// The bytes hashed into the connection id.
    public func hashInput(action: MessagePackValue, nonce: UInt64, expiresAfter: UInt64?) -> [UInt8] {
        var data = MessagePack.encode(action)
        MessagePack.bigEndian(nonce, bytes: 8, into: &data)
        if let vaultAddress {
            data.append(0x01)
            data += vaultAddress
        } else {
            data.append(0x00)
        }
        if let expiresAfter {
            data.append(0x00)
            MessagePack.bigEndian(expiresAfter, bytes: 8, into: &data)
        }
        return data
    }

    /// The action hash (the phantom agent's connection id).
    public func actionHash(action: MessagePackValue, nonce: UInt64, expiresAfter: UInt64?) -> [UInt8] {
        eip712.keccak(hashInput(action: action, nonce: nonce, expiresAfter: expiresAfter))
    }

    /// The digest to sign for a connection id.
    public func digest(connectionId: [UInt8]) -> [UInt8] {
        let agent = eip712.structHash(type: Self.agentType, fields: [eip712.string(source), connectionId])
        return eip712.digest(domainSeparator: domain, structHash: agent)
    }

    /// The signature object the venue expects, from the host's r || s || recovery id.
    public static func signature(fromRSV rsv: [UInt8]) throws(VenueFailure) -> L1Signature {
        guard rsv.count == 65, rsv[64] <= 1 else {
            throw VenueFailure(.internalError, "secp256k1 signature from the host has an unexpected shape (\(rsv.count) bytes)")
        }
        return L1Signature(r: quantityHex(Array(rsv[0..<32])), s: quantityHex(Array(rsv[32..<64])), v: 27 + Int(rsv[64]))
    }

    /// `eth_utils.to_hex` of an integer: `0x` and the hex digits without leading zeros (`0x0` for zero).
    static func quantityHex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        let trimmed = text.drop { $0 == "0" }
        return "0x" + (trimmed.isEmpty ? "0" : String(trimmed))
    }
}

/// `{"r": "0x…", "s": "0x…", "v": 27|28}` as the SDK writes it (r and s without leading zeros).
public struct L1Signature: Sendable, Equatable {
    public var r: String
    public var s: String
    public var v: Int

    public init(r: String, s: String, v: Int) {
        self.r = r
        self.s = s
        self.v = v
    }

    public var value: MessagePackValue {
        .map([("r", .string(r)), ("s", .string(s)), ("v", .int(Int64(v)))])
    }
}
