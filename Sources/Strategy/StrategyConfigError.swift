/// Why a strategy file was refused: which file, where in it (a JSON path such as
/// `rules[1].action.size`), what is wrong, and what to do about it.
///
/// The reference gateway let Zod strip unknown rule keys, so a typo such as `min_confidance` silently
/// turned a filter off. Here every unknown key (except comments starting with `_`) is an error.
public struct StrategyConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as given, or `<input>` when parsing text.
    public var file: String
    /// The JSON path of the offending value (`$` for the document itself).
    public var path: String
    public var message: String
    /// How to fix it, e.g. `did you mean 'min_confidence'?`.
    public var suggestion: String?

    public init(file: String, path: String, message: String, suggestion: String? = nil) {
        self.file = file
        self.path = path
        self.message = message
        self.suggestion = suggestion
    }

    /// `strategy.json: rules[0].min_confidance: unknown key (did you mean 'min_confidence'?)`.
    public var description: String {
        "\(file): \(path): \(message)" + (suggestion.map { " (\($0))" } ?? "")
    }
}

/// Edit distance for "did you mean" suggestions.
enum Spelling {
    /// A candidate that `word` truncates, else the one closest within a small edit distance, if any.
    static func closest(_ word: String, in candidates: some Sequence<String>) -> String? {
        let limit = max(2, min(3, word.count / 3))
        var best: (String, Int)?
        let lower = word.lowercased()
        for candidate in candidates where candidate.count > lower.count && candidate.lowercased().hasPrefix(lower) && lower.count >= 4 {
            return candidate // a truncated key, e.g. `max_position_size`
        }
        for candidate in candidates {
            let d = distance(Array(word.lowercased()), Array(candidate.lowercased()))
            if d <= limit, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
