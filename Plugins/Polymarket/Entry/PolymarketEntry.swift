import PluginABI
import PolymarketCore
import VenueKit

/// The descriptor, built once and kept for the life of the process.
nonisolated(unsafe) let polymarketDescriptor: UnsafePointer<gw_plugin> = PluginExport.descriptor(PolymarketVenue.info) {
    host, json throws(VenueFailure) in try PolymarketVenue(host: host, configJSON: json)
}

/// The plugin's one exported symbol.
@_cdecl("gw_plugin_entry")
public func gw_plugin_entry(_ hostMajor: UInt32, _ hostMinor: UInt32) -> UnsafePointer<gw_plugin>? {
    hostMajor == UInt32(GW_ABI_MAJOR) ? polymarketDescriptor : nil
}
