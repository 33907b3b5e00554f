/// Maps the gateway's client order ids to Hyperliquid cloids (`0x` + 32 hex digits) and back.
///
/// An id that already is a 16-byte hex cloid (either case) is sent as is, lower-cased. Any other id (the
/// gateway's `gw…` ids) becomes `0x` + the first 16 bytes of keccak256(UTF-8 of the id): deterministic,
/// so a cancel or query by client id works without any stored state, even after a restart. The reverse
/// direction (reports carrying a cloid) needs the table kept here; a cloid this instance never saw is
/// reported as is.
public struct ClientOrderIds: Sendable {
    /// Keccak-256.
    private let keccak: @Sendable ([UInt8]) -> [UInt8]
    private var byCloid: [String: String] = [:]
    private var insertion: [String] = []
    private var head = 0
    /// Most mappings kept; the oldest are forgotten beyond it.
    public let capacity: Int

    public init(keccak: @escaping @Sendable ([UInt8]) -> [UInt8], capacity: Int = 100_000) {
        self.keccak = keccak
        self.capacity = capacity
    }

    /// Whether `text` is `0x` followed by exactly 32 hex digits.
    public static func isCloid(_ text: String) -> Bool {
        text.utf8.count == 34 && text.hasPrefix("0x") && text.dropFirst(2).allSatisfy(\.isHexDigit)
    }

    /// The cloid sent for `clientOrderId` (nil for an empty id: the order then carries none).
    public func cloid(for clientOrderId: String) -> String? {
        guard !clientOrderId.isEmpty else { return nil }
        if Self.isCloid(clientOrderId) { return clientOrderId.lowercased() }
        let digest = keccak(Array(clientOrderId.utf8))
        let hex = Array("0123456789abcdef")
        var text = "0x"
        for byte in digest.prefix(16) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return text
    }

    /// The cloid for `clientOrderId`, remembered so that reports can name the gateway's id again.
    public mutating func remember(_ clientOrderId: String) -> String? {
        guard let cloid = cloid(for: clientOrderId) else { return nil }
        if byCloid.updateValue(clientOrderId, forKey: cloid) == nil {
            insertion.append(cloid)
            if insertion.count - head > capacity {
                byCloid.removeValue(forKey: insertion[head])
                head += 1
                if head > capacity { insertion.removeFirst(head); head = 0 }
            }
        }
        return cloid
    }

    /// The gateway's id for a cloid the venue reported: the remembered id, else the cloid itself ("" for none).
    public func clientOrderId(forCloid cloid: String?) -> String {
        guard let cloid, !cloid.isEmpty else { return "" }
        return byCloid[cloid.lowercased()] ?? cloid
    }
}
