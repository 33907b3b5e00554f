import Foundation
import GatewayTesting
import Testing

/// `gateway start`, `pair`, `api-key`, `status` through the built binary against the loopback relay.
@Suite(.serialized) struct StartCommandTests {
    static let apiKey = "pa_live_CLI_SENTINEL_KEY_0123456789"

    /// A working folder with plugins.d (paper) and a .env pointing at `server`.
    func folder(server: LoopbackRelayServer, pairingId: String? = "pair_cli_001") throws -> URL {
        let plugins = try CLI.pluginsFolderWithPaper()
        let folder = plugins.deletingLastPathComponent()
        var env = "PUMPAMP_API_KEY=\(Self.apiKey)\nPUMPAMP_HOST=\(server.host)\n# saved by pair\n"
        if let pairingId { env += "PUMPAMP_PAIRING_ID=\(pairingId)\n" }
        try Data(env.utf8).write(to: folder.appendingPathComponent(".env"))
        return folder
    }

    @Test func startTradesThroughThePaperPluginAndStopsCleanlyOnSIGTERM() async throws {
        let server = try await LoopbackRelayServer()
        let folder = try folder(server: server)
        let gateway = try GatewayProcess(["start", "--plugins", "plugins.d", "--simulate-orders"], in: folder)
        #expect(await server.wait(timeout: .seconds(15)) { !$0.connections.isEmpty }, "\(gateway.output)")
        #expect(server.connections.first?.query["pairing_id"] == "pair_cli_001")
        #expect(server.connections.first?.query["api_key"] == Self.apiKey)
        server.send(json: ["type": "trade", "id": "cli-1", "market_id": "kalshi:KXCLI", "venue": "kalshi", "side": "Yes",
                           "action": "open", "size": 3, "order_type": "market"])
        server.send(json: ["type": "trade", "id": "cli-1", "market_id": "kalshi:KXCLI", "venue": "kalshi", "side": "Yes",
                           "action": "open", "size": 3, "order_type": "market"])
        #expect(await server.wait { $0.messages(ofType: "order_update").contains { $0["status"] as? String == "filled" } })
        #expect(await server.wait { $0.messages(ofType: "heartbeat").count >= 1 })
        let acks = server.messages(ofType: "command_ack").map { $0["status"] as? String }
        #expect(acks == ["accepted", "duplicate"])
        kill(gateway.process.processIdentifier, SIGTERM)
        let status = await gateway.waitForExit()
        #expect(status == 0, "\(gateway.output)")
        #expect(server.messages(ofType: "error").contains { $0["code"] as? String == "GATEWAY_SHUTDOWN" })
        let output = gateway.output
        #expect(output.contains("[SIMULATE] Order simulation mode active"))
        #expect(output.contains("[SIMULATE] FILL  kalshi:KXCLI"), "\(output)")
        #expect(output.contains("Relay: connected"))
        #expect(!output.contains(Self.apiKey))
        for frame in server.frames { #expect(!frame.contains(Self.apiKey)) }
        await server.shutdown()
    }

    @Test func startAutoTradesSignalsAndGatesRelayTradesWithTheSameRisk() async throws {
        let server = try await LoopbackRelayServer()
        let folder = try folder(server: server)
        try Data(#"""
        {"dry_run": false, "rules": [{"name": "momentum", "signal_types": ["strategy"], "action": {"side": "from_signal", "size": 0.5}}],
         "risk_limits": {"max_trades_per_minute": 100, "market_cooldown_seconds": 0, "max_notional_per_order_usd": 10}}
        """#.utf8).write(to: folder.appendingPathComponent("strategy.json"))
        let env = try String(contentsOf: folder.appendingPathComponent(".env"), encoding: .utf8)
        try Data((env + "STRATEGY_CONFIG_PATH=strategy.json\nAUTO_TRADE_ENABLED=true\n").utf8).write(to: folder.appendingPathComponent(".env"))
        let gateway = try GatewayProcess(["start", "--plugins", "plugins.d", "--simulate-orders"], in: folder)
        #expect(await server.wait(timeout: .seconds(15)) { $0.messages(ofType: "subscribe").count == 1 }, "\(gateway.output)")
        let signals = try #require(server.connections.first { $0.uri.hasPrefix("/api/v1/public/ws/signals") })
        #expect(server.messages(ofType: "subscribe").first?["signal_types"] as? [String] == ["strategy"])
        #expect(await server.wait { $0.messages(ofType: "heartbeat").contains { $0["strategy_status"] as? String == "active" } })
        server.send(#"{"id":"sig-1","signal_type":"strategy","signal_name":"Breakout","market_id":"binance:BTC/USDT","venue":"binance","direction":"long","confidence":"90","payload":{"current_price":"10"}}"#,
                    toConnection: signals.number)
        #expect(await server.wait { $0.messages(ofType: "order_update").contains { $0["market_id"] as? String == "binance:BTCUSDT" } },
                "\(gateway.output)")
        // A manual trade over the per-order notional limit is refused by the same gate (kalshi YES at 0.9 × 20 = 18 > 10).
        let relay = try #require(server.connections.first { $0.uri.hasPrefix("/api/v1/relay") })
        server.send(#"{"type":"trade","id":"manual-1","market_id":"kalshi:KXCLI","venue":"kalshi","side":"Yes","action":"open","size":20,"order_type":"limit","limit_price":0.9}"#,
                    toConnection: relay.number)
        #expect(await server.wait { $0.messages(ofType: "command_ack").contains { $0["command_id"] as? String == "manual-1" } })
        let ack = try #require(server.messages(ofType: "command_ack").first { $0["command_id"] as? String == "manual-1" })
        #expect(ack["status"] as? String == "rejected")
        #expect((ack["code"] as? String) == "RISK_MAX_NOTIONAL_EXCEEDED", "\(ack)")
        #expect(await server.wait { $0.messages(ofType: "heartbeat").contains {
            ($0["strategy_metrics"] as? [String: Any])?["trades_generated"] as? Int == 1 } })
        let metrics = try #require(server.messages(ofType: "heartbeat").last?["strategy_metrics"] as? [String: Any])
        #expect(metrics["signals_received"] as? Int == 1 && metrics["rules_enabled"] as? Int == 1 && metrics["state"] as? String == "active")
        kill(gateway.process.processIdentifier, SIGTERM)
        #expect(await gateway.waitForExit() == 0, "\(gateway.output)")
        #expect(gateway.output.contains("Strategy: 1 enabled rules, dry_run=false; subscribed to strategy"))
        await server.shutdown()
    }

    @Test func revokedPairingExitsNonZeroAndClearsThePairingId() async throws {
        let server = try await LoopbackRelayServer()
        let folder = try folder(server: server)
        let gateway = try GatewayProcess(["start", "--plugins", "plugins.d", "--simulate-orders"], in: folder)
        #expect(await server.wait(timeout: .seconds(15)) { !$0.connections.isEmpty }, "\(gateway.output)")
        #expect(await server.wait { $0.messages(ofType: "heartbeat").count >= 1 })
        server.send(json: ["type": "pairing_revoked", "pairing_id": "pair_cli_001", "reason": "revoked in dashboard"])
        let status = await gateway.waitForExit()
        #expect(status == 3, "\(gateway.output)")
        #expect(gateway.output.contains("PAIRING REVOKED"))
        let env = try String(contentsOf: folder.appendingPathComponent(".env"), encoding: .utf8)
        #expect(env.contains("PUMPAMP_PAIRING_ID=\n") && !env.contains("pair_cli_001"), "\(env)")
        #expect(env.contains("# saved by pair"))
        await server.shutdown()
    }

    @Test func startWithoutPairingIdExplainsWhatToDo() async throws {
        let server = try await LoopbackRelayServer()
        let folder = try folder(server: server, pairingId: nil)
        let result = try await CLI.run(["start", "--plugins", "plugins.d"], in: folder)
        #expect(result.status == 1)
        #expect(result.output.contains("No pairing ID configured. Run \"gateway pair <code>\" first."))
        await server.shutdown()
    }

    @Test func pairSavesThePairingIdAtomicallyWithMode0600() async throws {
        let server = try await LoopbackRelayServer()
        server.setConfirmPairingCodes(true, pairingId: "pair_new_777")
        let folder = try folder(server: server, pairingId: nil)
        let gateway = try GatewayProcess(["pair", "x7k9m2"], in: folder)
        let status = await gateway.waitForExit()
        #expect(status == 0, "\(gateway.output)")
        #expect(server.connections.first?.query["pairing_code"] == "X7K9M2")
        #expect(gateway.output.contains("Pairing successful! Pairing ID: pair_new_777"))
        let envURL = folder.appendingPathComponent(".env")
        let env = try String(contentsOf: envURL, encoding: .utf8)
        #expect(env.contains("PUMPAMP_PAIRING_ID=pair_new_777\n") && env.contains("PUMPAMP_API_KEY=\(Self.apiKey)"))
        let mode = try FileManager.default.attributesOfItem(atPath: envURL.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!gateway.output.contains(Self.apiKey))
        let bad = try await CLI.run(["pair", "abc"], in: folder)
        #expect(bad.status == 1 && bad.output.contains("Pairing code must be 6 alphanumeric characters"))
        await server.shutdown()
    }

    @Test func apiKeyAndStatusNeverPrintTheKey() async throws {
        let folder = try FixtureBuilder.temporaryDirectory("gw-apikey")
        let key = "pa_live_ABCDEFGHIJKLMNOPQRSTUVWX1234"
        let saved = try await CLI.run(["api-key", key], in: folder)
        #expect(saved.status == 0, "\(saved.output)")
        #expect(!saved.output.contains(key) && saved.output.contains("pa_live_…1234"))
        let envURL = folder.appendingPathComponent(".env")
        #expect(try String(contentsOf: envURL, encoding: .utf8) == "PUMPAMP_API_KEY=\(key)\n")
        #expect(try FileManager.default.attributesOfItem(atPath: envURL.path)[.posixPermissions] as? Int == 0o600)
        let again = try await CLI.run(["api-key", "pa_live_ZYXWVUTSRQPONMLKJIHG9999"], in: folder)
        #expect(again.status == 0)
        #expect(try String(contentsOf: envURL, encoding: .utf8) == "PUMPAMP_API_KEY=pa_live_ZYXWVUTSRQPONMLKJIHG9999\n")
        let status = try await CLI.run(["status"], in: folder)
        #expect(status.status == 0, "\(status.output)")
        #expect(status.output.contains("API Key: pa_live_…9999") && !status.output.contains("ZYXWVUTSRQ"))
        #expect(status.output.contains("Pairing ID: Not configured"))
        let bad = try await CLI.run(["api-key", "sk_nope"], in: folder)
        #expect(bad.status == 1 && bad.output.contains("must start with \"pa_live_\"") && !bad.output.contains("sk_nope"))
    }
}
