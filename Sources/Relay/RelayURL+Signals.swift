import Foundation

extension RelayURL {
    /// The signal stream's URL: `<ws|wss>://<host>/api/v1/public/ws/signals?api_key=<key>`, with the
    /// relay's scheme rules (an explicit `ws://`/`wss://` is kept; otherwise `ws` only for private hosts),
    /// so a host with a scheme no longer produces a broken URL (reference §4).
    public init(signalsHost host: String, apiKey: String) {
        let base = RelayURL(host: host, apiKey: apiKey, pairing: .pairingCode(""))
        let prefix = String(base.path.dropLast("/api/v1/relay".count))
        self.scheme = base.scheme
        self.authority = base.authority
        self.path = prefix + "/api/v1/public/ws/signals"
        self.secretURL = "\(base.scheme)://\(base.authority)\(self.path)?api_key=\(Self.encode(apiKey))"
    }
}
