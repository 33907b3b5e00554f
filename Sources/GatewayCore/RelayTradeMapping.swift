/// The single table that turns a relay `trade` command's free-text `side` and `action` into a
/// ``Side``, an optional ``Outcome`` and a reduce-only flag.
///
/// The relay's senders use two conventions: the dashboard sends `side` `Yes`/`No` (prediction markets)
/// or `long`/`short` (perps) with `action` `open`/`close`; the strategy engine and the simulator send
/// `action` `buy`/`sell` with `side` `yes`/`no`/`buy`/`sell`. The reference gateway let every venue
/// interpret these words itself and several turned buys into sells. Here the translation happens once,
/// in this table, and venue code only ever sees ``Side``.
///
/// Both inputs are trimmed of surrounding whitespace and compared case-insensitively.
///
/// | side    | action  | → side | outcome | reduceOnly |
/// |---------|---------|--------|---------|------------|
/// | `yes`   | `open`  | buy    | yes     | no         |
/// | `yes`   | `buy`   | buy    | yes     | no         |
/// | `yes`   | `close` | sell   | yes     | **yes**    |
/// | `yes`   | `sell`  | sell   | yes     | no         |
/// | `no`    | `open`  | buy    | no      | no         |
/// | `no`    | `buy`   | buy    | no      | no         |
/// | `no`    | `close` | sell   | no      | **yes**    |
/// | `no`    | `sell`  | sell   | no      | no         |
/// | `long`  | `open`  | buy    | –       | no         |
/// | `long`  | `close` | sell   | –       | **yes**    |
/// | `short` | `open`  | sell   | –       | no         |
/// | `short` | `close` | buy    | –       | **yes**    |
/// | `buy`   | `buy`   | buy    | –       | no         |
/// | `buy`   | `open`  | buy    | –       | no         |
/// | `buy`   | `close` | buy    | –       | **yes**    |
/// | `sell`  | `sell`  | sell   | –       | no         |
/// | `sell`  | `open`  | sell   | –       | no         |
/// | `sell`  | `close` | sell   | –       | **yes**    |
/// | `buy`   | `sell`  | *error: contradiction* | – | – |
/// | `sell`  | `buy`   | *error: contradiction* | – | – |
/// | other   | other   | *error: unsupported* | – | – |
///
/// Notes on the rows:
/// - "other" is every pair not listed: unknown words, empty strings, `long` + `buy`, `yes` + `short`.
/// - Buying YES or NO is always a buy of that outcome; on binary venues there is no "sell YES to go
///   long NO". `close` sells the contracts held and is reduce-only; a bare `sell` is not.
/// - `long`/`short` never combine with `buy`/`sell` (`long` + `sell` is ambiguous: close or flip?).
/// - With `side` `buy`/`sell`, the side is the direction and `open`/`close` only decide reduce-only, so
///   `sell` + `close` (closing a short) is a reduce-only SELL as written. A buy never becomes a sell.
public enum RelayTradeMapping {
    /// Looks up a `side`/`action` pair in the table above.
    /// - Parameters:
    ///   - side: The relay command's `side`, as received.
    ///   - action: The relay command's `action`, as received.
    /// - Returns: The direction, outcome and reduce-only flag of the row.
    /// - Throws: ``MappingError`` with ``MappingError/Code/contradictorySideAction`` for `buy`/`sell`
    ///   pairs that disagree (`side 'buy' contradicts action 'sell'`), or
    ///   ``MappingError/Code/unsupportedSideAction`` for any other pair not in the table; both quote the
    ///   two values as received.
    public static func map(side: String, action: String) throws(MappingError) -> RelayTradeIntent {
        switch (normalized(side), normalized(action)) {
        //   side      action        → side   outcome  reduceOnly
        case ("yes",   "open"):  return row(.buy,  .yes, false)
        case ("yes",   "buy"):   return row(.buy,  .yes, false)
        case ("yes",   "close"): return row(.sell, .yes, true)
        case ("yes",   "sell"):  return row(.sell, .yes, false)
        case ("no",    "open"):  return row(.buy,  .no,  false)
        case ("no",    "buy"):   return row(.buy,  .no,  false)
        case ("no",    "close"): return row(.sell, .no,  true)
        case ("no",    "sell"):  return row(.sell, .no,  false)
        case ("long",  "open"):  return row(.buy,  nil,  false)
        case ("long",  "close"): return row(.sell, nil,  true)
        case ("short", "open"):  return row(.sell, nil,  false)
        case ("short", "close"): return row(.buy,  nil,  true)
        case ("buy",   "buy"):   return row(.buy,  nil,  false)
        case ("buy",   "open"):  return row(.buy,  nil,  false)
        case ("buy",   "close"): return row(.buy,  nil,  true)
        case ("sell",  "sell"):  return row(.sell, nil,  false)
        case ("sell",  "open"):  return row(.sell, nil,  false)
        case ("sell",  "close"): return row(.sell, nil,  true)
        case ("buy",   "sell"), ("sell", "buy"):
            throw MappingError(.contradictorySideAction, "side '\(side)' contradicts action '\(action)'")
        default:
            throw MappingError(.unsupportedSideAction,
                               "Unsupported trade: side '\(side)' with action '\(action)'; expected side yes/no/long/short/buy/sell with action open/close/buy/sell")
        }
    }

    private static func row(_ side: Side, _ outcome: Outcome?, _ reduceOnly: Bool) -> RelayTradeIntent {
        RelayTradeIntent(side: side, outcome: outcome, reduceOnly: reduceOnly)
    }

    /// Trimmed of surrounding whitespace and lower-cased.
    private static func normalized(_ text: String) -> String {
        let trimmed = text.drop(while: \.isWhitespace)
        var end = trimmed.endIndex
        while end > trimmed.startIndex, trimmed[trimmed.index(before: end)].isWhitespace {
            end = trimmed.index(before: end)
        }
        return trimmed[..<end].lowercased()
    }
}
