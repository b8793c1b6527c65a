// swift-tools-version: 6.2
// feedd: an RSS/Atom feed aggregator daemon. The module graph follows DEVELOPERS.md's layering:
// feedd → FeedApp → FeedScheduling → {FeedFetching, FeedParsing, FeedStorage} → FeedModel,
// FeedParsing → FeedXML → CLibXML2, FeedFetching → CCurl, FeedStorage → CZstd,
// FeedStorage and FeedApp → CProcess (glibc calls Swift's Glibc module leaves out);
// FeedCrypto → CCrypto below FeedStorage, FeedScheduling, FeedApp and FeedTesting;
// FeedWebSub → {FeedFetching, FeedCrypto, FeedModel}, below the scheduler that wires it in (FeedScheduling/WebSub).
// FeedApp → FeedPostgres (the PostgreSQL FeedStore, on PostgresNIO) → FeedStorage.
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
        // `feedd run --listen`: /metrics through swift-metrics types backed by swift-prometheus, served by FlyingFox
        // (plain sockets and Swift concurrency, no SwiftNIO: the smallest build that serves three GET routes).
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        // The PostgreSQL backend (`database: postgresql://...`): a second FeedStore for stores shared by hosts.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // C shims: system libraries with prefixed static-inline wrappers (variadic calls, global variables).
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        // Zstandard: the store keeps each item's JSON compressed.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // OpenSSL 3's libcrypto (already linked through libcurl): SHA-256 and HMAC for FeedCrypto.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // glibc's process calls that Swift's Glibc module leaves out (pidfd, pipe2, closefrom in posix_spawn).
        .systemLibrary(name: "CProcess"),

        .target(name: "FeedModel", swiftSettings: strict),
        .target(name: "FeedCrypto", dependencies: ["CCrypto"], swiftSettings: strict),
        .target(name: "FeedXML", dependencies: ["CLibXML2"], swiftSettings: strict),
        // WebSub's subscriber side as pure pieces: discovery, requests, signatures, the callback's decisions.
        .target(name: "FeedWebSub", dependencies: ["FeedModel", "FeedCrypto", "FeedFetching"], swiftSettings: strict),
        .target(name: "FeedParsing", dependencies: ["FeedModel", "FeedXML"], swiftSettings: strict),
        .target(
            name: "FeedFetching",
            dependencies: ["FeedModel", "CCurl", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "FeedStorage",
            dependencies: [
                "FeedModel", "FeedCrypto", "CZstd", "CProcess", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // The PostgreSQL implementation of FeedStore, beside the SQLite one; FeedApp picks one by the database
        // string.
        .target(
            name: "FeedPostgres",
            dependencies: [
                "FeedModel", "FeedStorage", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "FeedScheduling",
            dependencies: [
                "FeedModel", "FeedCrypto", "FeedFetching", "FeedParsing", "FeedStorage", "FeedWebSub",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .target(
            name: "FeedApp",
            dependencies: [
                "FeedModel", "FeedCrypto", "FeedScheduling", "FeedFetching", "FeedParsing", "FeedStorage",
                "FeedPostgres", "FeedWebSub",
                "CProcess",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "feedd",
            dependencies: [
                "FeedApp", "FeedModel", "FeedStorage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // `make bench-fetch`: the fetcher alone over a URL list (Benchmarks/README.md).
        .executableTarget(
            name: "feedd-fetch-bench", dependencies: ["FeedFetching", "FeedModel"], path: "Benchmarks/FetchBench",
            swiftSettings: strict),

        // `make bench-schedule`: the real poll policy over 5,000 simulated feeds in virtual time.
        .executableTarget(
            name: "feedd-schedule-sim", dependencies: ["FeedScheduling", "FeedTesting"],
            path: "Benchmarks/ScheduleSimulation",
            swiftSettings: strict),

        // `make bench-websub`: the real daemon pushed to by the loopback WebSub hub (Benchmarks/README.md).
        .executableTarget(
            name: "feedd-websub-bench", dependencies: ["FeedModel", "FeedTesting"], path: "Benchmarks/WebSubBench",
            swiftSettings: strict),

        // `make bench-store`: the store's insert throughput on the shared corpus (Benchmarks/README.md).
        .executableTarget(
            name: "StoreBench",
            dependencies: ["FeedStorage", "FeedParsing", "FeedModel", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/StoreBench", swiftSettings: strict),

        // Test support: fixtures, a real loopback HTTP server, a manual clock.
        .target(
            name: "FeedTesting",
            dependencies: ["FeedModel", "FeedCrypto", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),

        .testTarget(name: "FeedModelTests", dependencies: ["FeedModel"], swiftSettings: strict),
        .testTarget(name: "FeedCryptoTests", dependencies: ["FeedCrypto"], swiftSettings: strict),
        .testTarget(
            name: "FeedWebSubTests",
            dependencies: ["FeedWebSub", "FeedCrypto", "FeedFetching", "FeedParsing", "FeedModel", "FeedTesting"],
            swiftSettings: strict),
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
            name: "FeedStorageTests",
            dependencies: [
                "FeedStorage", "FeedPostgres", "FeedModel", "FeedCrypto", "FeedTesting",
                .product(name: "Logging", package: "swift-log"), .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FeedPostgresTests",
            dependencies: [
                "FeedPostgres", "FeedStorage", "FeedModel", "FeedTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FeedSchedulingTests",
            dependencies: [
                "FeedScheduling", "FeedStorage", "FeedFetching", "FeedParsing", "FeedModel", "FeedTesting",
                "FeedPostgres", "FeedWebSub",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FeedAppTests",
            dependencies: [
                "FeedApp", "FeedModel", "FeedStorage", "FeedTesting", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "feeddTests", dependencies: ["FeedModel", "FeedCrypto", "FeedTesting"], swiftSettings: strict),

        // Parser benchmark (`make bench-parse`) and libFuzzer targets (`make fuzz`): FeedParsing only.
        .executableTarget(
            name: "feedd-parse-bench", dependencies: ["FeedParsing"], path: "Benchmarks/ParseBench",
            swiftSettings: strict),
        .target(name: "FuzzDriver", path: "Benchmarks/FuzzDriver", swiftSettings: strict),
        .executableTarget(
            name: "feedd-parse-fuzz", dependencies: ["FeedParsing", "FuzzDriver"], path: "Benchmarks/ParseFuzz",
            swiftSettings: strict),
        // The sanitizer's byte scan against its full path, on the same fragments (`make fuzz`).
        .executableTarget(
            name: "feedd-sanitize-fuzz", dependencies: ["FeedParsing", "FuzzDriver"],
            path: "Benchmarks/SanitizeFuzz", exclude: ["seeds", "html.dict"], swiftSettings: strict),
    ]
)
