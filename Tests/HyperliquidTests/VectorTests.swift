import Foundation
import GatewayCrypto
import GatewayTesting
import HyperliquidCore
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Byte-for-byte equality with the official Python SDK (hyperliquid-python-sdk, `Vectors/make_vectors.py`):
/// the plugin library, loaded by dlopen and driven through the host with a fixed clock, must post exactly
/// the body the SDK posts (action, nonce, signature r/s/v, vaultAddress, expiresAfter), and the emulator
/// must recover the SDK's signer from it.
///
/// The vectors share the SDK's key and the plugin keeps one nonce sequence per signer per process, so they
/// run in one test, in nonce order.
@Suite struct VectorTests {
    @Test func pluginPostsExactlyTheSDKBodies() async throws {
        let vectors = Vectors.shared
        #expect(vectors.sdk["hyperliquid-python-sdk"] == "0.24.0")
        for vector in vectors.vectors.sorted(by: { $0.nonce < $1.nonce }) {
            var settings: [String: String] = [:]
            if vector.testnet { settings["testnet"] = "true" }
            if let vault = vector.vault_address { settings["vault_address"] = "\"\(vault)\"" }
            if let account = vector.account_address { settings["account_address"] = "\"\(account)\"" }
            if let expires = vector.expires_after { settings["expires_after_ms"] = String(expires - vector.nonce) }
            let harness = try await Harness(key: vector.private_key, settings: settings, mainnet: !vector.testnet,
                                            clockMs: vector.nonce) { emulator in
                vectors.configure(emulator)
                emulator.addUser(vectors.master_address, usdc: "100000")
                emulator.approveAgent(vectors.agent_address, for: vectors.master_address)
                emulator.addVault("0x1719884eb866cb12b2287399b15f7db5e7d775ea", leader: vectors.master_address)
                emulator.setPosition(vectors.master_address, coin: "BTC", szi: "0.01", entry: "60000")
                emulator.setSpotBalance(vectors.master_address, coin: "USDC", total: "1000")
                emulator.setSpotBalance(vectors.master_address, coin: "HFUN", total: "10")
                if let oid = vector.cancel.flatMap({ UInt64($0.venue_order_id) }) {
                    emulator.seedOrder(user: vectors.master_address, oid: oid, coin: "ETH", isBuy: true, price: "1700", size: "0.1")
                }
                if let cancel = vector.cancel, !cancel.client_order_id.isEmpty {
                    let cloid = "0x" + Hex.encode(Digest.keccak256(Array(cancel.client_order_id.utf8)).prefix(16))
                    emulator.seedOrder(user: vectors.master_address, oid: 5, coin: "ETH", isBuy: true, price: "1700", size: "0.1", cloid: cloid)
                }
                // frontendOpenOrders lists the newest first: seed in reverse to get the vector's order.
                for open in (vector.open_orders ?? []).reversed() {
                    emulator.seedOrder(user: vectors.master_address, oid: open.oid, coin: open.coin, isBuy: false,
                                       price: open.coin == "PURR/USDC" ? "0.5" : "99999", size: "1")
                }
            }
            let outcome: OperationOutcome
            if let order = vector.order {
                outcome = await harness.instance.placeOrder(order.venueOrder)
            } else if let cancel = vector.cancel {
                outcome = await harness.instance.cancelOrder(VenueOrderRef(market: cancel.market, venueOrderId: cancel.venue_order_id,
                                                                           clientOrderId: cancel.client_order_id))
            } else {
                outcome = await harness.instance.cancelAll()
            }
            let records = harness.emulator.exchangeRecords
            await harness.shutdown()

            #expect(outcome.failure == nil, "\(vector.name): \(outcome.failure?.description ?? "")")
            try #require(records.count == 1, "\(vector.name): expected one /exchange request, got \(records.count)")
            let record = records[0]
            #expect(record.body == vector.body, "\(vector.name): body differs\n plugin: \(record.body)\n sdk:    \(vector.body)")
            #expect(record.signer == vector.signer, "\(vector.name): the emulator recovered \(record.signer ?? "nothing")")
            #expect(record.reply.contains(#""status":"ok""#), "\(vector.name): \(record.reply)")
            if let vault = vector.vault_address { #expect(record.account == vault) }
            if vector.account_address != nil { #expect(record.account == vectors.master_address) }
        }
    }

    /// The emulator's own serialisation (independent of the plugin's) gives the SDK's msgpack, hash and digest.
    @Test func emulatorRecomputesTheSDKHashes() throws {
        for vector in Vectors.shared.vectors {
            let action = try HyperliquidL1Verifier.parseAction(try EmulatorJSON.parse(Array(vector.action_json.utf8)))
            #expect(Hex.encode(HyperliquidL1Verifier.messagePack(action)) == vector.action_msgpack, "\(vector.name)")
            let vault = try vector.vault_address.map { try Hex.decode($0) }
            let id = HyperliquidL1Verifier.connectionId(action, nonce: UInt64(vector.nonce), vaultAddress: vault,
                                                        expiresAfter: vector.expires_after.map { UInt64($0) })
            #expect("0x" + Hex.encode(id) == vector.connection_id, "\(vector.name)")
            let digest = HyperliquidL1Verifier.phantomAgentDigest(connectionId: id, mainnet: !vector.testnet)
            #expect("0x" + Hex.encode(digest) == vector.digest, "\(vector.name)")
            let signer = HyperliquidL1Verifier.recover(digest: digest, r: vector.signature.r, s: vector.signature.s,
                                                       v: UInt64(vector.signature.v))
            #expect(signer.map { "0x" + Hex.encode($0) } == vector.signer, "\(vector.name)")
        }
    }
}
