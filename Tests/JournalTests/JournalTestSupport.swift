import Foundation
import GatewayCore
@testable import Journal

/// A fresh folder per test, removed by the caller.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("journal-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func sampleOrder(_ id: String = "cid1", quantity: Decimal = 10) -> OrderRecord {
    let order = CanonicalOrder(clientOrderId: id, venue: "kalshi", market: "KXTEST", side: .buy, outcome: .yes, type: .limit,
                               timeInForce: .gtc, quantity: quantity, limitPrice: Decimal(string: "0.42"), reduceOnly: false,
                               postOnly: false, expireAt: nil)
    return OrderRecord(order: order, gatewayOrderId: "kalshi-\(id)", createdAt: 1_000)
}

/// Both implementations, so every behaviour test runs against each.
enum JournalKind: String, CaseIterable, CustomStringConvertible {
    case sqlite, memory
    var description: String { rawValue }

    func make(in folder: URL) throws -> any OrderJournal {
        switch self {
        case .sqlite: try SQLiteOrderJournal(path: folder.appendingPathComponent("journal.sqlite").path)
        case .memory: InMemoryOrderJournal()
        }
    }
}
