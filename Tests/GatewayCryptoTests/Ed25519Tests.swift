import GatewayCrypto
import Testing

@Suite("Ed25519")
struct Ed25519Tests {
    static let vector = TestVectors.shared.ed25519

    @Test("RFC 8032 test 1 from the raw seed, as bytes and as hex")
    func rfc8032Test1() throws {
        let store = KeyStore()
        for material in [hex(Self.vector.private_key), Array(Self.vector.private_key.utf8)] {
            let key = try store.add(kind: .ed25519, material: material, label: "rfc8032")
            #expect(Hex.encode(try store.publicKey(of: key)) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
            let signature = try store.ed25519Sign(key: key, message: [])
            #expect(Hex.encode(signature) == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
            #expect(SignatureVerifier.verifyEd25519(publicKey: try store.publicKey(of: key), message: [], signature: signature))
        }
    }

    @Test("PEM PKCS#8, also with literal \\n newlines")
    func pkcs8PEM() throws {
        let store = KeyStore()
        let pem = Self.vector.pkcs8_pem
        let escaped = pem.split(separator: "\n").joined(separator: "\\n")
        for text in [pem, escaped] {
            let key = try store.add(kind: .ed25519, material: Array(text.utf8), label: "pem")
            #expect(Hex.encode(try store.publicKey(of: key)) == Self.vector.public_key)
            #expect(Hex.encode(try store.ed25519Sign(key: key, message: [])) == Self.vector.signature)
        }
    }

    @Test func verifyRejectsTampering() throws {
        let store = KeyStore()
        let key = try store.add(kind: .ed25519, material: hex(Self.vector.private_key), label: "k")
        let message = Array("GET /v1/orders 1700000000".utf8)
        var signature = try store.ed25519Sign(key: key, message: message)
        let publicKey = try store.publicKey(of: key)
        #expect(SignatureVerifier.verifyEd25519(publicKey: publicKey, message: message, signature: signature))
        #expect(!SignatureVerifier.verifyEd25519(publicKey: publicKey, message: message + [0], signature: signature))
        signature[0] ^= 1
        #expect(!SignatureVerifier.verifyEd25519(publicKey: publicKey, message: message, signature: signature))
        #expect(!SignatureVerifier.verifyEd25519(publicKey: [1, 2], message: message, signature: signature))
    }
}
