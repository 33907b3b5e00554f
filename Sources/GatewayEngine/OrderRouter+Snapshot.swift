import GatewayCore

extension OrderRouter {
    /// One `order_update` per order still open, as of now: the relay's view after a reconnect.
    public func openOrderUpdates() -> [OrderUpdate] {
        openOrders.map { update($0, commandId: nil) }
    }

    /// One `position` report per position that is not flat.
    public func positionReports() -> [PositionReport] {
        positions.filter { !$0.isFlat }.map { position in
            PositionReport(venue: position.key.venue, marketId: "\(position.key.venue):\(position.key.market)",
                           outcome: position.key.outcome?.rawValue, size: position.size,
                           entryPrice: position.averageEntryPrice, realizedPnl: position.realizedPnl)
        }
    }

    /// Orders still open (submitted or partially filled): the heartbeat's `open_orders`.
    public var openOrderCount: Int { openOrders.count }

    /// Positions that are not flat: the heartbeat's `open_positions`.
    public var openPositionCount: Int { positions.filter { !$0.isFlat }.count }
}
