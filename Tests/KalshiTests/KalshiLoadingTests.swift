import Foundation
import GatewayCrypto
import GatewayTesting
import KalshiCore
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Loading the plugin: keys in both PEM encodings, a bad key that stops only Kalshi, the descriptor, conformance.
@Suite struct KalshiLoadingTests {
    @Test func pkcs1KeysSignAsWellAsPkcs8() async throws {
        let key = try TestKey.shared.get()
        let h = try await KalshiHarness(keyPath: key.pkcs1Path)
        let outcome = await h.instance.balances()
        await h.shutdown()
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        #expect(h.emulator.authFailures.isEmpty)
    }

    @Test func aSignatureFromAnotherKeyIsRefused() async throws {
        let otherFolder = try FixtureBuilder.temporaryDirectory("kalshi-other")
        let other = otherFolder.appendingPathComponent("other.pem").path
        #expect(try FixtureBuilder.run("/usr/bin/openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", other]).status == 0)
        let h = try await KalshiHarness(keyPath: other)
        let outcome = await h.instance.balances()
        await h.shutdown()
        #expect(outcome.failure?.status == .auth && outcome.failure?.venueCode == "unauthorized")
        #expect(h.emulator.authFailures.first?.contains("invalid signature") == true)
    }

    @Test func aGarbageKeyStopsKalshiWithAClearErrorAndNotTheOtherVenues() async throws {
        let folder = try FixtureBuilder.temporaryDirectory("kalshi-badkey")
        let pem = folder.appendingPathComponent("kalshi-key.pem")
        try Data("-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END RSA PRIVATE KEY-----\n".utf8).write(to: pem)
        let kalshiManifest = try String(contentsOf: FixtureBuilder.packageRoot.appendingPathComponent("plugins.d/kalshi.json"), encoding: .utf8)
        try Data(kalshiManifest.utf8).write(to: folder.appendingPathComponent("kalshi.json"))
        let paperManifest = try String(contentsOf: FixtureBuilder.packageRoot.appendingPathComponent("plugins.d/paper.json"), encoding: .utf8)
        try Data(paperManifest.utf8).write(to: folder.appendingPathComponent("paper.json"))
        let environment = ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path, "KALSHI_API_KEY": KalshiHarness.apiKeyId,
                           "KALSHI_PRIVATE_KEY_PATH": pem.path]
        let catalog = try PluginLoader.load(directory: folder, environment: environment)
        #expect(catalog.loaded.count == 2, "\(catalog.entries.compactMap(\.error?.message))")
        let keys = KeyStore()
        var started: [String: PluginInstance] = [:]
        var problems: [String: String] = [:]
        for entry in catalog.loaded {
            let manifest = try #require(entry.manifest)
            do {
                let handles = try CredentialLoader.load(manifest, into: keys, environment: environment)
                started[manifest.name] = try PluginInstance(library: entry.library!, venue: entry.venues[0], settings: manifest.settings,
                                                            credentials: handles, services: HostServices(keyStore: keys))
            } catch {
                problems[manifest.name] = error.message
            }
        }
        let problem = try #require(problems["kalshi"])
        #expect(problem.contains("kalshi.json") && problem.contains("credentials.private_key") && problem.contains("KALSHI_PRIVATE_KEY_PATH"))
        #expect(problem.contains("not a PEM RSA private key"), "\(problem)")
        #expect(!problem.contains("bm90IGEga2V5"), "the error must not quote the key")
        let paper = try #require(started["paper"])
        let order = await paper.placeOrder(VenueOrder(clientOrderId: "gw-paper-1", market: "KX-1", side: GW_SIDE_BUY, outcome: GW_OUTCOME_YES,
                                                      type: GW_ORDER_LIMIT, timeInForce: GW_TIF_GTC, quantity: "1", limitPrice: "0.99"))
        await paper.shutdown()
        #expect(order.orders.count == 1 || order.failure?.status == .venueRejected, "the paper venue keeps working")
    }

    @Test func descriptorDeclaresCapabilitiesAndRateTiers() throws {
        let library = try PluginLibrary.open(path: FixtureBuilder.binDirectory.appendingPathComponent("libKalshi.so").path, label: "kalshi")
        let d = library.descriptor
        #expect(d.name == "kalshi" && d.venues == ["kalshi"])
        for capability: Capabilities in [.marketOrders, .limitOrders, .ioc, .fok, .gtd, .postOnly, .reduceOnly, .clientOrderId,
                                                           .cancelAll, .openOrders, .positions, .balances, .queryOrder, .binaryOutcomes, .fillEvents] {
            #expect(d.capabilities.contains(capability), "\(capability)")
        }
        #expect(!d.capabilities.contains(.simulated))
        #expect(d.clientOrderIdMaxLength == 64)
        let limits = Dictionary(uniqueKeysWithValues: d.rateLimits.map { ($0.bucket, $0.refillPerSecond) })
        #expect(limits["basic-reads"] == 20 && limits["basic-writes"] == 10 && limits["prime-writes"] == 400 && limits.count == 8)
    }

    @Test func passesTheContractConformanceSuite() async throws {
        let checks = await ConformanceSuite().run(libraryPath: FixtureBuilder.binDirectory.appendingPathComponent("libKalshi.so").path)
        for check in checks { #expect(check.passed, "\(check.name): \(check.detail)") }
        #expect(checks.count >= 15)
    }
}
