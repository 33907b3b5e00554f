import COpenSSL

/// OpenSSL's thread-local error queue.
enum OpenSSLError {
    /// The reason of the oldest queued error (a fixed library string such as "unsupported", never
    /// data from the key), and clears the queue so that later calls on this thread start clean.
    static func drain() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0, let reason = ERR_reason_error_string(code) else { return "no detail from OpenSSL" }
        return String(cString: reason)
    }
}
