import PluginABI

/// The ABI version this host speaks (from the header it was built with).
public enum PluginHostABI {
    public static let major = UInt32(GW_ABI_MAJOR)
    public static let minor = UInt32(GW_ABI_MINOR)
    public static var version: String { "\(major).\(minor)" }
}
