import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// Positions, balances, health, and which address is queried (master, agent, vault).
@Suite struct AccountTests {
    @Test func positionsAreSignedWithEntryMarkAndPnl() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { e in
            standardVenue(e, user: wallet.address)
            e.setPosition(wallet.address, coin: "BTC", szi: "-0.00785", entry: "66000")
            e.setPosition(wallet.address, coin: "ETH", szi: "0.1334", entry: "1700")
            e.setPosition(wallet.address, coin: "SOL", szi: "0", entry: "0")
        }
        let outcome = await harness.instance.positions()
        await harness.shutdown()
        let positions = outcome.positions
        #expect(positions.count == 2, "flat positions are left out: \(outcome.failure?.description ?? "")")
        let btc = try #require(positions.first { $0.market == "BTC" })
        #expect(btc.size == "-0.00785" && btc.averageEntryPrice == "66000" && btc.outcome == GW_OUTCOME_NONE)
        #expect(btc.markPrice == "65432.5")
        #expect(btc.unrealizedPnl == "4.454875")
        let eth = try #require(positions.first { $0.market == "ETH" })
        #expect(eth.size == "0.1334" && eth.unrealizedPnl == "13.4067")
    }

    @Test func balancesCoverPerpMarginAndSpotTokens() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey) { standardVenue($0, user: wallet.address) }
        _ = await harness.instance.placeOrder(.limit("gw-hold", "PURR/USDC", quantity: "100", price: "0.2"))
        let outcome = await harness.instance.balances()
        await harness.shutdown()
        let balances = outcome.balances
        #expect(balances.first == VenueBalance(currency: "USDC", total: "10000", available: "10000"), "\(outcome.failure?.description ?? "")")
        #expect(balances.contains(VenueBalance(currency: "spot:USDC", total: "1000", available: "980")), "100 × 0.2 on hold: \(balances)")
        #expect(balances.contains(VenueBalance(currency: "spot:PURR", total: "500", available: "500")))
    }

    @Test func healthProbesTheAccountAndMeasuresTheClock() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: wallet.privateKey, venueSkewMs: 250) { standardVenue($0, user: wallet.address) }
        let healthy = await harness.instance.health()
        harness.emulator.inject(path: "/info", status: 502, body: "<html>Bad Gateway</html>")
        let sick = await harness.instance.health()
        await harness.shutdown()
        let report = try #require(healthy.health)
        #expect(report.healthy && report.clockOffsetMs == 250 && report.latencyMicros >= 0)
        let down = try #require(sick.health)
        #expect(!down.healthy && down.detail.contains("502") && down.detail.contains("Bad Gateway"))
    }

    @Test func agentWalletSignsAndTheMasterIsQueried() async throws {
        let master = try Wallet.random()
        let agent = try Wallet.random()
        let harness = try await Harness(key: agent.privateKey, settings: ["account_address": "\"\(master.address.uppercased().replacingOccurrences(of: "0X", with: "0x"))\""]) { e in
            standardVenue(e, user: master.address)
            e.approveAgent(agent.address, for: master.address)
            e.setPosition(master.address, coin: "ETH", szi: "1", entry: "1800.5")
        }
        let placed = await harness.instance.placeOrder(.limit("gw-agent", "ETH", quantity: "0.1", price: "1700"))
        let positions = await harness.instance.positions()
        let open = await harness.instance.openOrders()
        await harness.shutdown()
        #expect(placed.failure == nil, "\(placed.failure?.description ?? "")")
        let record = try #require(harness.emulator.exchangeRecords.first)
        #expect(record.signer == agent.address && record.account == master.address)
        #expect(positions.positions.map(\.market) == ["ETH"])
        #expect(open.orders.map(\.clientOrderId) == ["gw-agent"])
        let users = Set(harness.emulator.infoRequests.compactMap { $0["user"]?.stringValue })
        #expect(users == [master.address], "queries take the master's address, never the agent's")
    }

    @Test func unapprovedAgentIsRefusedWithTheVenuesText() async throws {
        let master = try Wallet.random()
        let stranger = try Wallet.random()
        let harness = try await Harness(key: stranger.privateKey, settings: ["account_address": "\"\(master.address)\""]) {
            standardVenue($0, user: master.address)
        }
        let outcome = await harness.instance.placeOrder(.limit("gw-x", "ETH", quantity: "0.1", price: "1700"))
        await harness.shutdown()
        #expect(outcome.failure?.status == .auth)
        #expect(outcome.failure?.message.contains("User or API Wallet \(stranger.address) does not exist.") == true)
    }

    @Test func vaultTradingSignsTheVaultIntoTheActionAndQueriesIt() async throws {
        let leader = try Wallet.random()
        let vault = "0x1719884eb866cb12b2287399b15f7db5e7d775ea"
        let harness = try await Harness(key: leader.privateKey, settings: ["vault_address": "\"\(vault)\""]) { e in
            standardVenue(e, user: leader.address)
            e.addVault(vault, leader: leader.address)
        }
        let placed = await harness.instance.placeOrder(.limit("gw-v", "ETH", quantity: "0.1", price: "1700"))
        let open = await harness.instance.openOrders()
        await harness.shutdown()
        #expect(placed.failure == nil, "\(placed.failure?.description ?? "")")
        let record = try #require(harness.emulator.exchangeRecords.first)
        #expect(record.signer == leader.address && record.account == vault)
        #expect(record.body.contains(#""vaultAddress": "\#(vault)""#))
        #expect(open.orders.map(\.clientOrderId) == ["gw-v"])
        #expect(harness.emulator.infoRequests.compactMap { $0["user"]?.stringValue }.allSatisfy { $0 == vault })
    }

    @Test func vaultNotLedByTheSignerIsRefused() async throws {
        let wallet = try Wallet.random()
        let other = try Wallet.random()
        let vault = "0x000000000000000000000000000000000000beef"
        let harness = try await Harness(key: wallet.privateKey, settings: ["vault_address": "\"\(vault)\""]) { e in
            standardVenue(e, user: wallet.address)
            e.addUser(other.address)
            e.addVault(vault, leader: other.address)
        }
        let outcome = await harness.instance.placeOrder(.limit("gw-v2", "ETH", quantity: "0.1", price: "1700"))
        await harness.shutdown()
        #expect(outcome.failure?.status == .auth && outcome.failure?.message.contains(vault) == true,
                "\(outcome.failure?.description ?? "")")
    }

    @Test func withoutAKeyReadsWorkAndWritesSayAuth() async throws {
        let wallet = try Wallet.random()
        let harness = try await Harness(key: nil, settings: ["account_address": "\"\(wallet.address)\""]) { standardVenue($0, user: wallet.address) }
        let placed = await harness.instance.placeOrder(.limit("gw-nokey", "ETH", quantity: "0.1", price: "1700"))
        let cancel = await harness.instance.cancelAll()
        let balances = await harness.instance.balances()
        await harness.shutdown()
        #expect(placed.failure?.status == .auth && placed.failure?.message.contains("HYPERLIQUID_PRIVATE_KEY") == true)
        #expect(cancel.failure?.status == .auth)
        #expect(balances.failure == nil && balances.balances.first?.currency == "USDC")
    }
}
