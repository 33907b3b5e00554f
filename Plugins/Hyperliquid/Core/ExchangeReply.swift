#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import VenueKit

/// A reply of `POST /exchange`.
///
/// ```
/// {"status":"ok","response":{"type":"order","data":{"statuses":[{"resting":{"oid":77738308}}]}}}
/// {"status":"ok","response":{"type":"cancel","data":{"statuses":["success", {"error":"…"}]}}}
/// {"status":"err","response":"User or API Wallet 0x… does not exist."}
/// ```
public enum ExchangeReply: Sendable, Equatable {
    /// The action was accepted; `statuses` is positional (same order as the action's orders or cancels).
    case ok(type: String, statuses: [ActionStatus])
    /// The whole action was refused, with the venue's text.
    case err(String)

    /// Parses a reply body; a shape this does not know becomes `.internalError` keeping the text.
    public static func parse(_ body: [UInt8], doing what: String) throws(VenueFailure) -> ExchangeReply {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(body))
        } catch {
            throw VenueFailure(.internalError, "hyperliquid: \(what): unexpected reply: \(VenueErrors.excerpt(String(decoding: body, as: UTF8.self)))")
        }
        switch (envelope.status, envelope.response) {
        case ("ok", .object(let type, let statuses)?): return .ok(type: type, statuses: statuses ?? [])
        case ("err", .text(let text)?): return .err(text)
        case ("err", _): return .err(String(decoding: body, as: UTF8.self))
        default:
            throw VenueFailure(.internalError, "hyperliquid: \(what): unexpected reply: \(VenueErrors.excerpt(String(decoding: body, as: UTF8.self)))")
        }
    }

    struct Envelope: Decodable {
        var status: String
        var response: Response?
    }

    enum Response: Decodable {
        case text(String)
        case object(type: String, statuses: [ActionStatus]?)

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self = .text(text)
                return
            }
            let c = try decoder.container(keyedBy: Keys.self)
            let type = try c.decode(String.self, forKey: .type)
            let data = try c.decodeIfPresent(DataObject.self, forKey: .data)
            self = .object(type: type, statuses: data?.statuses)
        }

        enum Keys: String, CodingKey { case type, data }
    }

    struct DataObject: Decodable {
        var statuses: [ActionStatus]?
    }
}

/// One entry of `statuses`.
public enum ActionStatus: Sendable, Equatable, Decodable {
    /// `"success"` (cancels).
    case success
    /// `{"resting":{"oid":N,"cloid":"0x…"?}}`.
    case resting(oid: UInt64, cloid: String?)
    /// `{"filled":{"totalSz":"…","avgPx":"…","oid":N,"cloid":"0x…"?}}`.
    case filled(totalSize: String, averagePrice: String, oid: UInt64, cloid: String?)
    /// `{"error":"…"}`.
    case error(String)
    /// Any other bare string (`"waitingForTrigger"`, `"waitingForFill"`).
    case other(String)

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self = text == "success" ? .success : .other(text)
            return
        }
        let c = try decoder.container(keyedBy: Keys.self)
        if let resting = try c.decodeIfPresent(Resting.self, forKey: .resting) {
            self = .resting(oid: resting.oid, cloid: resting.cloid)
        } else if let filled = try c.decodeIfPresent(Filled.self, forKey: .filled) {
            self = .filled(totalSize: filled.totalSz, averagePrice: filled.avgPx, oid: filled.oid, cloid: filled.cloid)
        } else if let error = try c.decodeIfPresent(String.self, forKey: .error) {
            self = .error(error)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown order status"))
        }
    }

    enum Keys: String, CodingKey { case resting, filled, error }

    struct Resting: Decodable {
        var oid: UInt64
        var cloid: String?
    }

    struct Filled: Decodable {
        var totalSz: String
        var avgPx: String
        var oid: UInt64
        var cloid: String?
    }
}
