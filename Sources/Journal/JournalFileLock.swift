#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An exclusive advisory lock (`flock`) on `<journal>-lock`, held for as long as a gateway writes the
/// journal, so a second gateway (or `gateway reconcile`) on the same file stops with a clear error instead
/// of interleaving orders. The kernel drops the lock when the process dies, `kill -9` included, so a crash
/// never leaves a stale lock behind. The file holds the owner's pid, for the error message.
final class JournalFileLock: Sendable {
    private let fd: Int32
    let path: String

    /// - Throws: ``JournalError`` `.locked` when another process holds it, `.cannotOpen` when the lock
    ///   file cannot be created.
    init(journalPath: String) throws(JournalError) {
        path = journalPath + "-lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw JournalError(.cannotOpen, path: journalPath,
                               "cannot create the lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let owner = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw JournalError(.locked, path: journalPath,
                               "the journal is in use by another gateway process\(owner.map { $0.isEmpty ? "" : " (pid \($0))" } ?? ""); "
                               + "stop it first, or point this one at another journal with --journal")
        }
        _ = ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
