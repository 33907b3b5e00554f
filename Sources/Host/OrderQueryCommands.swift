import ArgumentParser
import Foundation
import PluginHost
import VenueKit

/// `gateway order cancel`.
struct OrderCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel one order.")
    @OptionGroup var venue: VenueOptions
    @Option(help: "Native market id.") var market: String = ""
    @Option(name: .customLong("order-id"), help: "The venue's order id.") var orderId: String = ""
    @Option(name: .customLong("client-id"), help: "The client order id.") var clientId: String = ""

    func validate() throws {
        if orderId.isEmpty && clientId.isEmpty { throw ValidationError("give --order-id or --client-id") }
    }

    func run() async throws {
        let instance = try venue.instance()
        let outcome = await instance.cancelOrder(VenueOrderRef(market: market, venueOrderId: orderId, clientOrderId: clientId))
        await instance.shutdown()
        try venue.finish(outcome) { outcome.orders.map(OutcomeJSON.line) }
    }
}

/// `gateway order cancel-all`.
struct OrderCancelAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel-all", abstract: "Cancel every open order (of one market).")
    @OptionGroup var venue: VenueOptions
    @Option(help: "Only this native market id.") var market: String = ""

    func run() async throws {
        let instance = try venue.instance()
        let outcome = await instance.cancelAll(market: market)
        await instance.shutdown()
        try venue.finish(outcome) { ["cancelled \(outcome.orders.count) order(s)"] + outcome.orders.map(OutcomeJSON.line) }
    }
}

/// `gateway order open`.
struct OrderOpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "List open orders.")
    @OptionGroup var venue: VenueOptions
    @Option(help: "Only this native market id.") var market: String = ""

    func run() async throws {
        let instance = try venue.instance()
        let outcome = await instance.openOrders(market: market)
        await instance.shutdown()
        try venue.finish(outcome) { outcome.orders.isEmpty ? ["no open orders"] : outcome.orders.map(OutcomeJSON.line) }
    }
}

/// `gateway order positions`.
struct OrderPositionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "positions", abstract: "List the venue's positions.")
    @OptionGroup var venue: VenueOptions

    func run() async throws {
        let instance = try venue.instance()
        let outcome = await instance.positions()
        await instance.shutdown()
        try venue.finish(outcome) {
            outcome.positions.isEmpty ? ["no positions"] : outcome.positions.map {
                "\($0.market)\(OutcomeJSON.outcomeSuffix($0.outcome))  size \($0.size)  entry \($0.averageEntryPrice.isEmpty ? "-" : $0.averageEntryPrice)  mark \($0.markPrice.isEmpty ? "-" : $0.markPrice)"
            }
        }
    }
}

/// `gateway order balance`.
struct OrderBalanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "balance", abstract: "Show the venue's balances.")
    @OptionGroup var venue: VenueOptions

    func run() async throws {
        let instance = try venue.instance()
        let outcome = await instance.balances()
        await instance.shutdown()
        try venue.finish(outcome) { outcome.balances.map { "\($0.currency)  total \($0.total)  available \($0.available)" } }
    }
}
