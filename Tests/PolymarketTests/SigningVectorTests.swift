import Foundation
import GatewayCrypto
import PolymarketCore
import Testing
import VenueKit

/// The signing core against vectors made with py-clob-client-v2 (and polymarket-client for exact amounts).
@Suite struct SigningVectorTests {
    let v = Vectors.shared
    let backend = KeyStoreBackend(privateKeyHex: Vectors.shared.private_key)

    var signer: ClobSigner {
        ClobSigner(backend: backend, chainId: v.chain_id, address: EthereumAddress(bytes: backend.address)!)
    }

    @Test func addressIsTheVectorsChecksummedAddress() {
        #expect(signer.checksummedAddress == v.address)
    }

    @Test(arguments: Vectors.shared.orders.map(\.name))
    func orderDigestSignatureAndBodyMatchTheOfficialClient(_ name: String) throws {
        let c = v.order(name)
        let keccak: ([UInt8]) -> [UInt8] = { Digest.keccak256($0) }
        let tick = try #require(TickSize(c.tick_size))
        let side: OrderSide = c.side == "BUY" ? .buy : .sell
        let amounts = c.kind == "limit"
            ? try OrderAmounts.limit(side: side, price: Decimal(string: c.price)!, size: Decimal(string: c.quantity)!, tick: tick)
            : try OrderAmounts.market(side: side, amount: Decimal(string: c.quantity)!, price: Decimal(string: c.price)!, tick: tick)
        #expect(amounts.makerAmount == c.maker_amount, "\(name) maker")
        #expect(amounts.takerAmount == c.taker_amount, "\(name) taker")
        #expect(V2Order.salt(clientOrderId: c.client_order_id, keccak: keccak) == c.salt)
        let maker = try #require(EthereumAddress(c.maker, keccak: keccak))
        let orderSigner = try #require(EthereumAddress(c.signer, keccak: keccak))
        let order = V2Order(salt: c.salt, maker: maker, signer: orderSigner, tokenId: c.token_id, makerAmount: amounts.makerAmount,
                            takerAmount: amounts.takerAmount, side: side, signatureType: SignatureType(rawValue: c.signature_type)!,
                            timestampMs: c.timestamp_ms, expiration: c.expiration)
        let exchange = try #require(EthereumAddress(c.exchange, keccak: keccak))
        let signed = try signer.sign(order, exchange: exchange)
        #expect(signed.orderId == c.digest, "\(name) digest")
        #expect("0x" + Hex.encode(signed.signature) == c.signature, "\(name) signature")
        let body = signed.body(owner: v.api_key, orderType: c.order_type, postOnly: c.post_only, checksum: { $0.checksummed(keccak) })
        #expect(body == c.body, "\(name) body")
    }

    @Test(arguments: 0..<Vectors.shared.exact_amounts.count)
    func exactDecimalAmountsWhereTheV2ClientsFloatsDrift(_ index: Int) throws {
        let c = v.exact_amounts[index]
        let tick = try #require(TickSize(c.tick_size))
        let side: OrderSide = c.side == "BUY" ? .buy : .sell
        let amounts = c.kind == "limit"
            ? try OrderAmounts.limit(side: side, price: Decimal(string: c.price)!, size: Decimal(string: c.quantity)!, tick: tick)
            : try OrderAmounts.market(side: side, amount: Decimal(string: c.quantity)!, price: Decimal(string: c.price)!, tick: tick)
        #expect([amounts.makerAmount, amounts.takerAmount] == c.exact, "\(c)")
        #expect(c.exact != c.float_v2, "the vector should be a float artifact")
    }

    @Test(arguments: 0..<Vectors.shared.l1.count)
    func level1HeadersMatchTheOfficialClient(_ index: Int) throws {
        let c = v.l1[index]
        let headers = try signer.level1Headers(timestampSeconds: c.timestamp, nonce: c.nonce)
        var dict: [String: String] = [:]
        for h in headers { dict[h.name] = h.value }
        #expect(dict == c.headers)
        let typed = ClobTypedData(keccak: { Digest.keccak256($0) })
        let digest = typed.digest(domainSeparator: typed.clobAuthDomainSeparator(chainId: v.chain_id),
                                  structHash: typed.clobAuthStructHash(address: signer.address, timestamp: String(c.timestamp), nonce: c.nonce))
        #expect("0x" + Hex.encode(digest) == c.digest)
    }

    @Test(arguments: 0..<Vectors.shared.l2.count)
    func level2HeadersMatchTheOfficialClient(_ index: Int) throws {
        let c = v.l2[index]
        let keys = KeyStore()
        let secret = try #require(ByteEncoding.unbase64(v.api_secret))
        let secretHandle = try keys.add(kind: .hmac, material: secret, label: "secret")
        let credentials = ApiCredentials(apiKey: v.api_key, apiKeyHandle: 11, secretHandle: secretHandle.rawValue, passphraseHandle: 12)
        let headers = try credentials.level2Headers(address: v.address, timestampSeconds: c.timestamp, method: c.method, path: c.path,
                                                    body: Array(c.body.utf8)) { key, message throws(VenueFailure) in
            do { return try keys.hmacSHA256(key: KeyHandle(rawValue: key), message: message) } catch { throw VenueFailure(.auth, "\(error)") }
        }
        var dict: [String: String] = [:]
        for h in headers where h.valueKey == 0 { dict[h.name] = h.value }
        #expect(dict["POLY_SIGNATURE"] == c.headers["POLY_SIGNATURE"])
        #expect(dict["POLY_TIMESTAMP"] == c.headers["POLY_TIMESTAMP"])
        #expect(dict["POLY_ADDRESS"] == c.headers["POLY_ADDRESS"])
        // API key and passphrase go by handle: the host inserts them.
        #expect(headers.first { $0.name == "POLY_API_KEY" }?.valueKey == 11)
        #expect(headers.first { $0.name == "POLY_PASSPHRASE" }?.valueKey == 12)
    }
}
