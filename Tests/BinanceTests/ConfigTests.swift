import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit
@testable import BinanceCore

/// Settings, hosts and credentials: what `create` accepts and refuses.
@Suite struct ConfigTests {
    @Test func hostsFollowMarketTestnetAndOverride() throws {
        #expect(try BinanceConfig.decode(#"{"venue":"binance"}"#).baseURL == "https://api.binance.com")
        #expect(try BinanceConfig.decode(#"{"market":"futures"}"#).baseURL == "https://fapi.binance.com")
        #expect(try BinanceConfig.decode(#"{"market":"spot","testnet":true}"#).baseURL == "https://testnet.binance.vision")
        #expect(try BinanceConfig.decode(#"{"market":"futures","testnet":true}"#).baseURL == "https://testnet.binancefuture.com")
        #expect(try BinanceConfig.decode(#"{"market":"futures","base_url":"http://127.0.0.1:9/"}"#).baseURL == "http://127.0.0.1:9")
        let defaults = try BinanceConfig.decode("{}")
        #expect(defaults.market == .spot)
        #expect(defaults.recvWindowMs == 5000)
    }

    @Test func badSettingsAreRefusedNamingTheField() {
        for (json, field) in [(#"{"market":"margin"}"#, "market"), (#"{"recv_window_ms":60001}"#, "recv_window_ms"),
                              (#"{"recvWindow":5000}"#, "recvWindow"), (#"{"key_type":"dsa"}"#, "key_type"),
                              (#"{"base_url":"ftp://x"}"#, "base_url")] {
            #expect(throws: VenueFailure.self) { try BinanceConfig.decode(json) }
            do { _ = try BinanceConfig.decode(json) } catch {
                #expect(error.status == .invalidConfig)
                #expect(error.message.contains(field), "\(error.message)")
            }
        }
    }

    @Test func theShippedManifestLoadsAndDeclaresTheContract() throws {
        let folder = FixtureBuilder.packageRoot.appendingPathComponent("plugins.d")
        let catalog = try PluginLoader.load(directory: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path])
        let entry = try #require(catalog.entries.first { $0.manifest?.name == "binance" })
        let library = try #require(entry.library, "\(entry.error?.message ?? "")")
        #expect(entry.venues == ["binance"])
        #expect(entry.manifest?.settings["market"] == .string("spot"))
        #expect(entry.manifest?.settings["base_url"] == nil, "production hosts come from the code")
        let descriptor = library.descriptor
        #expect(descriptor.clientOrderIdMaxLength == 36)
        #expect(descriptor.clientOrderIdCharacters == ".:/_-")
        #expect(Set(descriptor.rateLimits.map(\.bucket)) == ["spot_weight", "spot_orders", "futures_weight", "futures_orders"])
        #expect(descriptor.rateLimits.first { $0.bucket == "spot_weight" }?.capacity == 6000)
        #expect(descriptor.capabilities.rawValue & UInt64(GW_CAP_CLIENT_ORDER_ID) != 0)
        #expect(descriptor.capabilities.rawValue & UInt64(GW_CAP_BINARY_OUTCOMES) == 0)
        #expect(entry.manifest?.credentials["api_key"]?.source == .environment("BINANCE_API_KEY"))
        #expect(entry.manifest?.credentials["secret"]?.source == .environment("BINANCE_API_SECRET"))
    }

    /// Binance RSA keys sign with PKCS#1 v1.5; the host offers RSA-PSS only: refused at create, clearly.
    @Test func rsaKeysAreRefusedWithAReason() throws {
        let folder = try FixtureBuilder.temporaryDirectory("gw-binance-rsa")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pem = folder.appendingPathComponent("rsa.pem")
        #expect(try FixtureBuilder.run("/usr/bin/openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                                                            "-out", pem.path]).status == 0)
        let env = ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path, "K": "key"]
        for (settings, credential) in [("", #""private_key":{"kind":"rsa","file":"\#(pem.path)"}"#),
                                       (#","key_type":"rsa""#, #""private_key":{"kind":"rsa","file":"\#(pem.path)"}"#)] {
            let manifest = #"{"name":"binance","library":"libBinance.so","settings":{"market":"spot"\#(settings)},"credentials":{"api_key":{"kind":"text","env":"K"},\#(credential)}}"#
            try Data(manifest.utf8).write(to: folder.appendingPathComponent("binance.json"))
            do {
                _ = try BinanceHarness.load(folder: folder, environment: env)
                Issue.record("an RSA key was accepted")
            } catch let error as PluginError {
                #expect(error.message.contains("PKCS1-v1_5"), "\(error.message)")
                #expect(error.message.contains("RSA-PSS"), "\(error.message)")
            }
        }
    }

    /// `gateway plugins verify`: no credentials, every request answered 503 by a stand-in.
    @Test func passesTheHostConformanceSuite() async throws {
        let path = FixtureBuilder.binDirectory.appendingPathComponent("libBinance.so").path
        let checks = await ConformanceSuite().run(libraryPath: path)
        #expect(checks.count > 10)
        // "exactly once" reads the host's process-wide count of contract violations, which other test
        // suites running in parallel provoke on purpose; the plugin's own completions are judged by
        // every other check (a missing completion fails its check, a late one the operation's).
        let judged = { (list: [ConformanceSuite.Check]) in list.filter { $0.name != "exactly once" } }
        for check in judged(checks) {
            #expect(check.passed, "\(check.name): \(check.detail)")
        }
        #expect(checks.contains { $0.name == "exactly once" })
        let futures = await ConformanceSuite(settings: ["market": .string("futures")]).run(libraryPath: path)
        #expect(judged(futures).allSatisfy { $0.passed }, "\(futures.filter { !$0.passed }.map { "\($0.name): \($0.detail)" })")
    }

    @Test func withoutCredentialsOnlyPublicEndpointsWork() async throws {
        let h = try await BinanceHarness.start(market: .spot)
        let folder = try FixtureBuilder.temporaryDirectory("gw-binance-public")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = #"{"name":"binance","library":"libBinance.so","settings":{"base_url":"\#(h.server.baseURL)"}}"#
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("binance.json"))
        let instance = try BinanceHarness.load(folder: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path],
                                               clock: h.clock)
        #expect(await instance.health().health?.healthy == true)
        let order = await instance.placeOrder(VenueOrder(clientOrderId: "gw-pub-1", market: "BTCUSDT", side: GW_SIDE_BUY,
                                                         outcome: GW_OUTCOME_NONE, type: GW_ORDER_LIMIT, timeInForce: GW_TIF_GTC,
                                                         quantity: "0.001", limitPrice: "60000"))
        #expect(order.failure?.status == .auth)
        #expect(h.requests("POST", "/api/v3/order").isEmpty)
        await instance.shutdown()
        await h.stop()
    }

    @Test func missingCredentialsAreRefused() throws {
        let folder = try FixtureBuilder.temporaryDirectory("gw-binance-cred")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = #"{"name":"binance","library":"libBinance.so","settings":{},"credentials":{"api_key":{"kind":"text","env":"K"}}}"#
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("binance.json"))
        do {
            _ = try BinanceHarness.load(folder: folder, environment: ["GATEWAY_PLUGIN_PATH": FixtureBuilder.binDirectory.path, "K": "key"])
            Issue.record("an instance without a signing key was created")
        } catch let error as PluginError {
            #expect(error.message.contains("credentials.secret"), "\(error.message)")
        }
    }
}
