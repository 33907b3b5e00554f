import Foundation

/// Edits `.env` the way `pair` and `api-key` need: set one variable, keep every other line verbatim.
///
/// Unlike the reference (plain `writeFileSync`, default permissions), the new text is written to a
/// temporary file in the same folder with mode 0600, flushed, and renamed over the old one, so a crash
/// never leaves half a file and the secrets in it are readable by the owner only.
struct EnvFile {
    let url: URL

    init(path: String = ".env") {
        url = URL(fileURLWithPath: path).standardizedFileURL
    }

    /// Sets `key=value`: replaces the first line assigning `key` (also `export key=`), or appends one.
    func set(_ key: String, to value: String) throws(EnvFileError) {
        var lines: [String] = []
        if FileManager.default.fileExists(atPath: url.path) {
            do { lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n") } catch {
                throw EnvFileError("cannot read \(url.path): \(error.localizedDescription)")
            }
            if lines.last == "" { lines.removeLast() }
        }
        let assignment = "\(key)=\(value)"
        if let index = lines.firstIndex(where: { Self.assigns($0, key) }) {
            lines[index] = assignment
        } else {
            lines.append(assignment)
        }
        try write(lines.joined(separator: "\n") + "\n")
    }

    static func assigns(_ line: String, _ key: String) -> Bool {
        var text = line.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("export ") { text = String(text.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        guard text.hasPrefix(key) else { return false }
        return text.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=")
    }

    private func write(_ text: String) throws(EnvFileError) {
        let folder = url.deletingLastPathComponent().path
        var template = Array((folder + "/.env.tmp-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw EnvFileError("cannot create a temporary file in \(folder): \(String(cString: strerror(errno)))") }
        let tempPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = fchmod(fd, 0o600) == 0
        let bytes = Array(text.utf8)
        var written = 0
        while ok, written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { ok = false } else { written += n }
        }
        ok = ok && fsync(fd) == 0
        let failure = String(cString: strerror(errno))
        close(fd)
        guard ok, rename(tempPath, url.path) == 0 else {
            let reason = ok ? String(cString: strerror(errno)) : failure
            unlink(tempPath)
            throw EnvFileError("cannot write \(url.path): \(reason)")
        }
    }
}

/// `.env` could not be read or written; the message names the file.
struct EnvFileError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
