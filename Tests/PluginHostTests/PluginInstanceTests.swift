import Foundation
import GatewayTesting
import PluginABI
import PluginHost
import Testing
import VenueKit

/// The host's enforcement of the completion rule and its handling of transport failures.
@Suite struct PluginInstanceTests {
    func library(_ fixture: String) throws -> PluginLibrary {
        let folder = try FixtureBuilder.temporaryDirectory()
        let path = try FixtureBuilder.fixture(fixture, in: folder)
        return try PluginLibrary.open(path: path.path, label: fixture)
    }

    let order = VenueOrder(clientOrderId: "c-1", market: "M", side: GW_SIDE_BUY, outcome: GW_OUTCOME_NONE,
                           type: GW_ORDER_MARKET, timeInForce: GW_TIF_IOC, quantity: "1")

    @Test func aSecondCompletionIsIgnoredAndCounted() async throws {
        let instance = try PluginInstance(library: try library("misbehaving"), venue: "misbehaving",
                                          settings: ["mode": .string("twice")], services: HostServices())
        let before = PluginInstance.contractViolations
        let outcome = await instance.placeOrder(order)
        #expect(outcome.failure == nil)
        #expect(outcome.orders.count == 1)
        #expect(PluginInstance.contractViolations >= before + 1)
        #expect(instance.contractViolations == 1)
        await instance.shutdown()
    }

    @Test func anOperationThatNeverCompletesEndsAsOutcomeUnknown() async throws {
        let services = HostServices(operationTimeout: .milliseconds(200))
        let instance = try PluginInstance(library: try library("misbehaving"), venue: "misbehaving",
                                          settings: ["mode": .string("never")], services: services)
        let outcome = await instance.placeOrder(order)
        #expect(outcome.failure?.status == .outcomeUnknown)
        #expect(outcome.failure?.message.contains("did not complete") == true)
        await instance.shutdown()
    }

    @Test func aRefusedConnectionIsReportedAsCertainlyNotSent() async throws {
        // Port 1 on loopback: nothing listens there (a freed ephemeral port could be reused by another test).
        let base = "http://127.0.0.1:1"
        let folder = try FixtureBuilder.temporaryDirectory()
        let path = try FixtureBuilder.fixture("recorder", in: folder)
        let instance = try PluginInstance(
            library: try PluginLibrary.open(path: path.path, label: "recorder"), venue: "recorder",
            settings: ["record_path": .string(folder.appendingPathComponent("r.bin").path), "base_url": .string(base)],
            services: HostServices())
        let outcome = await instance.placeOrder(order)
        #expect(outcome.failure?.status == .venueUnavailable, "\(String(describing: outcome.failure))")
        await instance.shutdown()
    }

    @Test func operationsAfterShutdownFailCleanly() async throws {
        let instance = try PluginInstance(library: try library("misbehaving"), venue: "misbehaving",
                                          settings: ["mode": .string("twice")], services: HostServices())
        await instance.shutdown()
        let outcome = await instance.health()
        #expect(outcome.failure?.status == .unsupported)
    }
}
