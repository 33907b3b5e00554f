/// Why an inbound relay frame was refused; answered with an `error` report carrying ``code`` and ``message``.
public struct RelayDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `MALFORMED_MESSAGE` (not a JSON object), `UNKNOWN_MESSAGE_TYPE` or `INVALID_COMMAND` (a field missing or wrong).
    public var code: String
    /// What is wrong and where (message type and field).
    public var message: String
    /// The command id when the frame had a readable one, so the relay can match the error to its command.
    public var commandId: String?

    public init(code: String, message: String, commandId: String? = nil) {
        self.code = code
        self.message = message
        self.commandId = commandId
    }

    public var description: String { "\(code): \(message)" }
}
