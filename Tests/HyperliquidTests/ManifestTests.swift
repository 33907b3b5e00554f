import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// The shipped manifest, the descriptor, and the host's conformance suite.
@Suite struct ManifestTests {
    @Test func shippedManifestLoadsTheLibraryAndItsKey() throws {
        let folder = try FixtureBuilder.temporaryDirectory("gw-hl-manifest")
        let shipped = FixtureBuilder.packageRoot.appendingPathComponent("plugins.d/hyperliquid.json")
        try FileManager.default.copyItem(at: shipped, to: folder.appendingPathComponent("hyperliquid.json"))
        let wallet = try Wallet.random()
        let environment = ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path, "HYPERLIQUID_PRIVATE_KEY": wallet.privateKey]
        let catalog = try PluginLoader.load(directory: folder, environment: environment)
        let entry = try #require(catalog.entries.first)
        let library = try #require(entry.library, "\(entry.error?.message ?? "")")
        let manifest = try #require(entry.manifest)
        #expect(manifest.settings["base_url"] == .string("https://api.hyperliquid.xyz"))
        #expect(manifest.credentials["private_key"]?.kind == .secp256k1)
        #expect(manifest.credentials["private_key"]?.source == .environment("HYPERLIQUID_PRIVATE_KEY"))

        let d = library.descriptor
        #expect(d.name == "hyperliquid" && d.venues == ["hyperliquid"] && d.clientOrderIdMaxLength == 34)
        for capability: Capabilities in [.marketOrders, .limitOrders, .ioc, .postOnly, .reduceOnly, .clientOrderId, .cancelAll,
                                          .openOrders, .positions, .balances, .queryOrder] {
            #expect(d.capabilities.contains(capability), "\(capability)")
        }
        #expect(!d.capabilities.contains(.fok) && !d.capabilities.contains(.gtd) && !d.capabilities.contains(.simulated))

        let keys = KeyStore()
        let handles = try CredentialLoader.load(manifest, into: keys, environment: environment)
        let instance = try PluginInstance(library: library, venue: "hyperliquid", settings: manifest.settings, credentials: handles,
                                          services: HostServices(keyStore: keys))
        _ = instance
        #expect(try keys.publicKey(of: try #require(handles["private_key"])) == (try Hex.decode(wallet.address)))
    }

    @Test func createRefusesABadConfigurationNamingTheField() async throws {
        let folder = try FixtureBuilder.temporaryDirectory("gw-hl-bad")
        let manifest = """
        {"name":"hyperliquid","library":"libHyperliquid.so","settings":{"testnet":true,"base_url":"https://api.hyperliquid.xyz"}}
        """
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("hyperliquid.json"))
        let catalog = try PluginLoader.load(directory: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path])
        let library = try #require(catalog.entries.first?.library)
        do {
            _ = try PluginInstance(library: library, venue: "hyperliquid", settings: catalog.entries[0].manifest!.settings,
                                   services: HostServices())
            Issue.record("created with a testnet/mainnet mismatch")
        } catch {
            #expect(error.message.contains("'testnet' is true but 'base_url' is https://api.hyperliquid.xyz"))
        }
        // A key of the wrong kind is refused at create.
        let keys = KeyStore()
        let hmac = try keys.add(kind: .hmac, material: Array("secret".utf8), label: "not a wallet")
        do {
            _ = try PluginInstance(library: library, venue: "hyperliquid", settings: [:], credentials: ["private_key": hmac],
                                   services: HostServices(keyStore: keys))
            Issue.record("created with an HMAC key")
        } catch {
            #expect(error.message.contains("credentials.private_key must be a secp256k1 key"))
        }
    }

    @Test func conformanceSuitePasses() async throws {
        let path = FixtureBuilder.binDirectory.appendingPathComponent("libHyperliquid.so").path
        let checks = await ConformanceSuite(settings: ["base_url": .string("http://127.0.0.1:9")]).run(libraryPath: path)
        for check in checks {
            #expect(check.passed, "\(check.name): \(check.detail)")
        }
        #expect(checks.count >= 15)
    }
}
