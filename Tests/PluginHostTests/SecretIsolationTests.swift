import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// A plugin that records every byte it receives through the contract never sees a configured secret:
/// it gets handles, and the signatures it makes with them verify.
@Suite struct SecretIsolationTests {
    @Test func recorderPluginNeverReceivesASecretAndItsSignaturesVerify() async throws {
        let folder = try FixtureBuilder.temporaryDirectory()
        let library = try FixtureBuilder.fixture("recorder", in: folder)

        // Secrets, as a user would configure them: environment variables and key files.
        let apiKey = "AK-" + Hex.encode((0..<12).map { _ in UInt8.random(in: 0...255) })
        let hmacSecret = "HS-" + Hex.encode((0..<24).map { _ in UInt8.random(in: 0...255) })
        let secpHex = Hex.encode((0..<32).map { _ in UInt8.random(in: 1...255) })
        let rsaPath = folder.appendingPathComponent("rsa.pem")
        let edPath = folder.appendingPathComponent("ed25519.pem")
        #expect(try FixtureBuilder.run("/usr/bin/openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                                                            "-out", rsaPath.path]).status == 0)
        #expect(try FixtureBuilder.run("/usr/bin/openssl", ["genpkey", "-algorithm", "ed25519", "-out", edPath.path]).status == 0)
        let rsaPEM = try String(contentsOf: rsaPath, encoding: .utf8)
        let edPEM = try String(contentsOf: edPath, encoding: .utf8)

        let server = try await LoopbackHTTPServer { request in
            .init(status: 200, body: #"{"ok":true}"#)
        }
        let recordPath = folder.appendingPathComponent("recorded.bin")
        let manifestJSON = """
        {"name":"recorder","library":"\(library.path)",
         "settings":{"record_path":"\(recordPath.path)","base_url":"\(server.baseURL)"},
         "credentials":{
           "apikey":{"kind":"text","env":"REC_API_KEY"},
           "hmac":{"kind":"hmac","env":"REC_HMAC"},
           "secp":{"kind":"secp256k1","env":"REC_SECP"},
           "rsa":{"kind":"rsa","file":"\(rsaPath.path)"},
           "ed25519":{"kind":"ed25519","file":"\(edPath.path)"}}}
        """
        try Data(manifestJSON.utf8).write(to: folder.appendingPathComponent("recorder.json"))
        let environment = ["REC_API_KEY": apiKey, "REC_HMAC": hmacSecret, "REC_SECP": "0x" + secpHex]
        let catalog = try PluginLoader.load(directory: folder, environment: environment)
        let entry = try #require(catalog.entries.first)
        let loaded = try #require(entry.library, "\(entry.error?.message ?? "")")
        let keys = KeyStore()
        let handles = try CredentialLoader.load(try #require(entry.manifest), into: keys, environment: environment)
        let instance = try PluginInstance(library: loaded, venue: "recorder", settings: entry.manifest!.settings,
                                          credentials: handles, services: HostServices(keyStore: keys))

        let outcome = await instance.placeOrder(VenueOrder(
            clientOrderId: "gw-secret-test-1", market: "MKT-1", side: GW_SIDE_BUY, outcome: GW_OUTCOME_NONE,
            type: GW_ORDER_LIMIT, timeInForce: GW_TIF_GTC, quantity: "2", limitPrice: "10.5"))
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        await instance.shutdown()
        await server.shutdown()

        // 1. Nothing the plugin received contains a secret, in any of the forms it was configured in.
        let recorded = try Data(contentsOf: recordPath)
        let text = String(decoding: recorded, as: UTF8.self)
        #expect(!recorded.isEmpty)
        #expect(text.contains("gw-secret-test-1"), "the recorder should have seen the order")
        for (name, secret) in [("api key", apiKey), ("hmac secret", hmacSecret), ("secp256k1 key", secpHex)] {
            #expect(!text.lowercased().contains(secret.lowercased()), "the plugin received the \(name)")
        }
        for pem in [rsaPEM, edPEM] {
            let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            #expect(!text.contains(String(body.prefix(40))), "the plugin received a private key file")
        }

        // 2. The venue got the API key (inserted by the host) and signatures that verify.
        let request = try #require(server.requests.first)
        #expect(request.header("X-API-KEY") == apiKey)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: String])
        let message = Array("gw-secret-test-1".utf8)
        let verifier = KeyStore()
        let hmacHandle = try verifier.add(kind: .hmac, material: Array(hmacSecret.utf8), label: "test")
        let expectedHMAC = Hex.encode(try verifier.hmacSHA256(key: hmacHandle, message: message))
        #expect(body["hmac"] == expectedHMAC)
        #expect(request.header("X-Sig") == expectedHMAC)
        let edPublic = try Hex.decode(try #require(body["ed25519_pub"]))
        #expect(SignatureVerifier.verifyEd25519(publicKey: edPublic, message: message, signature: try Hex.decode(try #require(body["ed25519"]))))
        let rsaPublic = try Hex.decode(try #require(body["rsa_pub"]))
        #expect(SignatureVerifier.verifyRSAPSS(publicKeyDER: rsaPublic, message: message, signature: try Hex.decode(try #require(body["rsa"]))))
        let address = try Hex.decode(try #require(body["secp_address"]))
        let recovered = SignatureVerifier.recoverAddress(digest: Digest.keccak256(message), signature65: try Hex.decode(try #require(body["secp"])))
        #expect(recovered == address)
        let expectedAddress = try keys.publicKey(of: try #require(handles["secp"]))
        #expect(address == expectedAddress)
    }
}
