/// A MessagePack value whose maps keep their insertion order.
///
/// Venues that sign MessagePack bytes (Hyperliquid hashes the msgpack of each action) sign whatever
/// order and width the encoder chose, so the value keeps its keys in the order they were written and
/// ``MessagePack/encode(_:)`` always picks the smallest form, exactly as msgpack-python does by default.
/// Money stays text: there is deliberately no floating-point case.
public indirect enum MessagePackValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// Any integer; non-negative values are written in the unsigned forms, as msgpack-python does.
    case int(Int64)
    case uint(UInt64)
    case string(String)
    case binary([UInt8])
    case array([MessagePackValue])
    /// String-keyed map, written in this order.
    case map([(String, MessagePackValue)])

    public static func == (lhs: MessagePackValue, rhs: MessagePackValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.uint(let a), .uint(let b)): a == b
        case (.int(let a), .uint(let b)), (.uint(let b), .int(let a)): a >= 0 && UInt64(a) == b
        case (.string(let a), .string(let b)): a == b
        case (.binary(let a), .binary(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.map(let a), .map(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The value stored under `key` in a map (the first one), nil otherwise.
    public subscript(key: String) -> MessagePackValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.0 == key }?.1
    }
}

/// MessagePack serialisation in the smallest forms (fixint/fixstr/fixmap/fixarray first, then 8/16/32/64-bit).
///
/// Matches msgpack-python's `packb` with its defaults (`use_bin_type=True`): a 34-character string is
/// `d9 22 …`, the integer 1 is the single byte `01`, 123456789 is `ce 07 5b cd 15`.
public enum MessagePack {
    /// The bytes of `value`.
    public static func encode(_ value: MessagePackValue) -> [UInt8] {
        var out: [UInt8] = []
        encode(value, into: &out)
        return out
    }

    /// Appends the bytes of `value` to `out`.
    public static func encode(_ value: MessagePackValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(0xc0)
        case .bool(let flag): out.append(flag ? 0xc3 : 0xc2)
        case .int(let number):
            if number >= 0 { encodeUnsigned(UInt64(number), into: &out) } else { encodeNegative(number, into: &out) }
        case .uint(let number): encodeUnsigned(number, into: &out)
        case .string(let text):
            let bytes = Array(text.utf8)
            header(count: bytes.count, fix: 0xa0, fixLimit: 31, eight: 0xd9, sixteen: 0xda, thirtyTwo: 0xdb, into: &out)
            out += bytes
        case .binary(let bytes):
            header(count: bytes.count, fix: nil, fixLimit: -1, eight: 0xc4, sixteen: 0xc5, thirtyTwo: 0xc6, into: &out)
            out += bytes
        case .array(let items):
            header(count: items.count, fix: 0x90, fixLimit: 15, eight: nil, sixteen: 0xdc, thirtyTwo: 0xdd, into: &out)
            for item in items { encode(item, into: &out) }
        case .map(let entries):
            header(count: entries.count, fix: 0x80, fixLimit: 15, eight: nil, sixteen: 0xde, thirtyTwo: 0xdf, into: &out)
            for (key, item) in entries {
                encode(.string(key), into: &out)
                encode(item, into: &out)
            }
        }
    }

    private static func encodeUnsigned(_ number: UInt64, into out: inout [UInt8]) {
        switch number {
        case 0...0x7f: out.append(UInt8(number))
        case 0x80...0xff: out += [0xcc, UInt8(number)]
        case 0x100...0xffff: out.append(0xcd); bigEndian(number, bytes: 2, into: &out)
        case 0x1_0000...0xffff_ffff: out.append(0xce); bigEndian(number, bytes: 4, into: &out)
        default: out.append(0xcf); bigEndian(number, bytes: 8, into: &out)
        }
    }

    private static func encodeNegative(_ number: Int64, into out: inout [UInt8]) {
        let bits = UInt64(bitPattern: number)
        switch number {
        case -32 ... -1: out.append(UInt8(truncatingIfNeeded: bits))
        case -128 ... -33: out += [0xd0, UInt8(truncatingIfNeeded: bits)]
        case -32768 ... -129: out.append(0xd1); bigEndian(bits, bytes: 2, into: &out)
        case -2_147_483_648 ... -32769: out.append(0xd2); bigEndian(bits, bytes: 4, into: &out)
        default: out.append(0xd3); bigEndian(bits, bytes: 8, into: &out)
        }
    }

    private static func header(count: Int, fix: UInt8?, fixLimit: Int, eight: UInt8?, sixteen: UInt8, thirtyTwo: UInt8,
                               into out: inout [UInt8]) {
        if let fix, count <= fixLimit {
            out.append(fix | UInt8(count))
        } else if let eight, count <= 0xff {
            out += [eight, UInt8(count)]
        } else if count <= 0xffff {
            out.append(sixteen)
            bigEndian(UInt64(count), bytes: 2, into: &out)
        } else {
            out.append(thirtyTwo)
            bigEndian(UInt64(count), bytes: 4, into: &out)
        }
    }

    /// Appends the low `bytes` bytes of `value`, most significant first.
    public static func bigEndian(_ value: UInt64, bytes: Int, into out: inout [UInt8]) {
        for index in stride(from: bytes - 1, through: 0, by: -1) {
            out.append(UInt8(truncatingIfNeeded: value >> UInt64(index * 8)))
        }
    }
}
