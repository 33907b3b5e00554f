import GatewayCrypto
import Testing

@Suite("Key store")
struct KeyStoreTests {
    /// Adding `material` fails with `.malformedKey`, a message naming the label, and no part of `secret`.
    func expectRejected(_ kind: KeyKind, _ material: String, secret: String, label: String = "KALSHI_PRIVATE_KEY (file /x/y.pem)",
                        mentioning expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let store = KeyStore()
        let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) {
            try store.add(kind: kind, material: Array(material.utf8), label: label)
        }
        guard let error else { return }
        #expect(error.code == .malformedKey, sourceLocation: sourceLocation)
        #expect(error.description.contains("credential '\(label)'"), "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.contains(expected), "\(error)", sourceLocation: sourceLocation)
        #expect(!error.description.contains(secret), "message leaks the secret: \(error)", sourceLocation: sourceLocation)
        #expect(store.count == 0, sourceLocation: sourceLocation)
    }

    @Test func garbagePEM() {
        let body = "MIIEsecretsecretSECRETSECRET0123456789"
        expectRejected(.rsa, "-----BEGIN RSA PRIVATE KEY-----\n\(body)\n-----END RSA PRIVATE KEY-----\n", secret: body,
                       mentioning: "not a PEM RSA private key")
        expectRejected(.rsa, "hunter2hunter2", secret: "hunter2", mentioning: "not a PEM RSA private key")
        expectRejected(.ed25519, "-----BEGIN PRIVATE KEY-----\n\(body)\n-----END PRIVATE KEY-----", secret: body,
                       mentioning: "not a PEM Ed25519 private key")
    }

    @Test func pemOfTheWrongKind() throws {
        // An RSA key given where Ed25519 is expected, and an Ed25519 key where RSA is expected.
        let rsaPEM = String(decoding: try TestVectors.file(TestVectors.shared.rsa_pss.pkcs8_file), as: UTF8.self)
        expectRejected(.ed25519, rsaPEM, secret: "MII", mentioning: "not an Ed25519 key")
        expectRejected(.rsa, TestVectors.shared.ed25519.pkcs8_pem, secret: "MC4", mentioning: "not an RSA key")
        expectRejected(.rsa, "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----", secret: "MFkw",
                       mentioning: "public key")
        expectRejected(.rsa, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFH\n-----END ENCRYPTED PRIVATE KEY-----",
                       secret: "MIIFH", mentioning: "encrypted")
    }

    @Test func secp256k1Errors() {
        expectRejected(.secp256k1, "deadbeefcafe", secret: "deadbeef", mentioning: "got 12 bytes")
        expectRejected(.secp256k1, String(repeating: "ab", count: 33), secret: "abab", mentioning: "got 66 bytes")
        expectRejected(.secp256k1, String(repeating: "zz", count: 32), secret: "zzzz", mentioning: "not all hex digits")
        expectRejected(.secp256k1, String(repeating: "0", count: 64), secret: "0000", mentioning: "zero")
        // The group order n itself is not a valid key.
        expectRejected(.secp256k1, "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", secret: "BAAEDCE6",
                       mentioning: "not a valid secp256k1 private key")
    }

    @Test func ed25519AndTextAndHMACErrors() {
        expectRejected(.ed25519, "tooshortsecret", secret: "tooshort", mentioning: "got 14 bytes")
        expectRejected(.text, "line1\r\nX-Injected: yes", secret: "Injected", mentioning: "line break")
        expectRejected(.text, "", secret: "\u{0}", mentioning: "empty")
        expectRejected(.hmac, "", secret: "\u{0}", mentioning: "empty")
    }

    @Test func textKeys() throws {
        let store = KeyStore()
        let key = try store.add(kind: .text, material: Array("ak-12345 é".utf8), label: "API key id")
        #expect(try store.textValue(of: key) == "ak-12345 é")
        #expect(store.kind(of: key) == .text)
        #expect(store.label(of: key) == "API key id")
        let error = #expect(throws: CryptoError.self) { try store.publicKey(of: key) }
        #expect(error?.code == .wrongKind)
        let invalid = #expect(throws: CryptoError.self) { try store.add(kind: .text, material: [0xFF, 0xFE], label: "bad") }
        #expect(invalid?.code == .malformedKey && invalid?.message.contains("UTF-8") == true)
    }

    @Test func wrongKindAndUnknownKey() throws {
        let store = KeyStore()
        let hmac = try store.add(kind: .hmac, material: Array("s3cr3t".utf8), label: "BINANCE_SECRET")
        let wrong = #expect(throws: CryptoError.self) { try store.ed25519Sign(key: hmac, message: []) }
        #expect(wrong?.code == .wrongKind)
        #expect(wrong?.message.contains("BINANCE_SECRET") == true && wrong?.message.contains("s3cr3t") == false)
        #expect(throws: CryptoError.self) { try store.textValue(of: hmac) }
        #expect(throws: CryptoError.self) { try store.publicKey(of: hmac) }
        #expect(throws: CryptoError.self) { try store.rsaPSSSHA256Sign(key: hmac, message: []) }
        #expect(throws: CryptoError.self) { try store.secp256k1SignRecoverable(key: hmac, digest: [UInt8](repeating: 0, count: 32)) }

        let unknown = #expect(throws: CryptoError.self) { try store.hmacSHA256(key: KeyHandle(rawValue: 999), message: []) }
        #expect(unknown?.code == .unknownKey)
        #expect(store.kind(of: KeyHandle(rawValue: 0)) == nil)
    }

    @Test func handlesAndRemoval() throws {
        let store = KeyStore()
        let a = try store.add(kind: .hmac, material: [1], label: "a")
        let b = try store.add(kind: .hmac, material: [2], label: "b")
        #expect(a.rawValue != 0 && b.rawValue != 0 && a != b)
        #expect(store.count == 2)
        #expect(store.remove(a))
        #expect(!store.remove(a))
        #expect(store.kind(of: a) == nil && store.label(of: a) == nil)
        let error = #expect(throws: CryptoError.self) { try store.hmacSHA256(key: a, message: []) }
        #expect(error?.code == .unknownKey)
        #expect(try store.hmacSHA256(key: b, message: []).count == 32)
        // Handles are not reused.
        let c = try store.add(kind: .hmac, material: [3], label: "c")
        #expect(c != a && c != b)
    }

    @Test func descriptionsShowNoSecrets() throws {
        let store = KeyStore()
        let handle = try store.add(kind: .text, material: Array("passphrase-XYZZY".utf8), label: "PASSPHRASE")
        _ = try store.add(kind: .hmac, material: Array("hmac-XYZZY".utf8), label: "SECRET")
        var dumped = ""
        dump(store, to: &dumped)
        for text in [store.description, String(describing: store), String(reflecting: store), dumped, "\(handle)"] {
            #expect(!text.contains("XYZZY"), "\(text)")
        }
        #expect(store.description == "KeyStore(2 keys)")
    }

    @Test func kindRawValuesMatchTheCABI() {
        #expect(KeyKind.text.rawValue == 1 && KeyKind.hmac.rawValue == 2 && KeyKind.ed25519.rawValue == 3)
        #expect(KeyKind.rsa.rawValue == 4 && KeyKind.secp256k1.rawValue == 5)
        #expect(KeyKind(rawValue: 0) == nil && KeyKind(rawValue: 6) == nil)
    }

    @Test("Concurrent signing and removal are safe")
    func concurrentUse() async throws {
        let store = KeyStore()
        let secp = try store.add(kind: .secp256k1, material: [UInt8](repeating: 9, count: 32), label: "secp")
        let hmac = try store.add(kind: .hmac, material: Array("key".utf8), label: "hmac")
        let ed = try store.add(kind: .ed25519, material: hex(TestVectors.shared.ed25519.private_key), label: "ed25519")
        let rsa = try store.add(kind: .rsa, material: try TestVectors.file(TestVectors.shared.rsa_pss.pkcs1_file), label: "rsa")
        let rsaPublic = try store.publicKey(of: rsa)
        let digest = Digest.keccak256([42])
        let expected = try store.secp256k1SignRecoverable(key: secp, digest: digest)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<8 {
                group.addTask {
                    for _ in 0..<200 {
                        #expect(try store.secp256k1SignRecoverable(key: secp, digest: digest) == expected)
                        #expect(try store.hmacSHA256(key: hmac, message: [UInt8(i)]).count == 32)
                        let temporary = try store.add(kind: .hmac, material: [UInt8(i)], label: "t\(i)")
                        #expect(store.remove(temporary))
                        #expect(try store.ed25519Sign(key: ed, message: []).count == 64)
                    }
                    let signature = try store.rsaPSSSHA256Sign(key: rsa, message: [UInt8(i)])
                    #expect(SignatureVerifier.verifyRSAPSS(publicKeyDER: rsaPublic, message: [UInt8(i)], signature: signature))
                }
            }
            try await group.waitForAll()
        }
        #expect(store.count == 4)
    }

    @Test func oversizedMaterialIsRefused() {
        let store = KeyStore()
        let error = #expect(throws: CryptoError.self) {
            try store.add(kind: .hmac, material: [UInt8](repeating: 0x41, count: 100_000), label: "huge")
        }
        #expect(error?.code == .malformedKey && error?.message.contains("100000 bytes") == true)
    }
}
