/// Shows enough of a secret to recognise it, never the whole: `pa_live_…9f3a`.
enum SecretMask {
    /// The first `prefix` characters and the last 4, only when at least 12 characters stay hidden;
    /// shorter secrets show the prefix only (or nothing).
    static func mask(_ secret: String, prefix: Int = 8) -> String {
        let chars = Array(secret)
        if chars.count >= prefix + 4 + 12 { return String(chars.prefix(prefix)) + "…" + String(chars.suffix(4)) }
        if chars.count >= prefix + 12 { return String(chars.prefix(prefix)) + "…" }
        return chars.isEmpty ? "(empty)" : "…(\(chars.count) characters)"
    }
}
