import VenueKit

/// Follows Kalshi's opaque `cursor` pagination: pass the cursor back until it comes back empty or missing.
///
/// Stops early when `until` says the wanted item was found, and fails (rather than looping forever)
/// when a page limit is reached or the venue repeats a cursor.
public struct KalshiPager<Item> {
    public let client: KalshiClient
    /// The request for one page, given the cursor (nil for the first page).
    public let page: (String?) -> KalshiClient.Call
    /// Items and next cursor of one page body.
    public let parse: ([UInt8]) throws(VenueFailure) -> (items: [Item], cursor: String?)
    public let maxPages: Int
    public let what: String

    public init(client: KalshiClient, what: String, maxPages: Int, page: @escaping (String?) -> KalshiClient.Call,
                parse: @escaping ([UInt8]) throws(VenueFailure) -> (items: [Item], cursor: String?)) {
        self.client = client
        self.what = what
        self.maxPages = maxPages
        self.page = page
        self.parse = parse
    }

    /// Collects every item (or stops once `until` is true for the items so far).
    public func collect(until: @escaping ([Item]) -> Bool = { _ in false },
                        _ done: @escaping (Result<(items: [Item], complete: Bool), VenueFailure>) -> Void) {
        step(cursor: nil, collected: [], pages: 0, until: until, done)
    }

    private func step(cursor: String?, collected: [Item], pages: Int, until: @escaping ([Item]) -> Bool,
                      _ done: @escaping (Result<(items: [Item], complete: Bool), VenueFailure>) -> Void) {
        client.send(page(cursor)) { result in
            switch result {
            case .failure(let failure):
                done(.failure(failure))
            case .success(let reply):
                let parsed: (items: [Item], cursor: String?)
                do throws(VenueFailure) { parsed = try parse(reply.body) } catch { return done(.failure(error)) }
                let all = collected + parsed.items
                let next = parsed.cursor ?? ""
                if until(all) { return done(.success((all, false))) }
                if next.isEmpty { return done(.success((all, true))) }
                if next == cursor {
                    return done(.failure(VenueFailure(.internalError, "\(what): the venue returned the same cursor twice ('\(next)')")))
                }
                if pages + 1 >= maxPages { return done(.success((all, false))) }
                step(cursor: next, collected: all, pages: pages + 1, until: until, done)
            }
        }
    }
}
