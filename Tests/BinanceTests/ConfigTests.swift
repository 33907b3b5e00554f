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
