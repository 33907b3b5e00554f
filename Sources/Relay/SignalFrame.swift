import Foundation
import Strategy

/// One text frame of the signal stream, classified (pure; the consumer counts each kind).
///
/// A JSON object with both `id` and `signal_type` is a signal and must validate (``Signal/init(json:)``);
/// any other JSON is a control frame (subscription confirmations and the like) and is ignored; anything
/// else is invalid. Nothing here throws past the consumer: a bad frame is a counted drop.
public enum SignalFrame: Sendable, Equatable {
    case signal(Signal)
    case control
    case invalid(String)

    public init(text: String) {
        let json: StrategyJSON
        do { json = try StrategyJSON.parse(text) } catch {
            self = .invalid("not JSON: \(error)")
            return
        }
        guard json["id"] != nil, json["signal_type"] != nil else {
            self = .control
            return
        }
        do { self = .signal(try Signal(json: json)) } catch { self = .invalid(error.message) }
    }

    /// `{"type":"subscribe","signal_types":[…]}`; symbols and min_confidence are never set by the gateway.
    public static func subscribe(_ types: [SignalType]) -> String {
        StrategyJSON.object([("type", .string("subscribe")), ("signal_types", .array(types.map { .string($0.rawValue) }))]).compact
    }
}
