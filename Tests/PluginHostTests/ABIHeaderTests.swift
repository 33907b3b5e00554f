import Foundation
import GatewayCrypto
import GatewayTesting
import PluginABI
import Testing

/// The header is the contract: it may not change without its version changing.
///
/// `Tests/Fixtures/abi-header-versions.txt` records the SHA-256 of the header for each released
/// `major.minor`. Editing the header without bumping GW_ABI_MINOR (appending) or GW_ABI_MAJOR
/// (breaking) fails here; after a deliberate bump, add the new line.
@Suite struct ABIHeaderTests {
    @Test func headerHashMatchesItsVersion() throws {
        let root = FixtureBuilder.packageRoot
        let header = try Data(contentsOf: root.appendingPathComponent("Sources/PluginABI/include/gateway_plugin.h"))
        let digest = Hex.encode(Digest.sha256(Array(header)))
        let version = "\(GW_ABI_MAJOR).\(GW_ABI_MINOR)"
        let records = try String(contentsOf: root.appendingPathComponent("Tests/Fixtures/abi-header-versions.txt"), encoding: .utf8)
        var known: [String: String] = [:]
        for line in records.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2 { known[String(parts[0])] = String(parts[1]) }
        }
        let recorded = try #require(known[version], "ABI \(version) has no recorded header hash; add '\(version) \(digest)'")
        #expect(recorded == digest,
                "gateway_plugin.h changed but GW_ABI_MAJOR.GW_ABI_MINOR is still \(version): bump the version (minor for appended fields, major for anything else) and record '<new version> \(digest)'")
    }

    @Test func structsStartWithTheirSize() {
        // Every versioned struct begins with a uint32 struct_size (checked at compile time by these offsets).
        #expect(MemoryLayout<gw_plugin>.offset(of: \gw_plugin.struct_size) == 0)
        #expect(MemoryLayout<gw_host_api>.offset(of: \gw_host_api.struct_size) == 0)
        #expect(MemoryLayout<gw_order>.offset(of: \gw_order.struct_size) == 0)
        #expect(MemoryLayout<gw_result>.offset(of: \gw_result.struct_size) == 0)
        #expect(MemoryLayout<gw_http_request>.offset(of: \gw_http_request.struct_size) == 0)
        #expect(MemoryLayout<gw_http_response>.offset(of: \gw_http_response.struct_size) == 0)
        #expect(MemoryLayout<gw_event>.offset(of: \gw_event.struct_size) == 0)
        #expect(MemoryLayout<gw_plugin>.offset(of: \gw_plugin.abi_major) == 4)
        #expect(MemoryLayout<gw_plugin>.offset(of: \gw_plugin.abi_minor) == 6)
    }
}
