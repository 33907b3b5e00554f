#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// A market's trading rules as the CLOB's book reports them.
public struct TokenRules: Sendable, Hashable {
    public var tick: TickSize
    public var negRisk: Bool
    public var minOrderSize: Decimal?
    public var fetchedAtMs: Int64
}

/// One side of a book level.
public struct BookLevel: Sendable, Hashable {
    public var price: Decimal
    public var size: Decimal
}

/// The resolved market of an order: its token, the outcome to report and the trading rules.
struct ResolvedMarket {
    var token: String
    var outcome: gw_outcome
    var rules: TokenRules
    var bids: [BookLevel]
    var asks: [BookLevel]
}

extension PolymarketVenue {
    /// Resolves a gateway market id to a token and its rules. Condition ids go through `GET /clob-markets/{id}`
    /// (kept for the life of the instance); rules come from `GET /book?token_id=` (kept `market_cache_seconds`,
    /// or fetched fresh when `needBook`, as a market order without a price bound needs the levels).
    func resolveMarket(_ market: String, outcome: gw_outcome, needBook: Bool,
                       _ done: @escaping (Result<ResolvedMarket, VenueFailure>) -> Void) {
        let id: MarketId
        do { id = try MarketId.parse(market) } catch { return done(.failure(error)) }
        switch id {
        case .token(let token):
            rules(for: token, needBook: needBook) { done($0.map { ResolvedMarket(token: token, outcome: outcome, rules: $0.0, bids: $0.1, asks: $0.2) }) }
        case .condition(let condition, let selector):
            outcomes(of: condition) { [self] result in
                switch result {
                case .failure(let failure): done(.failure(failure))
                case .success(let outcomes):
                    let picked: (token: String, outcome: gw_outcome)
                    do throws(VenueFailure) { picked = try MarketId.pick(selector, condition: condition, outcomes: outcomes, orderOutcome: outcome) } catch {
                        return done(.failure(error))
                    }
                    rules(for: picked.token, needBook: needBook) {
                        done($0.map { ResolvedMarket(token: picked.token, outcome: picked.outcome, rules: $0.0, bids: $0.1, asks: $0.2) })
                    }
                }
            }
        }
    }

    /// The condition's tokens in the CLOB's order, with their outcome labels.
    func outcomes(of condition: String, _ done: @escaping (Result<[(token: String, label: String)], VenueFailure>) -> Void) {
        if let known = conditionTokens[condition] { return done(.success(known)) }
        let what = "GET /clob-markets/\(condition)"
        request("GET", "/clob-markets/\(condition)", auth: .none, bucket: "markets", idempotent: true,
                onFailure: { done(.failure($0)) }) { [self] response in
            do throws(VenueFailure) {
                let json = try decode(response, what: what, mutating: false)
                guard let tokens = json["t"]?.arrayValue, !tokens.isEmpty else {
                    throw VenueFailure(.notFound, "polymarket: \(what): the market has no outcome tokens: \(json.serialized)")
                }
                var list: [(token: String, label: String)] = []
                for item in tokens {
                    guard let token = item["t"]?.scalarText, MarketId.isTokenId(token) else {
                        throw VenueFailure(.internalError, "polymarket: \(what): malformed token entry \(item.serialized)")
                    }
                    list.append((token, item["o"]?.stringValue ?? ""))
                }
                conditionTokens[condition] = list
                if let tick = json["mts"]?.scalarText.flatMap(TickSize.init), let negRisk = json["nr"]?.boolValue {
                    for entry in list where tokenRules[entry.token] == nil {
                        tokenRules[entry.token] = TokenRules(tick: tick, negRisk: negRisk, minOrderSize: nil, fetchedAtMs: 0)
                    }
                }
                for entry in list { tokenCondition[entry.token] = condition }
                done(.success(list))
            } catch {
                done(.failure(error))
            }
        }
    }

    /// Tick size, neg-risk flag and minimum size of a token (cached), with the book's levels when fetched.
    func rules(for token: String, needBook: Bool,
               _ done: @escaping (Result<(TokenRules, [BookLevel], [BookLevel]), VenueFailure>) -> Void) {
        let now = host.nowUnixMs
        if !needBook, let cached = tokenRules[token], cached.fetchedAtMs > 0,
           now - cached.fetchedAtMs < config.marketCacheSeconds * 1000 {
            return done(.success((cached, [], [])))
        }
        let what = "GET /book?token_id=\(token)"
        request("GET", "/book", query: [("token_id", token)], auth: .none, bucket: "markets", idempotent: true,
                onFailure: { done(.failure($0)) }) { [self] response in
            do throws(VenueFailure) {
                let json = try decode(response, what: what, mutating: false)
                guard let tickText = json["tick_size"]?.scalarText else {
                    throw VenueFailure(.internalError, "polymarket: \(what): reply has no tick_size: \(VenueErrors.venueText(response.body))")
                }
                guard let tick = TickSize(tickText) else {
                    throw VenueFailure(.internalError, "polymarket: \(what): unsupported tick size \(tickText)")
                }
                let rules = TokenRules(tick: tick, negRisk: json["neg_risk"]?.boolValue ?? false,
                                       minOrderSize: JSONDecimal.value(json["min_order_size"]), fetchedAtMs: host.nowUnixMs)
                tokenRules[token] = rules
                done(.success((rules, levels(json["bids"]), levels(json["asks"]))))
            } catch {
                done(.failure(error))
            }
        }
    }

    private func levels(_ json: PolyJSON?) -> [BookLevel] {
        (json?.arrayValue ?? []).compactMap { item in
            guard let price = JSONDecimal.value(item["price"]), let size = JSONDecimal.value(item["size"]) else { return nil }
            return BookLevel(price: price, size: size)
        }
    }

    /// The worst price needed to fill `quantity` shares against the book, walking from the best level
    /// (asks ascending for BUY, bids descending for SELL), as the official clients compute a market order's price.
    /// - Returns: nil when the book cannot fill the quantity (a FOK would be killed; a FAK uses the deepest level).
    static func marketPrice(side: OrderSide, quantity: Decimal, bids: [BookLevel], asks: [BookLevel]) -> (price: Decimal, complete: Bool)? {
        let levels = side == .buy ? asks.sorted { $0.price < $1.price } : bids.sorted { $0.price > $1.price }
        guard let deepest = levels.last else { return nil }
        var total: Decimal = 0
        for level in levels {
            total += level.size
            if total >= quantity { return (level.price, true) }
        }
        return (deepest.price, false)
    }
}
