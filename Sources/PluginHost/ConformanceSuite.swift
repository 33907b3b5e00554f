import Foundation
import GatewayCrypto
import PluginABI
import VenueKit

/// Checks a plugin library against the contract, so an author knows it is right before shipping it.
///
/// Runs against a fresh instance with no credentials and no network (every HTTP request the plugin
/// makes is answered `503` by a local stand-in), so it exercises what every plugin must do on its
/// own: the handshake, descriptor sanity, exactly-once completions of every declared capability,
/// error codes with messages, and refusal of bad input without crashing.
public struct ConformanceSuite: Sendable {
    public struct Check: Sendable {
        public var name: String
        public var passed: Bool
        public var detail: String
    }

    public var settings: [String: JSONValue]

    public init(settings: [String: JSONValue] = [:]) {
        self.settings = settings
    }

    /// Runs every check and returns them in order. Never throws: a failure is a failed check.
    public func run(libraryPath: String, services: HostServices? = nil) async -> [Check] {
        var checks: [Check] = []
        func record(_ name: String, _ passed: Bool, _ detail: String) {
            checks.append(Check(name: name, passed: passed, detail: detail))
        }
        let library: PluginLibrary
        do {
            library = try PluginLibrary.open(path: libraryPath, label: (libraryPath as NSString).lastPathComponent)
            record("handshake", true, "ABI \(library.descriptor.abiMajor).\(library.descriptor.abiMinor), descriptor \(library.descriptor.name) \(library.descriptor.version)")
        } catch {
            record("handshake", false, error.message)
            return checks
        }
        let d = library.descriptor
        record("descriptor", !d.version.isEmpty && !d.venues.isEmpty,
               "name \(d.name), version '\(d.version)', venues \(d.venues.joined(separator: ",")), capabilities \(d.capabilities)")
        record("client order ids", !d.capabilities.contains(.clientOrderId) || d.clientOrderIdMaxLength >= 16,
               "max length \(d.clientOrderIdMaxLength) (at least 16 needed to carry the gateway's ids)")

        // Without services of the caller's: no network, and a plugin that never answers fails within 15 s
        // (generous, so a loaded machine is not mistaken for a plugin that never completes).
        let hostServices = services ?? HostServices(http: RefusingHTTPClient(), operationTimeout: .seconds(15))
        let instance: PluginInstance
        do {
            instance = try PluginInstance(library: library, venue: d.venues[0], settings: settings, services: hostServices)
            record("create", true, "instance for venue \(d.venues[0])")
        } catch {
            record("create", false, error.message)
            return checks
        }
        let completions = CompletionCounter()

        func judge(_ name: String, _ outcome: OperationOutcome, expectFailure: Bool = false) {
            if outcome.failure?.status == .outcomeUnknown, outcome.failure?.message.contains("did not complete") == true {
                record(name, false, "never completed: \(outcome.failure!.message)")
            } else if let failure = outcome.failure {
                let named = !failure.message.isEmpty
                record(name, expectFailure ? named : named && failure.status != .ok,
                       "completed once with \(failure.status)\(failure.venueCode.isEmpty ? "" : " [\(failure.venueCode)]"): \(failure.message)")
            } else {
                record(name, !expectFailure, expectFailure ? "accepted bad input" : "completed once with success")
            }
            completions.increment()
        }

        let venue = d.venues[0]
        func order(_ market: String = "CONFORMANCE-MKT", quantity: String = "1", price: String = "0.5",
                   type: gw_order_type = GW_ORDER_LIMIT, id: String) -> VenueOrder {
            VenueOrder(clientOrderId: id, market: market, side: GW_SIDE_BUY,
                       outcome: d.capabilities.contains(.binaryOutcomes) ? GW_OUTCOME_YES : GW_OUTCOME_NONE,
                       type: type, timeInForce: GW_TIF_GTC, quantity: quantity, limitPrice: price)
        }
        judge("health", await instance.health())
        judge("place_order", await instance.placeOrder(order(id: "conf-1")))
        judge("cancel_order", await instance.cancelOrder(VenueOrderRef(market: "CONFORMANCE-MKT", clientOrderId: "conf-1")))
        if d.capabilities.contains(.cancelAll) { judge("cancel_all", await instance.cancelAll()) }
        if d.capabilities.contains(.openOrders) { judge("open_orders", await instance.openOrders()) }
        if d.capabilities.contains(.queryOrder) {
            judge("query_order", await instance.queryOrder(VenueOrderRef(clientOrderId: "conf-1")))
        }
        if d.capabilities.contains(.positions) { judge("positions", await instance.positions()) }
        if d.capabilities.contains(.balances) { judge("balances", await instance.balances()) }
        judge("refuses empty market", await instance.placeOrder(order("", id: "conf-2")), expectFailure: true)
        judge("refuses zero size", await instance.placeOrder(order(quantity: "0", id: "conf-3")), expectFailure: true)
        judge("refuses negative size", await instance.placeOrder(order(quantity: "-1", id: "conf-4")), expectFailure: true)
        judge("refuses NaN price", await instance.placeOrder(order(price: "NaN", id: "conf-5")), expectFailure: true)
        judge("refuses malformed size", await instance.placeOrder(order(quantity: "1e3", id: "conf-6")), expectFailure: true)
        _ = venue
        try? await Task.sleep(for: .milliseconds(50))  // let a stray second completion show up
        let doubles = instance.contractViolations
        record("exactly once", doubles == 0, doubles == 0 ? "\(completions.count) operations, each completed exactly once"
               : "\(doubles) completion(s) arrived twice or after the deadline")
        await instance.shutdown()
        record("destroy", true, "instance destroyed after all operations completed")
        return checks
    }
}

/// Counts completions (the registry already refuses doubles; this keeps the suite's own tally).
final class CompletionCounter: @unchecked Sendable {
    private(set) var count = 0
    func increment() { count += 1 }
}

/// A network stand-in for the conformance suite: every request gets `503` without leaving the machine.
struct RefusingHTTPClient: HostHTTPClient {
    func send(_ request: HostHTTPRequest) async -> HostHTTPResponse {
        HostHTTPResponse(statusCode: 503, headers: [("content-type", "application/json")],
                         body: Array(#"{"error":"conformance suite: no network"}"#.utf8), transportStatus: .ok,
                         transportMessage: "", elapsedMicros: 0)
    }
}
