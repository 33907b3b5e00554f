/// Why the journal could not be opened, read or written. Every message names the journal file and what
/// was being done, so the operator can act on it without reading code.
///
/// The gateway never answers one of these by starting with an empty journal: a journal that cannot be
/// read is a stop, because trading on without it could send an order twice or forget one.
public struct JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The file is not a SQLite database or failed its integrity check.
        case corrupt
        /// Another process holds the journal (a second gateway on the same file), or SQLite stayed busy.
        case locked
        /// The file was written by a newer gateway whose schema this one does not know.
        case unsupportedVersion
        /// The file or its folder could not be created or opened (permissions, missing folder).
        case cannotOpen
        /// A read or write failed after opening (disk full, I/O error).
        case io
        /// A stored row could not be decoded.
        case badRow
    }

    public var code: Code
    /// The journal file concerned (`:memory:` for the in-memory journal).
    public var path: String
    public var message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "journal \(path): \(message)" }
}
