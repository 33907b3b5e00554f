import Foundation
import GatewayCrypto
import GatewayTesting
import Testing

/// The emulator judges like the venue: it accepts the SDK's own bodies, recovers a different signer from
/// anything altered, refuses replays, and does not care about JSON key order or spacing.
@Suite struct EmulatorTests {
    let vectors = Vectors.shared

    func emulator(clockMs: Int64, mainnet: Bool = true) -> HyperliquidEmulator {
        let emulator = HyperliquidEmulator(mainnet: mainnet) { clockMs }
        vectors.configure(emulator)
        emulator.addUser(vectors.master_address, usdc: "100000")
        return emulator
    }

    func post(_ emulator: HyperliquidEmulator, _ body: String) -> (status: Int, text: String) {
        let response = emulator.handle(path: "/exchange", body: Array(body.utf8))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    var vector: Vectors.Vector { vectors.vectors.first { $0.name == "order_gtc_buy_eth" }! }

    @Test func acceptsTheSDKsBodyOnceAndRefusesTheReplay() {
        let e = emulator(clockMs: vector.nonce)
        let first = post(e, vector.body)
        #expect(first.status == 200 && first.text.contains(#"{"filled":{"totalSz":"0.1","avgPx":"1800.5","oid":"#), "\(first.text)")
        #expect(e.exchangeRecords.first?.signer == vectors.master_address)
        let replay = post(e, vector.body)
        #expect(replay.text == #"{"status":"err","response":"Invalid nonce: duplicate nonce 1700000000000 for signer \#(vectors.master_address)"}"#)
    }

    @Test func anAlteredValueRecoversAnotherWallet() throws {
        for (from, to) in [(#""p": "1800.5""#, #""p": "1800.6""#), (#""s": "0.1""#, #""s": "0.2""#), (#""b": true"#, #""b": false"#),
                           (#""nonce": 1700000000000"#, #""nonce": 1700000000001"#),
                           (#""vaultAddress": null"#, #""vaultAddress": "0x1719884eb866cb12b2287399b15f7db5e7d775ea""#)] {
            let e = emulator(clockMs: vector.nonce)
            let altered = vector.body.replacingOccurrences(of: from, with: to)
            #expect(altered != vector.body)
            let reply = post(e, altered)
            let signer = try #require(e.exchangeRecords.first?.signer)
            #expect(signer != vectors.master_address, "\(to)")
            #expect(reply.text == #"{"status":"err","response":"User or API Wallet \#(signer) does not exist."}"#, "\(to): \(reply.text)")
        }
        // Signed for mainnet, judged on testnet: source "a" vs "b".
        let testnet = emulator(clockMs: vector.nonce, mainnet: false)
        #expect(post(testnet, vector.body).text.contains("does not exist"))
    }

    @Test func keyOrderAndSpacingOfTheJSONDoNotMatter() {
        let e = emulator(clockMs: vector.nonce)
        let reordered = #"{"nonce":1700000000000,"signature":{"v":27,"s":"\#(vector.signature.s)","r":"\#(vector.signature.r)"},"#
            + #""action":{"grouping":"na","orders":[{"t":{"limit":{"tif":"Gtc"}},"r":false,"s":"0.1","p":"1800.5","b":true,"a":1}],"type":"order"}}"#
        let reply = post(e, reordered)
        #expect(reply.text.contains(#""status":"ok""#), "\(reply.text)")
        #expect(e.exchangeRecords.first?.signer == vectors.master_address)
    }

    @Test func malformedBodiesAreRefusedAsTheVenueDoes() {
        let e = emulator(clockMs: vector.nonce)
        for body in ["not json", #"{"action":{"type":"order"}}"#, vector.body.replacingOccurrences(of: #""a": 1"#, with: #""a": "1""#),
                     vector.body.replacingOccurrences(of: #""p": "1800.5""#, with: #""p": "1.8e3""#),
                     vector.body.replacingOccurrences(of: #""nonce": 1700000000000"#, with: #""nonce": 1.7e12"#)] {
            let reply = post(e, body)
            #expect(reply.status == 422 && reply.text == "Failed to deserialize the JSON body into the target type", "\(body)")
        }
    }

    @Test func nonceWindowAndTheHundredHighest() throws {
        let keys = KeyStore()
        let key = try keys.add(kind: .secp256k1, material: Array(Vectors.masterKey.utf8), label: "sdk")
        // Re-sign the vector's action with other nonces, as the venue would receive them.
        let action = try HyperliquidL1Verifier.parseAction(try EmulatorJSON.parse(Array(vector.action_json.utf8)))
        func body(nonce: UInt64) throws -> String {
            let digest = HyperliquidL1Verifier.phantomAgentDigest(
                connectionId: HyperliquidL1Verifier.connectionId(action, nonce: nonce, vaultAddress: nil, expiresAfter: nil), mainnet: true)
            let rsv = try keys.secp256k1SignRecoverable(key: key, digest: digest)
            return #"{"action": \#(vector.action_json), "nonce": \#(nonce), "signature": {"r": "0x\#(Hex.encode(rsv[0..<32]))", "s": "0x\#(Hex.encode(rsv[32..<64]))", "v": \#(27 + Int(rsv[64]))}, "vaultAddress": null, "expiresAfter": null}"#
        }
        let now: Int64 = 1_700_000_000_000
        let e = emulator(clockMs: now)
        e.setLiquidity("ETH", "0")  // keep the orders from filling: only the nonces matter here
        #expect(post(e, try body(nonce: UInt64(now - 3 * 86_400_000))).text.contains("Invalid nonce"))
        #expect(post(e, try body(nonce: UInt64(now + 2 * 86_400_000))).text.contains("Invalid nonce"))
        for offset in 0..<100 { #expect(post(e, try body(nonce: UInt64(now) + 1000 + UInt64(offset))).text.contains(#""status":"ok""#)) }
        #expect(post(e, try body(nonce: UInt64(now) + 999)).text.contains("lower than all of the 100 highest"))
        #expect(post(e, try body(nonce: UInt64(now) + 5000)).text.contains(#""status":"ok""#))
    }
}
