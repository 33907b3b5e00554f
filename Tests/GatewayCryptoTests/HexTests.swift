import GatewayCrypto
import Testing

@Suite("Hex and base64url")
struct HexTests {
    @Test func encodesLowerCase() {
        #expect(Hex.encode([0x00, 0x7F, 0xAB, 0xFF]) == "007fabff")
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func decodesWithAndWithoutPrefix() throws {
        #expect(try Hex.decode("007fABff") == [0x00, 0x7F, 0xAB, 0xFF])
        #expect(try Hex.decode("0x007fabff") == [0x00, 0x7F, 0xAB, 0xFF])
        #expect(try Hex.decode("0X01") == [0x01])
        #expect(try Hex.decode("") == [])
        #expect(try Hex.decode("0x") == [])
    }

    @Test func rejectsBadHexWithoutQuotingIt() {
        let odd = #expect(throws: CryptoError.self) { try Hex.decode("abc") }
        #expect(odd?.code == .invalidInput)
        let bad = #expect(throws: CryptoError.self) { try Hex.decode("0x12zq") }
        #expect(bad?.code == .invalidInput)
        #expect(bad?.message.contains("offset 4") == true)
        #expect(bad?.message.contains("zq") == false)
    }

    @Test func base64URL() throws {
        // RFC 4648 test vectors, in both alphabets, padded and not.
        #expect(try KeyMaterial.base64URLDecoded("Zm9vYmFy") == Array("foobar".utf8))
        #expect(try KeyMaterial.base64URLDecoded("Zm9vYg==") == Array("foob".utf8))
        #expect(try KeyMaterial.base64URLDecoded("Zm9vYg") == Array("foob".utf8))
        #expect(try KeyMaterial.base64URLDecoded("Zm8") == Array("fo".utf8))
        #expect(try KeyMaterial.base64URLDecoded("") == [])
        #expect(try KeyMaterial.base64URLDecoded("-_-_") == [0xFB, 0xFF, 0xBF])
        #expect(try KeyMaterial.base64URLDecoded("+/+/") == [0xFB, 0xFF, 0xBF])
        #expect(try KeyMaterial.base64URLDecoded(Array("-_-_".utf8)) == [0xFB, 0xFF, 0xBF])
        let bad = #expect(throws: CryptoError.self) { try KeyMaterial.base64URLDecoded("abc$") }
        #expect(bad?.code == .invalidInput && bad?.message.contains("offset 3") == true)
        #expect(throws: CryptoError.self) { try KeyMaterial.base64URLDecoded("abcde") }
    }
}
