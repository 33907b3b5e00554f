import GatewayEngine

/// One frame from the relay, decoded and validated.
public enum RelayInbound: Sendable, Equatable {
    /// `trade`, `cancel`, `cancel_all`, `pause` or `resume`.
    case command(GatewayCommand)
    /// The relay accepted a pairing code (or confirmed a pairing id): from now on connect with `pairingId`.
    case pairingConfirmed(pairingId: String, relaySessionId: String?)
    /// The user revoked this gateway's pairing: stop trading from this relay and forget the pairing id.
    case pairingRevoked(pairingId: String?, reason: String?)
}
