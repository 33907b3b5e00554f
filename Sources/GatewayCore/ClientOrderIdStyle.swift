/// The shape of client order id a venue accepts.
///
/// Venues differ: Binance takes at most 36 characters of `[.A-Z:/a-z0-9_-]`, Kalshi up to 64 of
/// `[A-Za-z0-9_-:+=/]`, Hyperliquid only a 16-byte hex "cloid". A plugin declares its rule (the ABI's
/// `client_order_id_max_len` and `client_order_id_charset`), the host turns it into a style, and
/// ``ClientOrderIdGenerator`` produces ids that obey it.
public enum ClientOrderIdStyle: Sendable, Hashable {
    /// Letters `A-Z`, `a-z`, digits, plus `extraCharacters`, at most `maxLength` characters
    /// (`maxLength <= 0` means no limit).
    case alnum(maxLength: Int, extraCharacters: String = "")
    /// `0x` followed by 32 lower-case hex digits (16 bytes), as Hyperliquid's `cloid`.
    case hex128

    /// Whether `id` obeys this style (non-empty, within the length limit, only allowed characters).
    /// - Parameter id: A client order id, for instance one received from a relay command.
    public func accepts(_ id: String) -> Bool {
        switch self {
        case .alnum(let maxLength, let extra):
            guard !id.isEmpty, maxLength <= 0 || id.count <= maxLength else { return false }
            return id.allSatisfy { Self.isAlnum($0) || extra.contains($0) }
        case .hex128:
            guard id.count == 34, id.hasPrefix("0x") else { return false }
            return id.dropFirst(2).allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
        }
    }

    /// Whether `character` is an ASCII letter or digit.
    static func isAlnum(_ character: Character) -> Bool {
        guard character.isASCII, let ascii = character.asciiValue else { return false }
        return (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(ascii)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(ascii)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(ascii)
    }
}
