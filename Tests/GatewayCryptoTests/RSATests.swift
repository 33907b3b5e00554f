import GatewayCrypto
import Testing

/// The key is `Vectors/TEST-ONLY-rsa2048-*.pem`, a throwaway made by the generator script.
@Suite("RSA-PSS")
struct RSATests {
    static let vector = TestVectors.shared.rsa_pss

    @Test("PKCS#1 and PKCS#8 PEM load, give the same public key as Python, and sign verifiably",
          arguments: [vector.pkcs1_file, vector.pkcs8_file])
    func signAndVerify(file: String) throws {
        let store = KeyStore()
        let key = try store.add(kind: .rsa, material: try TestVectors.file(file), label: file)
        let der = try store.publicKey(of: key)
        #expect(Hex.encode(der) == Self.vector.public_key_der)
        let message = hex(Self.vector.message)
        let signature = try store.rsaPSSSHA256Sign(key: key, message: message)
        #expect(signature.count == 256)
        #expect(SignatureVerifier.verifyRSAPSS(publicKeyDER: der, message: message, signature: signature))
        // Randomized salt: a second signature differs but verifies too.
        let second = try store.rsaPSSSHA256Sign(key: key, message: message)
        #expect(second != signature)
        #expect(SignatureVerifier.verifyRSAPSS(publicKeyDER: der, message: message, signature: second))
        #expect(!SignatureVerifier.verifyRSAPSS(publicKeyDER: der, message: message + [0], signature: signature))
    }

    @Test("A signature made by Python's cryptography verifies")
    func verifiesPythonSignature() {
        #expect(SignatureVerifier.verifyRSAPSS(publicKeyDER: hex(Self.vector.public_key_der), message: hex(Self.vector.message),
                                               signature: hex(Self.vector.signature)))
        var tampered = hex(Self.vector.signature)
        tampered[10] ^= 0x40
        #expect(!SignatureVerifier.verifyRSAPSS(publicKeyDER: hex(Self.vector.public_key_der), message: hex(Self.vector.message),
                                                signature: tampered))
        #expect(!SignatureVerifier.verifyRSAPSS(publicKeyDER: [0x30, 0x00], message: [], signature: []))
    }

    @Test("PEM with newlines written as literal \\n (as in an environment variable) loads")
    func escapedNewlines() throws {
        let pem = String(decoding: try TestVectors.file(Self.vector.pkcs8_file), as: UTF8.self)
        let body = pem[pem.range(of: "-----BEGIN")!.lowerBound...]
        let escaped = "\"" + body.split(separator: "\n").joined(separator: "\\n") + "\""
        #expect(!escaped.contains("\n"))
        let store = KeyStore()
        let key = try store.add(kind: .rsa, material: Array(escaped.utf8), label: "KALSHI_PRIVATE_KEY")
        #expect(Hex.encode(try store.publicKey(of: key)) == Self.vector.public_key_der)
    }
}
