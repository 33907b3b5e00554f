import ArgumentParser
import Foundation
import GatewayCore
import Journal

/// `gateway orders`: the journal's orders (read-only; works while the gateway runs).
struct OrdersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "orders", abstract: "List the orders in the journal.")

    @OptionGroup var journalOptions: JournalOptions
    @Flag(help: "Only orders that can still trade.") var open = false
    @Option(help: "Only this venue.") var venue: String?
    @Flag(help: "Print JSON.") var json = false

    /// The process environment merged with ./.env (for GATEWAY_JOURNAL).
    static var environment: [String: String] {
        DotEnv.merged(with: ProcessInfo.processInfo.environment, path: ".env")
    }

    struct Row: Encodable {
        var order_id: String, client_order_id: String, command_id: String?, venue: String, market: String
        var venue_order_id: String?, side: String, outcome: String?, type: String, quantity: String, limit_price: String?
        var status: String, filled: String, avg_price: String?, adopted: Bool, reject_reason: String?, updated_at_ms: Int64
    }

    func run() throws {
        let orders: [JournaledOrder]
        do { orders = try journalOptions.openForReading(environment: Self.environment).orders() } catch {
            printError("Error: \(error)")
            throw ExitCode.failure
        }
        let rows = orders.filter { (!open || !$0.record.state.isTerminal) && (venue == nil || $0.record.order.venue == venue) }.map { j in
            let r = j.record
            return Row(order_id: r.gatewayOrderId, client_order_id: r.clientOrderId, command_id: j.commandId, venue: r.order.venue,
                       market: r.order.market, venue_order_id: r.venueOrderId, side: r.order.side.rawValue,
                       outcome: r.order.outcome?.rawValue, type: r.order.type.rawValue, quantity: "\(r.order.quantity)",
                       limit_price: r.order.limitPrice.map { "\($0)" }, status: r.state.rawValue, filled: "\(r.filledQuantity)",
                       avg_price: r.averageFillPrice.map { "\($0)" }, adopted: j.adopted, reject_reason: r.rejectReason,
                       updated_at_ms: r.updatedAt)
        }
        if json { return print(JSONText.encode(rows)) }
        if rows.isEmpty { return print("no orders") }
        print(TextTable.render(
            header: ["ORDER", "VENUE", "MARKET", "SIDE", "QTY", "PRICE", "STATUS", "FILLED", "AVG", "FLAGS"],
            rows: rows.map { r in
                [r.order_id, r.venue, r.market, [r.side, r.outcome].compactMap { $0 }.joined(separator: "/"), r.quantity,
                 r.limit_price ?? "-", r.status, r.filled, r.avg_price ?? "-", r.adopted ? "adopted" : ""]
            }))
    }
}

/// `gateway positions`: the journal's positions (read-only; works while the gateway runs).
struct PositionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "positions", abstract: "List the positions in the journal.")

    @OptionGroup var journalOptions: JournalOptions
    @Flag(help: "Include flat positions (realized P&L only).") var all = false
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable {
        var venue: String, market: String, outcome: String?, size: String, entry_price: String?, realized_pnl: String, fees: String
    }

    func run() throws {
        let positions: [Position]
        do { positions = try journalOptions.openForReading(environment: OrdersCommand.environment).positions() } catch {
            printError("Error: \(error)")
            throw ExitCode.failure
        }
        let rows = positions.filter { all || !$0.isFlat }.map { p in
            Row(venue: p.key.venue, market: p.key.market, outcome: p.key.outcome?.rawValue, size: "\(p.size)",
                entry_price: p.isFlat ? nil : "\(p.averageEntryPrice)", realized_pnl: "\(p.realizedPnl)", fees: "\(p.fees)")
        }
        if json { return print(JSONText.encode(rows)) }
        if rows.isEmpty { return print("no positions") }
        print(TextTable.render(
            header: ["VENUE", "MARKET", "OUTCOME", "SIZE", "ENTRY", "REALIZED", "FEES"],
            rows: rows.map { [$0.venue, $0.market, $0.outcome ?? "-", $0.size, $0.entry_price ?? "-", $0.realized_pnl, $0.fees] }))
    }
}

/// Left-aligned columns separated by two spaces.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
