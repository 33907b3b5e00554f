import Foundation
import GatewayCore
import GatewayEngine

/// How a ``ReconciliationReport`` is printed: a short text summary and `--json`.
enum ReconciliationText {
    static func summary(_ report: ReconciliationReport) -> String {
        if report.venues.isEmpty { return "Reconciliation: no venues" }
        var lines: [String] = []
        for venue in report.venues {
            if venue.isClean {
                lines.append("Reconciliation \(venue.venue): in agreement (\(venue.matched.count) open order(s) matched)")
                continue
            }
            lines.append("Reconciliation \(venue.venue): \(venue.matched.count) matched, \(venue.closed.count) closed, "
                         + "\(venue.adopted.count) adopted, \(venue.failed.count) failed, \(venue.unresolved.count) unresolved, "
                         + "\(venue.positionDifferences.count) position difference(s)")
            for closed in venue.closed { lines.append("  closed     \(closed.clientOrderId) -> \(closed.state.rawValue)") }
            for id in venue.adopted { lines.append("  adopted    \(id) (open at the venue, unknown to the journal)") }
            for id in venue.failed { lines.append("  failed     \(id) (never reached the venue; not resent)") }
            for id in venue.unresolved { lines.append("  unresolved \(id) (the venue could not say; left open)") }
            for d in venue.positionDifferences {
                lines.append("  position   \(d.key): journal \(d.localSize), venue \(d.venueSize) (venue adopted)")
            }
            for error in venue.errors { lines.append("  error      \(error)") }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: ReconciliationReport) -> String {
        struct Closed: Encodable { var client_order_id: String; var state: String }
        struct Difference: Encodable { var venue: String; var market: String; var outcome: String?; var journal_size: String; var venue_size: String }
        struct Venue: Encodable {
            var venue: String; var clean: Bool; var matched: [String]; var closed: [Closed]; var adopted: [String]
            var failed: [String]; var unresolved: [String]; var position_differences: [Difference]; var errors: [String]
        }
        struct Root: Encodable { var clean: Bool; var venues: [Venue] }
        let root = Root(clean: report.isClean, venues: report.venues.map { v in
            Venue(venue: v.venue, clean: v.isClean, matched: v.matched,
                  closed: v.closed.map { Closed(client_order_id: $0.clientOrderId, state: $0.state.rawValue) },
                  adopted: v.adopted, failed: v.failed, unresolved: v.unresolved,
                  position_differences: v.positionDifferences.map {
                      Difference(venue: $0.key.venue, market: $0.key.market, outcome: $0.key.outcome?.rawValue,
                                 journal_size: "\($0.localSize)", venue_size: "\($0.venueSize)")
                  }, errors: v.errors)
        })
        return JSONText.encode(root)
    }
}

/// Pretty, key-sorted JSON text for `--json` outputs.
enum JSONText {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}
