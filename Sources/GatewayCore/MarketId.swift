/// A relay `market_id` of the form `"venue:native_id"`, split into the venue and the venue's own id.
///
/// Parsing follows the reference gateway exactly: split at the FIRST colon; the venue is the part
/// before it, lower-cased; the native id is everything after it, unchanged (it may contain further
/// colons: `polymarket:0xabc:0` has native id `0xabc:0`). Only this prefix decides routing — a command's
/// separate `venue` field is not consulted.
public struct MarketId: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The lower-case venue id, e.g. `kalshi`.
    public var venue: String
    /// The venue's market id, case preserved, e.g. `KXBTCD-26FEB11`.
    public var native: String

    /// Creates a market id from its parts; the venue is lower-cased.
    public init(venue: String, native: String) {
        self.venue = venue.lowercased()
        self.native = native
    }

    /// Parses `"venue:native_id"`.
    /// - Parameter text: The relay's `market_id`.
    /// - Throws: ``MappingError`` with code ``MappingError/Code/invalidMarketId`` when there is no colon,
    ///   or the venue or native part is empty; the message quotes the input, e.g.
    ///   `Invalid market_id "x": expected "venue:native_id" (no colon)`.
    public init(parsing text: String) throws(MappingError) {
        func invalid(_ why: String) -> MappingError {
            MappingError(.invalidMarketId, "Invalid market_id \"\(text)\": expected \"venue:native_id\" (\(why))")
        }
        guard let colon = text.firstIndex(of: ":") else { throw invalid("no colon") }
        let venue = text[..<colon]
        let native = text[text.index(after: colon)...]
        if venue.isEmpty { throw invalid("the venue part is empty") }
        if native.isEmpty { throw invalid("the native id part is empty") }
        self.init(venue: String(venue), native: String(native))
    }

    /// The `"venue:native_id"` form, as reported back to the relay.
    public var description: String { "\(venue):\(native)" }
}
