import GatewayEngine

extension GatewayCommand {
    /// The command's type as the relay names it (`trade`, `cancel`, `cancel_all`, `pause`, `resume`), for
    /// the journal's commands table.
    var kind: String {
        switch self {
        case .trade: "trade"
        case .cancel: "cancel"
        case .cancelAll: "cancel_all"
        case .pause: "pause"
        case .resume: "resume"
        }
    }
}
