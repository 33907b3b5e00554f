import GatewayCrypto
import Testing

@Suite("HMAC-SHA256")
struct HMACTests {
    @Test("RFC 4231 test case 2")
    func rfc4231Case2() throws {
        let store = KeyStore()
        let key = try store.add(kind: .hmac, material: Array("Jefe".utf8), label: "rfc4231")
        let mac = try store.hmacSHA256(key: key, message: Array("what do ya want for nothing?".utf8))
        #expect(Hex.encode(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("'key' / 'The quick brown fox jumps over the lazy dog'")
    func quickBrownFox() throws {
        let store = KeyStore()
        let key = try store.add(kind: .hmac, material: Array("key".utf8), label: "fox")
        let message = Array("The quick brown fox jumps over the lazy dog".utf8)
        #expect(Hex.encode(try store.hmacSHA256(key: key, message: message))
            == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        // Same answer again (the keyed state is reused, not consumed) and through the raw-buffer overload.
        let again = try message.withUnsafeBytes { try store.hmacSHA256(key: key, message: $0) }
        #expect(Hex.encode(again) == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    }

    @Test("Python hmac vectors, including keys of one block and longer than a block")
    func pythonVectors() throws {
        let store = KeyStore()
        for vector in TestVectors.shared.hmac_sha256 {
            let key = try store.add(kind: .hmac, material: hex(vector.key), label: "vector")
            #expect(Hex.encode(try store.hmacSHA256(key: key, message: hex(vector.message))) == vector.mac)
        }
    }

    @Test("A base64url secret is keyed on its decoded bytes when the caller decodes it")
    func base64URLSecret() throws {
        let store = KeyStore()
        let secret = "a2V5"  // base64url of "key"
        let key = try store.add(kind: .hmac, material: try KeyMaterial.base64URLDecoded(secret), label: "POLY_SECRET")
        let mac = try store.hmacSHA256(key: key, message: Array("The quick brown fox jumps over the lazy dog".utf8))
        #expect(Hex.encode(mac) == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    }
}
