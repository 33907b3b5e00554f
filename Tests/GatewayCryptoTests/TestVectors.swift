import Foundation
import GatewayCrypto

/// Known answers computed by `Vectors/make_crypto_vectors.py` with independent Python libraries
/// (pycryptodome, hashlib, coincurve, cryptography), stored in `Vectors/crypto_vectors.json`.
struct TestVectors: Decodable {
    struct DigestVector: Decodable {
        let length: Int
        let keccak256: String
        let sha256: String
    }

    struct HMACVector: Decodable {
        let key: String
        let message: String
        let mac: String
    }

    struct Secp256k1Vector: Decodable {
        let private_key: String
        let digest: String
        let signature: String
        let address: String
    }

    struct Ed25519Vector: Decodable {
        let private_key: String
        let public_key: String
        let message: String
        let signature: String
        let pkcs8_pem: String
    }

    struct RSAVector: Decodable {
        let pkcs1_file: String
        let pkcs8_file: String
        let public_key_der: String
        let message: String
        let signature: String
    }

    let digests: [DigestVector]
    let hmac_sha256: [HMACVector]
    let secp256k1: [Secp256k1Vector]
    let ed25519: Ed25519Vector
    let rsa_pss: RSAVector

    /// The folder holding the vectors (excluded from the target's sources).
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")

    static let shared: TestVectors = {
        let url = directory.appendingPathComponent("crypto_vectors.json")
        do {
            return try JSONDecoder().decode(TestVectors.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot load \(url.path): \(error)")
        }
    }()

    /// The bytes of a file in the vectors folder (the test-only RSA keys).
    static func file(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// The byte pattern the generator hashes: byte i is i mod 251.
    static func pattern(_ length: Int) -> [UInt8] {
        (0..<length).map { UInt8($0 % 251) }
    }
}

/// Hex to bytes for test literals.
func hex(_ text: String) -> [UInt8] {
    do { return try Hex.decode(text) } catch { fatalError("bad hex literal in a test: \(error)") }
}
