#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decoding of the configuration JSON a plugin receives in `create`.
public enum PluginConfig {
    /// Decodes `json` as `T`, turning decoding errors into a message that names the field.
    public static func decode<T: Decodable>(_ type: T.Type, from json: String) throws(VenueFailure) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(json.utf8))
        } catch let DecodingError.keyNotFound(key, context) {
            throw VenueFailure(.invalidConfig, "config: missing field '\(path(context.codingPath + [key]))'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw VenueFailure(.invalidConfig, "config: field '\(path(context.codingPath))' has the wrong type: \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw VenueFailure(.invalidConfig, "config: field '\(path(context.codingPath))' is null")
        } catch let DecodingError.dataCorrupted(context) {
            throw VenueFailure(.invalidConfig, "config: \(context.debugDescription) at '\(path(context.codingPath))'")
        } catch {
            throw VenueFailure(.invalidConfig, "config: \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
