/// Derives the client order id of an order from the command that caused it, deterministically.
///
/// The client order id is the gateway's idempotency key at the venue. Deriving it from the relay
/// command id (plus the leg index, for commands that place several orders) means a redelivered command
/// produces the same id: the ``OrderBook`` recognises it, and a venue that saw the first attempt refuses
/// the duplicate instead of trading twice. The reference gateway used random ids (no idempotency).
///
/// The id is a hash (see the rules below), never the command id itself, so it fits every venue's length
/// and charset and leaks nothing about the sender. The hash is a fixed function of its input — FNV-1a
/// 128 with a mixing step, not Swift's per-process-seeded `Hasher` — so ids are the same in every process
/// and every release.
///
/// - ``ClientOrderIdStyle/alnum(maxLength:extraCharacters:)``: `prefix` (characters outside the style
///   removed) followed by 25 lower-case base-36 digits of the hash, cut to `maxLength`. When the limit
///   leaves fewer than ``minimumHashDigits`` digits after the prefix, the prefix is dropped.
/// - ``ClientOrderIdStyle/hex128``: `0x` and the 32 hex digits of the hash (the prefix is not used).
public struct ClientOrderIdGenerator: Sendable, Hashable {
    /// The fewest hash digits an alnum id keeps before the prefix is sacrificed (12 base-36 digits ≈ 62 bits).
    public static let minimumHashDigits = 12

    /// The venue's id rules.
    public var style: ClientOrderIdStyle
    /// A marker put in front of alnum ids so they are recognisable at the venue.
    public var prefix: String

    /// Creates a generator.
    /// - Parameters:
    ///   - style: The venue's id rules.
    ///   - prefix: The marker in front of alnum ids; `"gw"` by default.
    public init(style: ClientOrderIdStyle, prefix: String = "gw") {
        self.style = style
        self.prefix = prefix
    }

    /// The client order id for leg `leg` of command `commandId`.
    /// - Parameters:
    ///   - commandId: The relay command's `id` (or any stable id of the order's cause).
    ///   - leg: Which of the command's orders this is, from 0.
    /// - Returns: An id that ``ClientOrderIdStyle/accepts(_:)`` (provided the alnum limit is at least 1),
    ///   the same for the same inputs in every process.
    public func clientOrderId(commandId: String, leg: Int = 0) -> String {
        let hash = Self.hash(commandId: commandId, leg: leg)
        switch style {
        case .hex128:
            return "0x" + hash.hex
        case .alnum(let maxLength, let extra):
            let marker = prefix.filter { ClientOrderIdStyle.isAlnum($0) || extra.contains($0) }
            let digits = hash.base36
            guard maxLength > 0 else { return marker + digits }
            let room = maxLength - marker.count
            if room >= Self.minimumHashDigits { return marker + digits.prefix(room) }
            return String(digits.prefix(maxLength))
        }
    }

    /// The hash of an unambiguous encoding of (command id, leg): the command id's UTF-8 length as 8
    /// little-endian bytes, its UTF-8 bytes, then the leg as 8 little-endian bytes.
    static func hash(commandId: String, leg: Int) -> StableHash {
        var bytes: [UInt8] = []
        let utf8 = Array(commandId.utf8)
        bytes.reserveCapacity(utf8.count + 16)
        appendLittleEndian(UInt64(utf8.count), to: &bytes)
        bytes += utf8
        appendLittleEndian(UInt64(bitPattern: Int64(leg)), to: &bytes)
        return StableHash(bytes)
    }

    private static func appendLittleEndian(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
