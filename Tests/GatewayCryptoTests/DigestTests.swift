import GatewayCrypto
import Testing

@Suite("Digests")
struct DigestTests {
    @Test("Keccak-256 of the empty string and of 'hello'")
    func keccakKnownAnswers() {
        #expect(Hex.encode(Digest.keccak256([])) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(Hex.encode(Digest.keccak256(Array("hello".utf8)))
            == "1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8")
    }

    @Test("SHA-256 of 'abc' (FIPS 180-2)")
    func sha256KnownAnswer() {
        #expect(Hex.encode(Digest.sha256(Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("Keccak-256 and SHA-256 around block boundaries match pycryptodome and hashlib",
          arguments: TestVectors.shared.digests.map(\.length))
    func blockBoundaries(length: Int) throws {
        let vector = try #require(TestVectors.shared.digests.first { $0.length == length })
        let data = TestVectors.pattern(length)
        #expect(Hex.encode(Digest.keccak256(data)) == vector.keccak256)
        #expect(Hex.encode(Digest.sha256(data)) == vector.sha256)
        data.withUnsafeBytes { raw in
            #expect(Hex.encode(Digest.keccak256(raw)) == vector.keccak256)
            #expect(Hex.encode(Digest.sha256(raw)) == vector.sha256)
        }
    }
}
