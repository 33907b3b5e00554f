import ArgumentParser
import Foundation
import PluginABI
import VenueKit

/// `gateway order place`.
struct OrderPlaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "place", abstract: "Place one order.")

    @OptionGroup var venue: VenueOptions

    @Option(help: "Native market id (no venue prefix), e.g. KXBTCD-25DEC31-T100000 or BTCUSDT.")
    var market: String

    @Option(help: "buy or sell.")
    var side: String

    @Option(help: "yes or no, for binary markets.")
    var outcome: String?

    @Option(help: "Quantity as a decimal (contracts, shares or base asset).")
    var quantity: String

    @Option(help: "market or limit.")
    var type: String = "limit"

    @Option(help: "Limit price (or a market order's worst acceptable price).")
    var price: String?

    @Option(help: "gtc, ioc, fok or gtd.")
    var tif: String?

    @Flag(name: .customLong("reduce-only"), help: "Only reduce an existing position.")
    var reduceOnly = false

    @Flag(name: .customLong("post-only"), help: "Rest as maker or be refused.")
    var postOnly = false

    @Option(name: .customLong("client-id"), help: "Client order id (default: a fresh one). Reusing one is refused by the venue.")
    var clientId: String?

    func validate() throws {
        guard ["buy", "sell"].contains(side.lowercased()) else { throw ValidationError("--side must be buy or sell (got '\(side)')") }
        if let outcome, !["yes", "no"].contains(outcome.lowercased()) {
            throw ValidationError("--outcome must be yes or no (got '\(outcome)')")
        }
        guard DecimalText.positive(quantity) != nil else { throw ValidationError("--quantity must be a positive decimal (got '\(quantity)')") }
        guard ["market", "limit"].contains(type.lowercased()) else { throw ValidationError("--type must be market or limit (got '\(type)')") }
        if type.lowercased() == "limit" && price == nil { throw ValidationError("--price is required for a limit order") }
        if let price, DecimalText.positive(price) == nil { throw ValidationError("--price must be a positive decimal (got '\(price)')") }
        if let tif, !["gtc", "ioc", "fok", "gtd"].contains(tif.lowercased()) {
            throw ValidationError("--tif must be gtc, ioc, fok or gtd (got '\(tif)')")
        }
    }

    func run() async throws {
        let instance = try venue.instance()
        let isMarket = type.lowercased() == "market"
        let tifValue: gw_time_in_force = switch (tif?.lowercased() ?? (isMarket ? "ioc" : "gtc")) {
        case "ioc": GW_TIF_IOC
        case "fok": GW_TIF_FOK
        case "gtd": GW_TIF_GTD
        default: GW_TIF_GTC
        }
        var flags: UInt32 = 0
        if reduceOnly { flags |= UInt32(GW_ORDER_FLAG_REDUCE_ONLY) }
        if postOnly { flags |= UInt32(GW_ORDER_FLAG_POST_ONLY) }
        let id = clientId ?? "gwcli" + String(UInt64.random(in: 1...UInt64.max), radix: 36)
        let order = VenueOrder(
            clientOrderId: id, market: market, side: side.lowercased() == "buy" ? GW_SIDE_BUY : GW_SIDE_SELL,
            outcome: outcome.map { $0.lowercased() == "yes" ? GW_OUTCOME_YES : GW_OUTCOME_NO } ?? GW_OUTCOME_NONE,
            type: isMarket ? GW_ORDER_MARKET : GW_ORDER_LIMIT, timeInForce: tifValue, flags: flags, quantity: quantity,
            limitPrice: price ?? "")
        let outcome = await instance.placeOrder(order)
        await instance.shutdown()
        try venue.finish(outcome) { outcome.orders.map(OutcomeJSON.line) }
    }
}
