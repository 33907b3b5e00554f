/// `GET /exchange/status` (public): whether the exchange accepts state changes and trading.
public struct KalshiExchangeStatus: Decodable, Sendable, Equatable {
    public var exchange_active: Bool
    public var trading_active: Bool
    public var exchange_estimated_resume_time: String?

    public var healthy: Bool { exchange_active && trading_active }

    public var detail: String {
        var text = "exchange_active=\(exchange_active) trading_active=\(trading_active)"
        if let resume = exchange_estimated_resume_time, !healthy { text += " estimated_resume=\(resume)" }
        return text
    }
}
