// swift-tools-version:6.1
//
// Gateway: a self-hosted trading gateway. The host (`gateway`) loads one shared library per venue
// through the C contract in Sources/PluginABI; see README.md and Sources/PluginABI/include/gateway_plugin.h.

import PackageDescription

/// Swift venue plugins: each is a `<Name>Core` library (all logic, unit-tested directly) plus a thin
/// `.dynamic` product `<Name>` (the exported entry point), linked with the export map so that only
/// `gw_plugin_entry` is visible.
let swiftPlugins = ["Paper", "Binance", "Hyperliquid", "Kalshi", "Polymarket"]

let exportMap = "\(Context.packageDirectory)/Sources/PluginABI/plugin-exports.map"

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The two targets of one Swift venue plugin.
func pluginTargets(_ name: String) -> [Target] {
    let coreDependencies: [Target.Dependency] = ["PluginABI", "VenueKit"]
    let entryDependencies: [Target.Dependency] = [.target(name: name + "Core"), "VenueKit", "PluginABI"]
    let exportFlags: [LinkerSetting] = [.unsafeFlags(["-Xlinker", "--version-script=" + exportMap])]
    let core: Target = .target(name: name + "Core", dependencies: coreDependencies, path: "Plugins/" + name + "/Core",
                               swiftSettings: strictSettings)
    let entry: Target = .target(name: name, dependencies: entryDependencies, path: "Plugins/" + name + "/Entry",
                                swiftSettings: strictSettings, linkerSettings: exportFlags)
    return [core, entry]
}

let package = Package(
    name: "Gateway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gateway", targets: ["Host"]),
        .library(name: "PluginABI", targets: ["PluginABI"]),
        .library(name: "VenueKit", targets: ["VenueKit"]),
    ] + swiftPlugins.map { .library(name: $0, type: .dynamic, targets: [$0]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/vapor/websocket-kit", from: "2.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The contract: a C header and the export map third-party plugins link with. Nothing Swift.
        .target(name: "PluginABI", exclude: ["plugin-exports.map"]),

        // System libraries the host links (plugins never do).
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "CNettle", pkgConfig: "nettle", providers: [.apt(["nettle-dev"])]),

        // Pure domain: orders, state machine, positions. No I/O.
        .target(name: "GatewayCore", swiftSettings: strictSettings),
        // Strategy engine, signal model, market-id mapping and risk limits: pure logic, no I/O.
        .target(name: "Strategy", dependencies: ["GatewayCore"], swiftSettings: strictSettings),
        // Key store and signing (OpenSSL, libsecp256k1, nettle's Keccak permutation).
        .target(name: "GatewayCrypto", dependencies: ["COpenSSL", "CSecp256k1", "CNettle"],
                swiftSettings: strictSettings),
        // Loading plugins, bridging the C ABI, and the host services behind it.
        .target(
            name: "PluginHost",
            dependencies: [
                "PluginABI", "GatewayCore", "GatewayCrypto", "VenueKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings),
        // The engine that connects commands, orders, plugins and positions (simulation, CLI trading).
        .target(
            name: "GatewayEngine",
            dependencies: [
                "GatewayCore", "PluginHost", "VenueKit", "GatewayCrypto", "PluginABI", "Journal",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strictSettings),
        // The relay client: wire codec, connection state machine, outbox, WebSocket transport.
        .target(
            name: "Relay",
            dependencies: [
                "GatewayEngine", "Strategy", "VenueKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
            ],
            swiftSettings: strictSettings),
        // The durable journal: commands, orders, events, positions, counters, pause state, relay outbox (SQLite, WAL).
        .target(
            name: "Journal",
            dependencies: [
                "GatewayCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings),
        // `gateway start`: the relay session wired to the order router (acks, dedup, state sync, shutdown).
        .target(
            name: "GatewayService",
            dependencies: [
                "Relay", "GatewayEngine", "PluginHost", "GatewayCore", "Journal", "Strategy",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings),
        // The `gateway` executable: command-line commands only.
        .executableTarget(
            name: "Host",
            dependencies: [
                "GatewayService", "Relay", "GatewayEngine", "PluginHost", "GatewayCore", "GatewayCrypto", "VenueKit", "Journal", "Strategy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings),

        // Glue for Swift plugins: C ABI <-> Swift types, result arenas, host handle. Linked statically into each plugin.
        .target(name: "VenueKit", dependencies: ["PluginABI"], swiftSettings: strictSettings),

        // Test helpers: loopback servers, fixture builders.
        .target(
            name: "GatewayTesting",
            dependencies: [
                "GatewayCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Tests/GatewayTesting",
            swiftSettings: strictSettings),

        .testTarget(name: "GatewayCoreTests", dependencies: ["GatewayCore"]),
        .testTarget(name: "StrategyTests", dependencies: ["Strategy", "GatewayCore"]),
        .testTarget(name: "GatewayCryptoTests", dependencies: ["GatewayCrypto"], exclude: ["Vectors"]),
        .testTarget(name: "VenueKitTests", dependencies: ["VenueKit", "PaperCore"]),
        .testTarget(
            name: "PluginHostTests",
            dependencies: ["PluginHost", "GatewayEngine", "GatewayTesting", "GatewayCrypto", "GatewayCore", "PluginABI", "Journal", "VenueKit"]),
        .testTarget(name: "HostCLITests", dependencies: ["GatewayTesting", "VenueKit"]),
        .testTarget(name: "JournalTests", dependencies: ["Journal", "GatewayCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "RelayTests",
            dependencies: ["Relay", "GatewayService", "GatewayEngine", "GatewayTesting", "PluginHost", "GatewayCore", "Journal", "Strategy"]),
        .testTarget(name: "BinanceTests", dependencies: ["BinanceCore", "PluginHost", "GatewayTesting", "GatewayCrypto", "VenueKit", "PluginABI"],
                    exclude: ["Vectors"]),
        .testTarget(name: "HyperliquidTests", dependencies: ["HyperliquidCore", "PluginHost", "GatewayTesting", "GatewayCrypto", "VenueKit", "PluginABI"], exclude: ["Vectors"]),
        .testTarget(name: "KalshiTests", dependencies: ["KalshiCore", "PluginHost", "GatewayTesting", "GatewayCrypto", "VenueKit", "PluginABI"], exclude: ["Vectors"]),
        .testTarget(name: "PolymarketTests", dependencies: ["PolymarketCore", "PluginHost", "GatewayTesting", "GatewayCrypto", "VenueKit", "PluginABI"], exclude: ["Vectors"]),
    ] + swiftPlugins.flatMap(pluginTargets)
)
