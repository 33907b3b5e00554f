import Foundation
import GatewayEngine
@testable import Relay
import Testing

/// Decoding inbound frames (with validation) and encoding outbound frames with the reference's field names.
@Suite struct RelayCodecTests {
    @Test func decodesATradeWithExactDecimals() throws {
        let frame = #"{"type":"trade","id":"cmd-1","market_id":"kalshi:KXBTC","venue":"kalshi","side":"Yes","action":"open","size":3,"order_type":"limit","limit_price":0.42}"#
        let decoded = try RelayDecoder.decode(frame)
        guard case .command(.trade(let trade)) = decoded else { Issue.record("not a trade: \(decoded)"); return }
        #expect(trade.id == "cmd-1")
        #expect(trade.marketId == "kalshi:KXBTC")
        #expect(trade.size == 3)
        #expect(trade.limitPrice == Decimal(string: "0.42"))
        #expect(trade.orderType == "limit")
    }

    @Test func decodesEveryCommandAndControlMessage() throws {
        #expect(try RelayDecoder.decode(#"{"type":"cancel","id":"c2","order_id":"kalshi-abc"}"#) == .command(.cancel(id: "c2", orderId: "kalshi-abc")))
        #expect(try RelayDecoder.decode(#"{"type":"cancel_all","id":"c3"}"#) == .command(.cancelAll(id: "c3")))
        #expect(try RelayDecoder.decode(#"{"type":"pause","id":"c4"}"#) == .command(.pause(id: "c4")))
        #expect(try RelayDecoder.decode(#"{"type":"resume","id":"c5"}"#) == .command(.resume(id: "c5")))
        #expect(try RelayDecoder.decode(#"{"type":"pairing_confirmed","pairing_id":"p1","relay_session_id":"s1"}"#)
                == .pairingConfirmed(pairingId: "p1", relaySessionId: "s1"))
        #expect(try RelayDecoder.decode(#"{"type":"pairing_revoked","pairing_id":"p1","reason":"user"}"#)
                == .pairingRevoked(pairingId: "p1", reason: "user"))
    }

    @Test(arguments: [
        ("not json", "MALFORMED_MESSAGE", "not valid JSON"),
        ("[1,2]", "MALFORMED_MESSAGE", "JSON object"),
        (#"{"id":"x"}"#, "INVALID_COMMAND", "field 'type' is missing"),
        (#"{"type":"teleport","id":"x"}"#, "UNKNOWN_MESSAGE_TYPE", "teleport"),
        (#"{"type":"trade","id":"t1","side":"buy","action":"open","size":1,"order_type":"market"}"#, "INVALID_COMMAND", "trade: field 'market_id' is missing"),
        (#"{"type":"trade","id":"t1","market_id":"kalshi:X","side":"buy","action":"open","size":"abc","order_type":"market"}"#, "INVALID_COMMAND", "field 'size' must be a decimal"),
        (#"{"type":"trade","id":"t1","market_id":"kalshi:X","side":"buy","action":"open","size":true,"order_type":"market"}"#, "INVALID_COMMAND", "field 'size' must be a number"),
        (#"{"type":"trade","id":"t1","market_id":"kalshi:X","side":"buy","action":"open","size":-1,"order_type":"market"}"#, "INVALID_COMMAND", "greater than 0"),
        (#"{"type":"trade","id":"t1","market_id":"kalshi:X","side":"buy","action":"open","size":1,"order_type":"limit"}"#, "INVALID_COMMAND", "limit_price' is required"),
        (#"{"type":"trade","id":"t1","market_id":"kalshi:X","venue":"binance","side":"buy","action":"open","size":1,"order_type":"market"}"#, "INVALID_COMMAND", "does not match"),
        (#"{"type":"cancel","id":"c1"}"#, "INVALID_COMMAND", "cancel: field 'order_id' is missing"),
        (#"{"type":"pause","id":42}"#, "INVALID_COMMAND", "field 'id' must be a string"),
    ])
    func refusesMalformedFramesWithANamedProblem(frame: String, code: String, fragment: String) {
        do {
            _ = try RelayDecoder.decode(frame)
            Issue.record("accepted \(frame)")
        } catch {
            #expect(error.code == code)
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func invalidCommandKeepsItsIdForTheErrorReport() {
        do { _ = try RelayDecoder.decode(#"{"type":"trade","id":"t9","market_id":"kalshi:X"}"#) } catch {
            #expect(error.commandId == "t9")
        }
    }

    @Test func encodesAcksAndReportsWithReferenceFieldNames() throws {
        let ack = RelayEncoder.encode(.commandAck(CommandAck(commandId: "c1", status: .rejected, code: "GATEWAY_PAUSED", reason: "paused")))
        #expect(ack == #"{"type":"command_ack","command_id":"c1","status":"rejected","code":"GATEWAY_PAUSED","reason":"paused"}"#)
        let accepted = RelayEncoder.encode(.commandAck(CommandAck(commandId: "c2", status: .accepted)))
        #expect(accepted == #"{"type":"command_ack","command_id":"c2","status":"accepted"}"#)
        let beat = RelayEncoder.encode(.heartbeat(RelayHeartbeat(uptimeSecs: 15, version: "0.1.0", strategyStatus: "disabled",
                                                                 connectedVenues: ["kalshi"], openOrders: 1, openPositions: 2)))
        #expect(beat == #"{"type":"heartbeat","uptime_secs":15,"version":"0.1.0","strategy_status":"disabled","connected_venues":["kalshi"],"open_orders":1,"open_positions":2}"#)
        let update = OrderUpdate(orderId: "kalshi-1", commandId: "c1", venue: "kalshi", venueOrderId: "v1", marketId: "kalshi:X",
                                 status: "filled", side: "buy", outcome: "yes", size: Decimal(string: "3")!, filledSize: 3,
                                 orderType: "limit", limitPrice: Decimal(string: "0.42"), fillPrice: Decimal(string: "0.41"), message: nil)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(RelayEncoder.encode(.report(.orderUpdate(update))).utf8)) as? [String: Any])
        #expect(json["type"] as? String == "order_update")
        #expect(json["order_id"] as? String == "kalshi-1")
        #expect(json["fill_price"] as? Double == 0.41)
        #expect(json["message"] == nil)
        let error = RelayEncoder.encode(.report(.error(GatewayErrorReport(code: "X", message: "a \"quoted\"\nline", venue: nil, commandId: nil))))
        #expect(error == #"{"type":"error","code":"X","message":"a \"quoted\"\nline"}"#)
    }

    @Test func urlSchemeRulesAndSanitising() {
        let key = "pa_live_SECRETSECRET1234"
        #expect(RelayURL(host: "relay.pumpamp.com", apiKey: key, pairing: .pairingId("p")).scheme == "wss")
        #expect(RelayURL(host: "localhost:3000", apiKey: key, pairing: .pairingId("p")).sanitized == "ws://localhost:3000/api/v1/relay")
        for host in ["127.0.0.1:8080", "10.0.0.1", "192.168.1.100:9000", "100.64.0.1", "172.16.0.5"] {
            #expect(RelayURL(host: host, apiKey: key, pairing: .pairingId("p")).scheme == "ws", "\(host)")
        }
        for host in ["172.32.0.1", "100.1.2.3", "api.pumpamp.com"] {
            #expect(RelayURL(host: host, apiKey: key, pairing: .pairingId("p")).scheme == "wss", "\(host)")
        }
        #expect(RelayURL(host: "ws://custom.host.com", apiKey: key, pairing: .pairingId("p")).scheme == "ws")
        #expect(RelayURL(host: "wss://secure.host.com", apiKey: key, pairing: .pairingId("p")).scheme == "wss")
        let withCode = RelayURL(host: "localhost", apiKey: "pa_live_a&b=c", pairing: .pairingCode("ABC123"))
        #expect(withCode.secretURL.hasSuffix("?api_key=pa_live_a%26b%3Dc&pairing_code=ABC123"))
        #expect(!"\(withCode)".contains("api_key") && !"\(withCode)".contains("pairing"))
        let withId = RelayURL(host: "localhost", apiKey: key, pairing: .pairingId("pair_001"))
        #expect(withId.secretURL.contains("pairing_id=pair_001") && !withId.secretURL.contains("pairing_code"))
        #expect(RelayURL.sanitize("wss://u:p@h/x?api_key=1#f") == "wss://h/x")
    }
}
