import PluginABI
import VenueKit

/// The L2 API credentials, held as host key handles.
///
/// The secret (HMAC) and the passphrase (TEXT) live only in the host's key store. The API key is imported as
/// a TEXT key too and sent as a header by handle; its text is also kept because the CLOB requires it in
/// every order body (`"owner": <api key>`) and the body is HMAC-signed — the key is an identifier the venue
/// echoes in order replies, not a secret (see the plugin's notes).
public struct ApiCredentials: Sendable, Hashable {
    public var apiKey: String
    public var apiKeyHandle: UInt64
    public var secretHandle: UInt64
    public var passphraseHandle: UInt64

    public init(apiKey: String, apiKeyHandle: UInt64, secretHandle: UInt64, passphraseHandle: UInt64) {
        self.apiKey = apiKey
        self.apiKeyHandle = apiKeyHandle
        self.secretHandle = secretHandle
        self.passphraseHandle = passphraseHandle
    }

    /// Imports a `{"apiKey","secret","passphrase"}` reply into the host's key store.
    ///
    /// - Throws: `.internalError` when the reply lacks a field or the secret is not base64.
    public static func importing(reply: PolyJSON, into host: HostHandle) throws(VenueFailure) -> ApiCredentials {
        guard let apiKey = reply["apiKey"]?.stringValue, !apiKey.isEmpty,
              let secret = reply["secret"]?.stringValue, !secret.isEmpty,
              let passphrase = reply["passphrase"]?.stringValue, !passphrase.isEmpty else {
            throw VenueFailure(.internalError, "API key reply lacks apiKey, secret or passphrase")
        }
        guard var secretBytes = ByteEncoding.unbase64(secret), !secretBytes.isEmpty else {
            throw VenueFailure(.internalError, "API key reply: the secret is not url-safe base64")
        }
        defer { for i in secretBytes.indices { secretBytes[i] = 0 } }
        let secretHandle = try host.importKey(kind: GW_KEY_HMAC, secret: secretBytes)
        let passphraseHandle = try host.importKey(kind: GW_KEY_TEXT, secret: Array(passphrase.utf8))
        let apiKeyHandle = try host.importKey(kind: GW_KEY_TEXT, secret: Array(apiKey.utf8))
        return ApiCredentials(apiKey: apiKey, apiKeyHandle: apiKeyHandle, secretHandle: secretHandle,
                              passphraseHandle: passphraseHandle)
    }

    /// The L2 headers of one request: the HMAC-SHA256 of `timestamp + METHOD + path + body` (path without
    /// the query string, body exactly as sent) as url-safe base64 with padding, like the official clients.
    ///
    /// - Parameter hmac: HMAC-SHA256 with a key handle (the host's).
    public func level2Headers(address: String, timestampSeconds: Int64, method: String, path: String, body: [UInt8],
                              hmac: (UInt64, [UInt8]) throws(VenueFailure) -> [UInt8]) throws(VenueFailure) -> [HTTPRequest.Header] {
        let timestamp = String(timestampSeconds)
        let message = Array((timestamp + method + path).utf8) + body
        let signature = try hmac(secretHandle, message)
        return [
            HTTPRequest.Header("POLY_ADDRESS", address),
            HTTPRequest.Header("POLY_SIGNATURE", ByteEncoding.base64URL(signature)),
            HTTPRequest.Header("POLY_TIMESTAMP", timestamp),
            HTTPRequest.Header("POLY_API_KEY", "", valueKey: apiKeyHandle),
            HTTPRequest.Header("POLY_PASSPHRASE", "", valueKey: passphraseHandle),
        ]
    }
}
