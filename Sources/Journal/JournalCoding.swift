import Foundation

/// JSON for the values the journal stores as text (order records, events, positions): stable key order so
/// identical values give identical rows, and decode errors that say which kind of row failed.
enum JournalCoding {
    static func encode(_ value: some Encodable, path: String) throws(JournalError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
            throw JournalError(.io, path: path, "cannot encode \(type(of: value)): \(error)")
        }
    }

    static func decode<T: Decodable>(_ text: String, path: String, what: String) throws(JournalError) -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
            throw JournalError(.badRow, path: path, "cannot decode \(what): \(error)")
        }
    }
}
