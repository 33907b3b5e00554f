/// The assets of the venue, from `meta` (perps) and `spotMeta` (spot), by the names markets use.
///
/// Market ids: a perp is its coin (`hyperliquid:BTC` → `BTC`); a spot pair is its universe name
/// (`PURR/USDC`, `@107`) or `BASE/QUOTE` for pairs the venue names `@N`. Builder-deployed perp DEXs
/// (`dex:COIN`) are not served.
public struct InstrumentCatalog: Sendable {
    private var perps: [String: Instrument] = [:]
    private var spots: [String: Instrument] = [:]
    public private(set) var perpsLoaded = false
    public private(set) var spotLoaded = false

    public init() {}

    /// Whether a market id names a spot pair (`BASE/QUOTE` or `@N`).
    public static func isSpot(_ market: String) -> Bool {
        market.hasPrefix("@") || market.contains("/")
    }

    /// The instrument of a market id or of a coin named in a reply; nil if unknown (or not loaded yet).
    public func instrument(_ market: String) -> Instrument? {
        Self.isSpot(market) ? spots[market] : perps[market]
    }

    /// Replaces the perp assets with `meta`'s universe (asset id = position).
    public mutating func apply(_ meta: InfoReplies.PerpMeta) {
        var table: [String: Instrument] = [:]
        for (position, asset) in meta.universe.enumerated() {
            table[asset.name] = Instrument(coin: asset.name, asset: position, szDecimals: asset.szDecimals, kind: .perp)
        }
        perps = table
        perpsLoaded = true
    }

    /// Replaces the spot pairs with `spotMeta`'s universe (asset id = 10000 + index, base token's szDecimals).
    public mutating func apply(_ meta: InfoReplies.SpotMeta) {
        var tokens: [Int: InfoReplies.SpotMeta.Token] = [:]
        for token in meta.tokens { tokens[token.index] = token }
        var table: [String: Instrument] = [:]
        for pair in meta.universe {
            guard pair.tokens.count == 2, let base = tokens[pair.tokens[0]], let quote = tokens[pair.tokens[1]] else { continue }
            let instrument = Instrument(coin: pair.name, asset: 10_000 + pair.index, szDecimals: base.szDecimals, kind: .spot)
            table[pair.name] = instrument
            let alias = "\(base.name)/\(quote.name)"
            if table[alias] == nil { table[alias] = instrument }
        }
        // A canonical name always wins over an alias another pair happened to produce.
        for pair in meta.universe where table[pair.name]?.coin != pair.name {
            if let base = tokens[pair.tokens.first ?? -1] {
                table[pair.name] = Instrument(coin: pair.name, asset: 10_000 + pair.index, szDecimals: base.szDecimals, kind: .spot)
            }
        }
        spots = table
        spotLoaded = true
    }

    /// Whether the table that would hold `market` has been loaded.
    public func isLoaded(for market: String) -> Bool {
        Self.isSpot(market) ? spotLoaded : perpsLoaded
    }
}
