import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// The plugin against Kalshi's official Python SDK (kalshi-python-sync 3.2.0 and 3.34.0), through
/// Vectors/vectors.json written by Vectors/make_vectors.py: same signed string, signatures that verify
/// the SDK's way, and order bodies with the SDK's fields and values (legacy integers rewritten to the
/// current fixed-point fields, as the API documents).
@Suite struct KalshiVectorTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")
    static let keyPath = folder.appendingPathComponent("TEST-ONLY-kalshi-rsa2048.pem").path

    static func vectors() throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("vectors.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func sections() throws -> [(version: String, section: [String: Any])] {
        let sdk = try #require(try vectors()["sdk"] as? [String: Any])
        return sdk.keys.sorted().map { ($0, sdk[$0] as! [String: Any]) }
    }

    static func publicKeyDER() throws -> [UInt8] {
        let text = try #require(try vectors()["public_key_der_b64"] as? String)
        return Array(try #require(Data(base64Encoded: text)))
    }

    static func harness(settings: [String: Any] = [:]) async throws -> KalshiHarness {
        let h = try await KalshiHarness(settings: settings, keyPath: keyPath, publicKeyDER: try publicKeyDER())
        h.emulator.addMarket(.tapered("KXTEST-26JAN01-T50"))
        return h
    }

    static func venueOrder(_ canonical: [String: Any], market: String) -> VenueOrder {
        let tif: [String: gw_time_in_force] = ["gtc": GW_TIF_GTC, "ioc": GW_TIF_IOC, "fok": GW_TIF_FOK, "gtd": GW_TIF_GTD]
        var flags: UInt32 = 0
        if canonical["post_only"] as? Bool == true { flags |= UInt32(GW_ORDER_FLAG_POST_ONLY) }
        if canonical["reduce_only"] as? Bool == true { flags |= UInt32(GW_ORDER_FLAG_REDUCE_ONLY) }
        return VenueOrder(
            clientOrderId: canonical["client_order_id"] as! String, market: market,
            side: canonical["side"] as? String == "buy" ? GW_SIDE_BUY : GW_SIDE_SELL,
            outcome: canonical["outcome"] as? String == "yes" ? GW_OUTCOME_YES : GW_OUTCOME_NO,
            type: canonical["type"] as? String == "market" ? GW_ORDER_MARKET : GW_ORDER_LIMIT,
            timeInForce: tif[canonical["time_in_force"] as! String]!, flags: flags, quantity: canonical["quantity"] as! String,
            limitPrice: canonical["limit_price"] as? String ?? "", expireAtUnixMs: (canonical["expire_at_unix_ms"] as? NSNumber)?.int64Value ?? 0)
    }

    /// A JSON object as sorted compact text, so equal fields and values (and JSON types) compare equal.
    static func canonical(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }

    @Test func vectorsCoverBothSDKGenerations() throws {
        let versions = try Self.sections().map(\.version)
        #expect(versions.contains("3.2.0") && versions.contains("3.34.0"), "\(versions)")
        #expect(try TestKey.publicKey(ofPEMFile: Self.keyPath) == Self.publicKeyDER())
    }

    @Test func sdkSignaturesVerifyWithTheEmulatorsVerifierOverTheSameString() throws {
        let der = try Self.publicKeyDER()
        for (version, section) in try Self.sections() {
            let signing = try #require(section["signing"] as? [[String: Any]])
            #expect(signing.count >= 5)
            for entry in signing {
                let message = entry["signed_message"] as! String
                let uri = entry["uri"] as! String
                let path = String(uri.split(separator: "?").first!)
                #expect(message == "\(entry["timestamp"] as! String)\(entry["method"] as! String)\(path)", "\(version): query excluded, path included")
                #expect(entry["verifies_sdk_way"] as? Bool == true)
                let signature = Array(try #require(Data(base64Encoded: entry["signature_b64"] as! String)))
                #expect(SignatureVerifier.verifyRSAPSS(publicKeyDER: der, message: Array(message.utf8), signature: signature),
                        "\(version) \(uri): the SDK signs with salt 32, as the emulator (and Kalshi) verify")
            }
        }
    }

    @Test func orderBodiesMatchTheSDKs() async throws {
        for (version, section) in try Self.sections() {
            let orders = try #require(section["orders"] as? [[String: Any]])
            let stamp = section["fixed_timestamp_ms"] as! String
            for entry in orders {
                let name = "\(version) \(entry["name"] as! String)"
                let endpoint = entry["endpoint"] as! String
                var settings = entry["settings"] as? [String: Any] ?? [:]
                settings["order_endpoint"] = endpoint
                let h = try await Self.harness(settings: settings)
                let outcome = await h.instance.placeOrder(Self.venueOrder(entry["canonical"] as! [String: Any], market: entry["market"] as! String))
                await h.shutdown()
                #expect(outcome.failure == nil, "\(name): \(outcome.failure?.description ?? "")")
                let path = endpoint == "events_orders" ? "/portfolio/events/orders" : "/portfolio/orders"
                let sent = try #require(h.requests("POST", path).first, "\(name)")
                let sdk = entry["sdk_request"] as! [String: Any]
                #expect(KalshiEmulator.pathPrefix + path == sdk["uri"] as? String, "\(name): same endpoint")
                let expected = entry["current_body"] as! [String: Any]
                let body = KalshiHarness.json(sent.body)
                #expect(try Self.canonical(body) == Self.canonical(expected), "\(name): plugin \(sent.bodyText) vs expected \(expected)")
                #expect(Set(body.keys) == Set(expected.keys), "\(name)")
                for (key, value) in expected {
                    #expect((value is String) == (body[key] is String), "\(name): \(key) must have the same JSON type")
                }
                // What the SDK sends that the current API deprecates, and the plugin therefore does not.
                let deprecated = entry["deprecated_in_sdk_body"] as? [String: String] ?? [:]
                for key in deprecated.keys { #expect(body[key] == nil, "\(name): plugin must not send deprecated '\(key)'") }
                if version == "3.2.0" { #expect(deprecated.keys.contains("type") && deprecated.keys.contains("count")) }
                // The same signed string as the SDK's, verified by the emulator with the public key.
                #expect(sent.header("KALSHI-ACCESS-TIMESTAMP") == stamp)
                #expect(h.emulator.authFailures.isEmpty, "\(name): \(h.emulator.authFailures)")
            }
        }
    }

    @Test func queriesAndBatchBodiesHaveTheSDKsShape() async throws {
        for (version, section) in try Self.sections() {
            let queries = try #require(section["queries"] as? [String: Any])
            let h = try await Self.harness(settings: version == "3.34.0" ? ["order_endpoint": "events_orders"] : [:])
            h.emulator.setPosition(.init(ticker: "KXTEST-26JAN01-T50", position: 3, exposure: 1, totalTraded: 1))
            for i in 0..<2 {
                h.emulator.addRestingOrder(ticker: "KXTEST-26JAN01-T50", side: "yes", action: "buy", price: Decimal(string: "0.3")!, count: 1,
                                           clientOrderId: "gw-vec-\(i)")
            }
            _ = await h.instance.openOrders(market: "KXTEST-26JAN01-T50")
            _ = await h.instance.positions()
            _ = await h.instance.balances()
            _ = await h.instance.cancelAll(market: "KXTEST-26JAN01-T50")
            await h.shutdown()
            func sdkQuery(_ name: String) -> String {
                let uri = (queries[name] as! [String: Any])["uri"] as! String
                return uri.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            }
            // The SDK vectors pass cursor "abc"; the plugin's first page has none, otherwise the same parameters in the same order.
            #expect(h.requests("GET", "/portfolio/orders").first?.query == sdkQuery("get_orders").replacingOccurrences(of: "&cursor=abc", with: ""))
            #expect(h.requests("GET", "/portfolio/positions").first?.query == sdkQuery("get_positions").replacingOccurrences(of: "cursor=abc&", with: ""))
            #expect(h.requests("GET", "/portfolio/balance").first?.query == sdkQuery("get_balance"))
            let batchName = version == "3.34.0" ? "batch_cancel_v2" : "batch_cancel"
            let sdkBatch = try #require(queries[batchName] as? [String: Any])
            let path = String((sdkBatch["uri"] as! String).dropFirst(KalshiEmulator.pathPrefix.count))
            let sent = KalshiHarness.json(try #require(h.requests("DELETE", path).first, "\(version) \(path)").body)
            let expected = sdkBatch["body"] as! [String: Any]
            #expect(Set(sent.keys) == Set(expected.keys), "\(version)")
            if let ids = sent["ids"] as? [String] {
                #expect(ids.count == 2)
            } else {
                let items = try #require(sent["orders"] as? [[String: Any]])
                let sdkItems = try #require(expected["orders"] as? [[String: Any]])
                #expect(items.count == 2 && items.allSatisfy { Set($0.keys) == Set(sdkItems[0].keys) })
            }
        }
    }

    /// With KALSHI_WRITE_PLUGIN_SIGNATURES=1, records the plugin's signed requests for make_vectors.py to verify
    /// with the SDK's own scheme; whatever was recorded last must have verified.
    @Test func pluginSignaturesVerifyTheSDKsWay() async throws {
        let der = try Self.publicKeyDER()
        if ProcessInfo.processInfo.environment["KALSHI_WRITE_PLUGIN_SIGNATURES"] == "1" {
            let h = try await Self.harness()
            _ = await h.instance.placeOrder(h.order("gw-sig-1", market: "KXTEST-26JAN01-T50"))
            _ = await h.instance.openOrders(market: "KXTEST-26JAN01-T50")
            _ = await h.instance.balances()
            await h.shutdown()
            let entries: [[String: String]] = h.server.requests.filter { $0.header("KALSHI-ACCESS-SIGNATURE") != nil }.map { request in
                ["method": request.method, "uri": request.uri,
                 "signed_message": "\(request.header("KALSHI-ACCESS-TIMESTAMP")!)\(request.method)\(request.path)",
                 "signature_b64": request.header("KALSHI-ACCESS-SIGNATURE")!]
            }
            let data = try JSONSerialization.data(withJSONObject: entries, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try data.write(to: Self.folder.appendingPathComponent("plugin_signatures.json"))
        }
        let recorded = try #require(try Self.vectors()["plugin_signatures"] as? [String: Any], "run make_vectors.py after recording")
        let entries = try #require(recorded["entries"] as? [[String: Any]])
        #expect(entries.count >= 3)
        for entry in entries {
            #expect(entry["verifies_sdk_way"] as? Bool == true, "\(entry["uri"] ?? "")")
            let signature = Array(try #require(Data(base64Encoded: entry["signature_b64"] as! String)))
            #expect(SignatureVerifier.verifyRSAPSS(publicKeyDER: der, message: Array((entry["signed_message"] as! String).utf8), signature: signature))
            #expect((entry["signed_message"] as! String).contains("/trade-api/v2/") && !(entry["signed_message"] as! String).contains("?"))
        }
    }
}
