import GatewayEngine

/// What the relay client tells the gateway, in order, on ``RelayClient/events``.
public enum RelayEvent: Sendable, Equatable {
    /// Connected (again): the gateway should queue its state sync (open orders, positions, venue health).
    case connected
    case disconnected(reason: String)
    /// A validated command from the relay.
    case command(GatewayCommand)
    /// The relay confirmed pairing; persist this id.
    case pairingConfirmed(String)
    /// The pairing was revoked: the client has stopped for good.
    case revoked(reason: String)
}
