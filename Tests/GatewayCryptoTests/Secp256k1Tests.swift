import GatewayCrypto
import Testing

@Suite("secp256k1")
struct Secp256k1Tests {
    @Test("The address of private key 1")
    func addressOfKeyOne() throws {
        let store = KeyStore()
        let key = try store.add(kind: .secp256k1, material: Array(("0x" + String(repeating: "0", count: 63) + "1").utf8),
                                label: "one")
        #expect(Hex.encode(try store.publicKey(of: key)) == "7e5f4552091a69125d5dfcb7b8c2659029395bdf")
    }

    @Test("Deterministic signatures match coincurve (RFC 6979, low s) and recover to the signer",
          arguments: TestVectors.shared.secp256k1.indices)
    func matchesPython(index: Int) throws {
        let vector = TestVectors.shared.secp256k1[index]
        let store = KeyStore()
        let key = try store.add(kind: .secp256k1, material: hex(vector.private_key), label: "vector \(index)")
        let signature = try store.secp256k1SignRecoverable(key: key, digest: hex(vector.digest))
        #expect(Hex.encode(signature) == vector.signature)
        #expect(Hex.encode(try store.publicKey(of: key)) == vector.address)
        let recovered = try #require(SignatureVerifier.recoverAddress(digest: hex(vector.digest), signature65: signature))
        #expect(Hex.encode(recovered) == vector.address)
    }

    @Test("A signature recovers to the signer with v as 0/1 and as 27/28, and low s")
    func recoversSigner() throws {
        let store = KeyStore()
        let key = try store.add(kind: .secp256k1, material: Array("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318".utf8),
                                label: "signer")
        let address = try store.publicKey(of: key)
        let digest = Digest.keccak256(Array("order 7: buy 3 YES at 0.42".utf8))
        let signature = try store.secp256k1SignRecoverable(key: key, digest: digest)
        #expect(signature.count == 65 && signature[64] <= 1)
        // s <= n/2: the top byte of s is at most 0x7f.
        #expect(signature[32] <= 0x7F)
        #expect(SignatureVerifier.recoverAddress(digest: digest, signature65: signature) == address)
        var ethereum = signature
        ethereum[64] += 27
        #expect(SignatureVerifier.recoverAddress(digest: digest, signature65: ethereum) == address)
        // Another digest recovers another address; a bad v recovers nothing.
        #expect(SignatureVerifier.recoverAddress(digest: Digest.keccak256([1]), signature65: signature) != address)
        ethereum[64] = 5
        #expect(SignatureVerifier.recoverAddress(digest: digest, signature65: ethereum) == nil)
        #expect(SignatureVerifier.recoverAddress(digest: [0], signature65: signature) == nil)
        // Deterministic: the same digest gives the same signature.
        #expect(try store.secp256k1SignRecoverable(key: key, digest: digest) == signature)
    }

    @Test("Key formats: raw 32 bytes, hex with and without 0x")
    func keyFormats() throws {
        let store = KeyStore()
        let raw = [UInt8](repeating: 0, count: 31) + [1]
        let a = try store.add(kind: .secp256k1, material: raw, label: "raw")
        let b = try store.add(kind: .secp256k1, material: Array((String(repeating: "0", count: 63) + "1").utf8), label: "hex")
        let c = try store.add(kind: .secp256k1, material: Array(("0X" + String(repeating: "0", count: 63) + "1").utf8), label: "0X")
        #expect(try store.publicKey(of: a) == store.publicKey(of: b))
        #expect(try store.publicKey(of: a) == store.publicKey(of: c))
    }

    @Test("The digest must be 32 bytes")
    func digestLength() throws {
        let store = KeyStore()
        let key = try store.add(kind: .secp256k1, material: [UInt8](repeating: 7, count: 32), label: "k")
        let error = #expect(throws: CryptoError.self) { try store.secp256k1SignRecoverable(key: key, digest: [1, 2, 3]) }
        #expect(error?.code == .invalidInput)
    }
}
