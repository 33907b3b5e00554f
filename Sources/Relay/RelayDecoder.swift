import Foundation
import GatewayEngine

/// Turns relay text frames into ``RelayInbound`` values, validating every field.
///
/// The reference dropped unparseable or unknown frames silently and trusted every field; here each
/// problem becomes a ``RelayDecodeError`` naming the message type and field, so the gateway can
/// answer with an `error` report. Numbers (`size`, `limit_price`) may be JSON numbers or decimal
/// strings; both become `Decimal` through their text, never through binary floating point arithmetic.
public enum RelayDecoder {
    /// Frames larger than this are refused before parsing.
    public static let maxFrameBytes = 64 * 1024

    public static func decode(_ text: String) throws(RelayDecodeError) -> RelayInbound {
        guard text.utf8.count <= maxFrameBytes else {
            throw RelayDecodeError(code: "MALFORMED_MESSAGE", message: "frame of \(text.utf8.count) bytes exceeds \(maxFrameBytes)")
        }
        let object: [String: RelayJSONField]
        do { object = try JSONDecoder().decode([String: RelayJSONField].self, from: Data(text.utf8)) } catch {
            let isJSON = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
            throw RelayDecodeError(code: "MALFORMED_MESSAGE",
                                   message: isJSON ? "frame must be a JSON object" : "frame is not valid JSON")
        }
        let fields = Fields(object: object, type: "message")
        let type = try fields.string("type")
        var typed = Fields(object: object, type: type)
        switch type {
        case "trade", "cancel", "cancel_all", "pause", "resume":
            let id = try typed.string("id")
            typed.commandId = id
            return .command(try command(type: type, id: id, typed))
        case "pairing_confirmed":
            return .pairingConfirmed(pairingId: try typed.string("pairing_id"),
                                     relaySessionId: try typed.optionalString("relay_session_id"))
        case "pairing_revoked":
            return .pairingRevoked(pairingId: try typed.optionalString("pairing_id"), reason: try typed.optionalString("reason"))
        default:
            throw RelayDecodeError(code: "UNKNOWN_MESSAGE_TYPE", message: "unknown message type '\(type.prefix(40))'",
                                   commandId: try? typed.optionalString("id"))
        }
    }

    private static func command(type: String, id: String, _ f: Fields) throws(RelayDecodeError) -> GatewayCommand {
        switch type {
        case "trade":
            let marketId = try f.string("market_id")
            if let venue = try f.optionalString("venue"), let prefix = marketId.split(separator: ":").first,
               prefix.lowercased() != venue.lowercased() {
                throw f.invalid("venue", "'\(venue)' does not match market_id '\(marketId)'")
            }
            let size = try f.decimal("size")
            guard size > 0 else { throw f.invalid("size", "must be greater than 0") }
            let orderType = try f.string("order_type")
            let limitPrice = try f.optionalDecimal("limit_price")
            if orderType.lowercased() == "limit", limitPrice == nil {
                throw f.invalid("limit_price", "is required for a limit order")
            }
            if let limitPrice, limitPrice <= 0 { throw f.invalid("limit_price", "must be greater than 0") }
            return .trade(TradeCommand(id: id, marketId: marketId, side: try f.string("side"), action: try f.string("action"),
                                       size: size, orderType: orderType, limitPrice: limitPrice,
                                       timeInForce: try f.optionalString("time_in_force"),
                                       postOnly: try f.optionalBool("post_only") ?? false))
        case "cancel":
            return .cancel(id: id, orderId: try f.string("order_id"))
        case "cancel_all":
            return .cancelAll(id: id)
        case "pause":
            return .pause(id: id)
        default:
            return .resume(id: id)
        }
    }

    /// Typed access to one message's fields, with errors naming the message type and field.
    struct Fields {
        let object: [String: RelayJSONField]
        let type: String
        var commandId: String?

        init(object: [String: RelayJSONField], type: String) {
            self.object = object
            self.type = type
        }

        func invalid(_ field: String, _ problem: String) -> RelayDecodeError {
            RelayDecodeError(code: "INVALID_COMMAND", message: "\(type): field '\(field)' \(problem)", commandId: commandId)
        }

        func string(_ key: String) throws(RelayDecodeError) -> String {
            guard let value = try optionalString(key) else { throw invalid(key, "is missing") }
            return value
        }

        func optionalString(_ key: String) throws(RelayDecodeError) -> String? {
            switch object[key] {
            case nil, .null?: return nil
            case .string(let text)?:
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { throw invalid(key, "must not be empty") }
                guard trimmed.count <= 256 else { throw invalid(key, "is longer than 256 characters") }
                return trimmed
            default: throw invalid(key, "must be a string")
            }
        }

        func optionalBool(_ key: String) throws(RelayDecodeError) -> Bool? {
            switch object[key] {
            case nil, .null?: return nil
            case .bool(let value)?: return value
            default: throw invalid(key, "must be true or false")
            }
        }

        func decimal(_ key: String) throws(RelayDecodeError) -> Decimal {
            guard let value = try optionalDecimal(key) else { throw invalid(key, "is missing") }
            return value
        }

        func optionalDecimal(_ key: String) throws(RelayDecodeError) -> Decimal? {
            switch object[key] {
            case nil, .null?: return nil
            case .number(let value)?:
                guard value.isFinite else { throw invalid(key, "must be a finite number") }
                return value
            case .string(let raw)?:
                let text = raw.trimmingCharacters(in: .whitespaces)
                guard text.range(of: #"^-?[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil,
                      let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                    throw invalid(key, "must be a decimal number (got '\(text.prefix(40))')")
                }
                return value
            default: throw invalid(key, "must be a number")
            }
        }
    }
}
