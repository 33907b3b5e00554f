import Foundation
import GatewayCrypto
import HyperliquidCore
import Testing
import VenueKit

/// The signing pieces of the Core, checked directly against the SDK's numbers (no host involved:
/// Keccak from GatewayCrypto, signatures from a KeyStore, as the host would make them).
@Suite struct SigningTests {
    let keccak: @Sendable ([UInt8]) -> [UInt8] = { Digest.keccak256($0) }

    func signer(testnet: Bool, vault: String?) throws -> L1ActionSigner {
        L1ActionSigner(keccak: keccak, source: testnet ? "b" : "a", vaultAddress: try vault.map { try Hex.decode($0) })
    }

    @Test func domainSeparatorAndAgentTypeHashAreTheVenues() throws {
        let vectors = Vectors.shared
        #expect("0x" + Hex.encode(try signer(testnet: false, vault: nil).domainSeparator) == vectors.domain_separator)
        #expect(vectors.domain_separator == "0xd79297fcdf2ffcd4ae223d01edaa2ba214ff8f401d7c9300d995d17c82aa4040")
        #expect("0x" + Hex.encode(EIP712(keccak: keccak).typeHash(L1ActionSigner.agentType)) == vectors.agent_type_hash)
    }

    /// The Core builds the SDK's msgpack for every vector's action, and hash, digest and signature follow.
    @Test func actionsHashAndSignLikeTheSDK() throws {
        let keys = KeyStore()
        for vector in Vectors.shared.vectors {
            let action = try coreAction(for: vector)
            #expect(Hex.encode(MessagePack.encode(action)) == vector.action_msgpack, "\(vector.name)")
            #expect(PythonJSON.serialize(action) == vector.action_json, "\(vector.name)")
            let signer = try signer(testnet: vector.testnet, vault: vector.vault_address)
            let hash = signer.actionHash(action: action, nonce: UInt64(vector.nonce), expiresAfter: vector.expires_after.map { UInt64($0) })
            #expect("0x" + Hex.encode(hash) == vector.connection_id, "\(vector.name)")
            let digest = signer.digest(connectionId: hash)
            #expect("0x" + Hex.encode(digest) == vector.digest, "\(vector.name)")
            let key = try keys.add(kind: .secp256k1, material: Array(vector.private_key.utf8), label: vector.name)
            let signature = try L1ActionSigner.signature(fromRSV: try keys.secp256k1SignRecoverable(key: key, digest: digest))
            #expect(signature == L1Signature(r: vector.signature.r, s: vector.signature.s, v: vector.signature.v), "\(vector.name)")
        }
    }

    /// The SDK's own `signing_test.py` cases (nonce 0, a dummy action, with and without vault, both networks,
    /// and expiresAfter), including its 63-digit `r` (no zero padding).
    @Test func sdkSigningTestCases() throws {
        let keys = KeyStore()
        let key = try keys.add(kind: .secp256k1, material: Array(Vectors.masterKey.utf8), label: "sdk key")
        for test in Vectors.shared.sdk_signing_tests {
            let action: MessagePackValue = test.name.hasPrefix("dummy")
                ? .map([("type", .string("dummy")), ("num", .int(100_000_000_000))])
                : .map([("type", .string("scheduleCancel")), ("time", .int(123_456_789))])
            #expect(Hex.encode(MessagePack.encode(action)) == test.action_msgpack, "\(test.name)")
            let signer = try signer(testnet: test.testnet, vault: test.vault_address)
            let hash = signer.actionHash(action: action, nonce: test.nonce, expiresAfter: test.expires_after)
            #expect("0x" + Hex.encode(hash) == test.connection_id, "\(test.name)")
            let signature = try L1ActionSigner.signature(fromRSV: try keys.secp256k1SignRecoverable(key: key, digest: signer.digest(connectionId: hash)))
            #expect(signature == L1Signature(r: test.signature.r, s: test.signature.s, v: test.signature.v), "\(test.name)")
        }
        let mainnet = Vectors.shared.sdk_signing_tests.first { $0.name == "dummy_mainnet_novault" }
        #expect(mainnet?.signature.r == "0x53749d5b30552aeb2fca34b530185976545bb22d0b3ce6f62e31be961a59298")
    }

    /// The worked example of the venue facts file, byte for byte.
    @Test func workedExampleFromTheFactsFile() throws {
        let action = HyperliquidAction.order([OrderWire(asset: 1, isBuy: true, price: "1800.5", size: "0.1", reduceOnly: false, tif: .gtc, cloid: nil)])
        #expect(Hex.encode(MessagePack.encode(action))
                == "83a474797065a56f72646572a66f72646572739186a16101a162c3a170a6313830302e35a173a3302e31a172c2a17481a56c696d697481a3746966a3477463a867726f7570696e67a26e61")
        let signer = try signer(testnet: false, vault: nil)
        let input = signer.hashInput(action: action, nonce: 1_700_000_000_000, expiresAfter: nil)
        #expect(Hex.encode(input.suffix(9)) == "0000018bcfe5680000")
        #expect(Hex.encode(signer.actionHash(action: action, nonce: 1_700_000_000_000, expiresAfter: nil))
                == "1122ae123d6767db74776c0aa180635c85ff1d74b56931b6441fb46ff214d801")
    }

    /// Rebuilds a vector's action with the Core's builders from the vector's JSON.
    func coreAction(for vector: Vectors.Vector) throws -> MessagePackValue {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(vector.action_json.utf8)) as? [String: Any])
        switch json["type"] as? String {
        case "order":
            let orders = try #require(json["orders"] as? [[String: Any]])
            return HyperliquidAction.order(try orders.map { o in
                let t = try #require((o["t"] as? [String: Any])?["limit"] as? [String: String])
                return OrderWire(asset: try #require(o["a"] as? Int), isBuy: try #require(o["b"] as? Bool),
                                 price: try #require(o["p"] as? String), size: try #require(o["s"] as? String),
                                 reduceOnly: try #require(o["r"] as? Bool), tif: try #require(HyperliquidTif(rawValue: t["tif"] ?? "")),
                                 cloid: o["c"] as? String)
            })
        case "cancel":
            let cancels = try #require(json["cancels"] as? [[String: Any]])
            return HyperliquidAction.cancel(try cancels.map { (asset: try #require($0["a"] as? Int), oid: UInt64(try #require($0["o"] as? Int))) })
        case "cancelByCloid":
            let cancels = try #require(json["cancels"] as? [[String: Any]])
            return HyperliquidAction.cancelByCloid(try cancels.map { (asset: try #require($0["asset"] as? Int), cloid: try #require($0["cloid"] as? String)) })
        default:
            Issue.record("unknown action in \(vector.name)")
            return .null
        }
    }
}
