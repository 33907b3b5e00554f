import Foundation
import GatewayCrypto
import HyperliquidCore
import PluginABI
import Testing
import VenueKit

/// Encoding, number text, instrument rules, client ids, replies and errors: the Core without a host.
@Suite struct CoreRulesTests {
    let keccak: @Sendable ([UInt8]) -> [UInt8] = { Digest.keccak256($0) }

    // MARK: MessagePack (smallest forms, as msgpack-python)

    @Test func messagePackUsesTheSmallestForms() {
        func hex(_ v: MessagePackValue) -> String { Hex.encode(MessagePack.encode(v)) }
        #expect(hex(.int(1)) == "01")
        #expect(hex(.int(127)) == "7f")
        #expect(hex(.int(128)) == "cc80")
        #expect(hex(.int(65535)) == "cdffff")
        #expect(hex(.uint(123_456_789)) == "ce075bcd15")
        #expect(hex(.uint(1_700_000_000_000)) == "cf0000018bcfe56800")
        #expect(hex(.int(-1)) == "ff")
        #expect(hex(.int(-33)) == "d0df")
        #expect(hex(.int(-40000)) == "d2ffff63c0")
        #expect(hex(.bool(true)) == "c3")
        #expect(hex(.null) == "c0")
        #expect(hex(.string(String(repeating: "a", count: 31))).hasPrefix("bf"))
        #expect(hex(.string("0x0123456789abcdef0123456789abcdef")).hasPrefix("d922"))
        #expect(hex(.string(String(repeating: "a", count: 256))).hasPrefix("da0100"))
        #expect(hex(.array(Array(repeating: .null, count: 16))).hasPrefix("dc0010"))
        #expect(hex(.map([("a", .int(1)), ("b", .bool(false))])) == "82a16101a162c2")
        #expect(hex(.binary([1, 2])) == "c4020102")
    }

    // MARK: Wire numbers (float_to_wire)

    @Test func wireTextMatchesTheSDKsFloatToWire() throws {
        let cases: [(String, String)] = [("1800.5", "1800.5"), ("1800.50", "1800.5"), ("100.0", "100"), ("65432", "65432"),
                                         ("0.00000001", "0.00000001"), ("100000000000000000000", "100000000000000000000"),
                                         ("0.00123", "0.00123"), ("62161.000", "62161")]
        for (input, expected) in cases {
            #expect(try WireNumber.text(DecimalText.parse(input)!, field: "price") == expected, "\(input)")
        }
        // The SDK's own outputs for the same numbers (Vectors/make_vectors.py).
        let sdk = Vectors.shared.float_to_wire
        #expect(sdk["1800.5"] == "1800.5" && sdk["100.0"] == "100" && sdk["1e-08"] == "0.00000001" && sdk["1e+20"] == "100000000000000000000")
        #expect(sdk["0.30000000000000004"] == "0.3")
        #expect(throws: VenueFailure.self) { try WireNumber.text(DecimalText.parse("0.000000001")!, field: "price") }
    }

    // MARK: Instrument rules

    let btc = Instrument(coin: "BTC", asset: 0, szDecimals: 5, kind: .perp)
    let eth = Instrument(coin: "ETH", asset: 1, szDecimals: 4, kind: .perp)
    let pepe = Instrument(coin: "kPEPE", asset: 6, szDecimals: 0, kind: .perp)
    let purr = Instrument(coin: "PURR/USDC", asset: 10_000, szDecimals: 0, kind: .spot)
    let hfun = Instrument(coin: "@1", asset: 10_001, szDecimals: 2, kind: .spot)

    func price(_ instrument: Instrument, _ text: String) -> VenueFailure? {
        do { try instrument.checkPrice(DecimalText.parse(text)!); return nil } catch { return error }
    }

    func size(_ instrument: Instrument, _ text: String) -> VenueFailure? {
        do { try instrument.checkSize(DecimalText.parse(text)!); return nil } catch { return error }
    }

    @Test func pricesFollowFiveSignificantFiguresAndTheDecimalsLimit() {
        #expect(price(eth, "1234.5") == nil)
        #expect(price(eth, "1234.56")?.message.contains("6 significant figures") == true)
        #expect(price(eth, "123456") == nil, "integer prices are always allowed")
        #expect(price(eth, "12345.6") != nil)
        #expect(price(pepe, "0.001234") == nil)
        #expect(price(pepe, "0.0012345")?.message.contains("7 decimals") == true)
        #expect(price(btc, "0.1") == nil)
        #expect(price(btc, "0.12")?.message.contains("at most 1") == true, "6 - szDecimals 5 = 1 decimal")
        #expect(price(purr, "0.00012345") == nil, "spot: 8 - 0 decimals")
        #expect(price(hfun, "0.0000123")?.message.contains("at most 6") == true, "spot: 8 - 2 decimals")
        #expect(price(eth, "0")?.status == .invalidOrder)
        #expect(price(eth, "1800.50") == nil, "trailing zeros are not significant")
    }

    @Test func sizesHaveAtMostSzDecimals() {
        #expect(size(btc, "0.00001") == nil)
        #expect(size(btc, "0.000001")?.message.contains("szDecimals") == true)
        #expect(size(pepe, "1.5") != nil)
        #expect(size(purr, "100") == nil)
        #expect(size(eth, "0")?.status == .invalidOrder)
    }

    @Test func slippagePriceRoundsLikeTheSDK() {
        // SDK: round(float(f"{px:.5g}"), 6 - szDecimals) (8 for spot).
        #expect(eth.slippagePrice(mid: 1800.5, isBuy: true, slippage: Decimal(string: "0.05")!) == Decimal(string: "1890.5")!)
        #expect(btc.slippagePrice(mid: Decimal(string: "65432.5")!, isBuy: false, slippage: Decimal(string: "0.05")!) == 62161)
        #expect(hfun.slippagePrice(mid: Decimal(string: "12.345")!, isBuy: false, slippage: Decimal(string: "0.05")!) == Decimal(string: "11.728")!)
        #expect(btc.slippagePrice(mid: 123_456, isBuy: true, slippage: Decimal(string: "0.01")!) == 124_690)
        #expect(pepe.slippagePrice(mid: Decimal(string: "0.0123456")!, isBuy: true, slippage: Decimal(string: "0.05")!)
                == Decimal(string: "0.012963")!)
    }

    @Test func priceBoundsRoundInward() {
        #expect(eth.inwardPrice(Decimal(string: "1800.57")!, isBuy: true) == Decimal(string: "1800.5")!)
        #expect(eth.inwardPrice(Decimal(string: "1800.51")!, isBuy: false) == Decimal(string: "1800.6")!)
        #expect(eth.inwardPrice(1900, isBuy: true) == 1900)
    }

    // MARK: Client order ids

    @Test func cloidsAreHexIdsOrKeccakDerived() throws {
        var ids = ClientOrderIds(keccak: keccak)
        #expect(ids.cloid(for: "0x0123456789ABCDEF0123456789abcdef") == "0x0123456789abcdef0123456789abcdef")
        let gw = "gw0123456789abcdefghijklmnopqrstuv"
        let derived = try #require(ids.cloid(for: gw))
        #expect(derived == "0x" + Hex.encode(Digest.keccak256(Array(gw.utf8)).prefix(16)))
        #expect(ClientOrderIds.isCloid(derived))
        #expect(ids.cloid(for: "") == nil)
        #expect(ids.clientOrderId(forCloid: derived) == derived, "not remembered yet: the cloid itself")
        #expect(ids.remember(gw) == derived)
        #expect(ids.clientOrderId(forCloid: derived.uppercased().replacingOccurrences(of: "0X", with: "0x")) == gw)
        #expect(ids.clientOrderId(forCloid: nil) == "")
        // Deterministic: a new table (a restarted process) derives the same cloid.
        #expect(ClientOrderIds(keccak: keccak).cloid(for: gw) == derived)
    }

    @Test func cloidTableIsBounded() {
        var ids = ClientOrderIds(keccak: keccak, capacity: 3)
        let cloids = (0..<5).map { ids.remember("id-\($0)")! }
        #expect(ids.clientOrderId(forCloid: cloids[0]) == cloids[0], "the oldest was forgotten")
        #expect(ids.clientOrderId(forCloid: cloids[4]) == "id-4")
    }

    @Test func noncesIncreasePerSignerWithinOneMillisecond() async {
        let source = NonceSource()
        #expect(source.next(signer: "a", nowMs: 1000) == 1000)
        #expect(source.next(signer: "a", nowMs: 1000) == 1001)
        #expect(source.next(signer: "a", nowMs: 999) == 1002)
        #expect(source.next(signer: "b", nowMs: 1000) == 1000)
        #expect(source.next(signer: "a", nowMs: 5000) == 5000)
        // Concurrent callers never share a nonce.
        let nonces = await withTaskGroup(of: UInt64.self) { group in
            for _ in 0..<200 { group.addTask { source.next(signer: "c", nowMs: 42) } }
            return await group.reduce(into: [UInt64]()) { $0.append($1) }
        }
        #expect(Set(nonces).count == 200 && nonces.min() == 42 && nonces.max() == 241)
    }

    // MARK: JSON text

    @Test func pythonJSONMatchesJsonDumps() {
        let value: MessagePackValue = .map([("a", .string("é\"\\\n")), ("b", .array([.int(1), .bool(true), .null])), ("c", .map([]))])
        #expect(PythonJSON.serialize(value) == #"{"a": "\u00e9\"\\\n", "b": [1, true, null], "c": {}}"#)
        #expect(PythonJSON.serialize(.string("🚀")) == #""\ud83d\ude80""#)
    }

    // MARK: Replies and errors

    @Test func exchangeRepliesParse() throws {
        func parse(_ text: String) throws -> ExchangeReply { try ExchangeReply.parse(Array(text.utf8), doing: "test") }
        #expect(try parse(#"{"status":"ok","response":{"type":"order","data":{"statuses":[{"resting":{"oid":77738308}}]}}}"#)
                == .ok(type: "order", statuses: [.resting(oid: 77738308, cloid: nil)]))
        #expect(try parse(#"{"status":"ok","response":{"type":"order","data":{"statuses":[{"filled":{"totalSz":"0.02","avgPx":"1891.4","oid":77747314}}]}}}"#)
                == .ok(type: "order", statuses: [.filled(totalSize: "0.02", averagePrice: "1891.4", oid: 77747314, cloid: nil)]))
        #expect(try parse(#"{"status":"ok","response":{"type":"order","data":{"statuses":[{"error":"Order must have minimum value of $10."}]}}}"#)
                == .ok(type: "order", statuses: [.error("Order must have minimum value of $10.")]))
        #expect(try parse(#"{"status":"ok","response":{"type":"cancel","data":{"statuses":["success",{"error":"Order was never placed, already canceled, or filled. asset=0"}]}}}"#)
                == .ok(type: "cancel", statuses: [.success, .error("Order was never placed, already canceled, or filled. asset=0")]))
        #expect(try parse(#"{"status":"ok","response":{"type":"order","data":{"statuses":["waitingForTrigger"]}}}"#)
                == .ok(type: "order", statuses: [.other("waitingForTrigger")]))
        #expect(try parse(#"{"status":"ok","response":{"type":"default"}}"#) == .ok(type: "default", statuses: []))
        #expect(try parse(#"{"status":"err","response":"User or API Wallet 0xabc does not exist."}"#)
                == .err("User or API Wallet 0xabc does not exist."))
        for junk in ["", "<html>502</html>", #"{"status":"ok"}"#, #"{"status":"ok","response":{"type":"order","data":{"statuses":[{"weird":1}]}}}"#] {
            #expect(throws: VenueFailure.self) { try parse(junk) }
            do { _ = try ExchangeReply.parse(Array(junk.utf8), doing: "test") } catch {
                #expect(error.status == .internalError)
                #expect(junk.isEmpty || error.message.contains(junk), "keeps the venue's text")
            }
        }
    }

    @Test func venueTextsMapToContractCodes() {
        let cases: [(String, VenueStatus)] = [
            ("User or API Wallet 0x0123 does not exist.", .auth),
            ("Order must have minimum value of $10.", .invalidOrder),
            ("Order has invalid price.", .invalidOrder),
            ("Order has invalid size.", .invalidOrder),
            ("Post only order would have immediately matched, bbo was 1891.4@1891.5. asset=1", .invalidOrder),
            ("Reduce only order would increase position. asset=1", .invalidOrder),
            ("Insufficient margin to place order. asset=0", .insufficientBalance),
            ("Insufficient spot balance asset=10000", .insufficientBalance),
            ("Order could not immediately match against any resting orders. asset=0", .venueRejected),
            ("Order was never placed, already canceled, or filled. asset=0", .notFound),
            ("Invalid nonce: duplicate nonce 5 for signer 0x01", .clockSkew),
            ("Too many cumulative requests sent (10001 > 10000) for cumulative volume traded $0.", .rateLimited),
            ("Action expired: expiresAfter 1 is before block time 2", .clockSkew),
            ("Something new", .venueRejected),
        ]
        for (text, status) in cases {
            let failure = VenueErrors.failure(text, doing: "test")
            #expect(failure.status == status, "\(text)")
            #expect(failure.message.contains(text))
        }
        #expect(VenueErrors.failure("Invalid nonce: duplicate", doing: "x").retryable)
    }

    @Test func configParsesAndNamesBadFields() throws {
        let config = try HyperliquidConfig.parse(json: #"{"venue":"hyperliquid","testnet":true,"credentials":{"private_key":3},"account_address":"0xABCDEF0123456789abcdef0123456789ABCDEF01","market_slippage":0.02}"#)
        #expect(config.baseURL == HyperliquidConfig.testnetURL)
        #expect(config.phantomSource == "b")
        #expect(config.privateKey == 3)
        #expect(config.accountAddress == "0xabcdef0123456789abcdef0123456789abcdef01")
        #expect(config.marketSlippage == Decimal(string: "0.02")!)
        let mainnet = try HyperliquidConfig.parse(json: #"{"market_slippage":"0.1","base_url":"http://127.0.0.1:9/"}"#)
        #expect(mainnet.phantomSource == "a" && mainnet.baseURL == "http://127.0.0.1:9" && mainnet.marketSlippage == Decimal(string: "0.1")!)
        #expect(try HyperliquidConfig.parse(json: "{}").marketSlippage == Decimal(string: "0.05")!)
        for (json, field) in [(#"{"vault_address":"0x12"}"#, "vault_address"), (#"{"market_slippage":"1.5"}"#, "market_slippage"),
                              (#"{"base_url":"ftp://x"}"#, "base_url"), (#"{"testnet":"yes"}"#, "testnet"),
                              (#"{"expires_after_ms":-1}"#, "expires_after_ms")] {
            do {
                _ = try HyperliquidConfig.parse(json: json)
                Issue.record("accepted \(json)")
            } catch {
                #expect(error.status == .invalidConfig)
                #expect(error.message.contains(field), "\(error.message)")
            }
        }
    }
}
