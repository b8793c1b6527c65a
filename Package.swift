// swift-tools-version: 6.2
// feedd: an RSS/Atom feed aggregator daemon. The module graph follows DEVELOPERS.md's layering:
// feedd → FeedApp → FeedScheduling → {FeedFetching, FeedParsing, FeedStorage} → FeedModel,
// FeedParsing → FeedXML → CLibXML2, FeedFetching → CCurl.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "feedd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "feedd", targets: ["feedd"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C shims: system libraries with prefixed static-inline wrappers (variadic calls, global variables).
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),

        .target(name: "FeedModel", swiftSettings: strict),
        .target(name: "FeedXML", dependencies: ["CLibXML2"], swiftSettings: strict),
        .target(name: "FeedParsing", dependencies: ["FeedModel", "FeedXML"], swiftSettings: strict),
        .target(
            name: "FeedFetching",
            dependencies: ["FeedModel", "CCurl", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "FeedStorage",
            dependencies: [
                "FeedModel", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "FeedScheduling",
            dependencies: [
                "FeedModel", "FeedFetching", "FeedParsing", "FeedStorage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .target(
            name: "FeedApp",
            dependencies: [
                "FeedModel", "FeedScheduling", "FeedFetching", "FeedParsing", "FeedStorage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "feedd",
            dependencies: [
                "FeedApp", "FeedModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // Test support: fixtures, a real loopback HTTP server, a manual clock.
        .target(name: "FeedTesting", dependencies: ["FeedModel"], swiftSettings: strict),

        .testTarget(name: "FeedModelTests", dependencies: ["FeedModel"], swiftSettings: strict),
        .testTarget(
            name: "FeedParsingTests", dependencies: ["FeedParsing", "FeedXML", "FeedModel", "FeedTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "FeedFetchingTests",
            dependencies: [
                "FeedFetching", "FeedModel", "FeedTesting", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FeedStorageTests", dependencies: ["FeedStorage", "FeedModel", "FeedTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "FeedSchedulingTests",
            dependencies: ["FeedScheduling", "FeedStorage", "FeedFetching", "FeedParsing", "FeedModel", "FeedTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "FeedAppTests", dependencies: ["FeedApp", "FeedModel", "FeedStorage", "FeedTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "feeddTests", dependencies: ["FeedModel", "FeedTesting"], swiftSettings: strict),

        // Parser benchmark (`make bench-parse`) and libFuzzer target (`make fuzz`): FeedParsing only.
        .executableTarget(
            name: "feedd-parse-bench", dependencies: ["FeedParsing"], path: "Benchmarks/ParseBench",
            swiftSettings: strict),
        .executableTarget(
            name: "feedd-parse-fuzz", dependencies: ["FeedParsing"], path: "Benchmarks/ParseFuzz",
            swiftSettings: strict),
    ]
)
