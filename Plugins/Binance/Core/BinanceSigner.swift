#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PluginABI
import VenueKit

/// Signs Binance requests through the host's key store, as Binance and its official connectors do.
///
/// `totalParams` is the query string as sent (followed by the body, with no `&` between them, when
/// there is one); HMAC-SHA256 signatures are lower-case hex, Ed25519 signatures base64 and then
/// percent-encoded like every other value (`+ / =` → `%2B %2F %3D`). `signature` is appended last.
public struct BinanceSigner: Sendable {
    public let host: HostHandle
    /// Nil for an instance configured without credentials (public endpoints only).
    public let credentials: BinanceCredentials?

    public init(host: HostHandle, credentials: BinanceCredentials?) {
        self.host = host
        self.credentials = credentials
    }

    /// The signature of `totalParams`, already encoded for the query string.
    public func signature(of totalParams: String) throws(VenueFailure) -> String {
        guard let credentials else {
            throw VenueFailure(.auth, "no Binance API key is configured (credentials.api_key with credentials.secret or credentials.private_key): signed endpoints are unavailable")
        }
        let message = Array(totalParams.utf8)
        switch credentials.signer {
        case .hmac(let key):
            return Self.lowerHex(try host.hmacSHA256(key: key, message: message))
        case .ed25519(let key):
            let raw = try host.ed25519Sign(key: key, message: message)
            return BinanceQuery.quotePlus(Data(raw).base64EncodedString())
        }
    }

    /// `query` with `signature=…` appended (the body is empty: every parameter travels in the query,
    /// as with the official connectors).
    public func signedQuery(_ query: BinanceQuery) throws(VenueFailure) -> String {
        let text = query.encoded
        return text + (text.isEmpty ? "" : "&") + "signature=" + (try signature(of: text))
    }

    static func lowerHex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
