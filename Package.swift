// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "Huiyin",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "huiyin", targets: ["huiyin"]),
        .library(name: "HuiyinCore", targets: ["HuiyinCore"]),
        .library(name: "HuiyinStore", targets: ["HuiyinStore"]),
        .library(name: "HuiyinServer", targets: ["HuiyinServer"]),
        .library(name: "HuiyinInsight", targets: ["HuiyinInsight"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure domain: territory, units, cases, lifecycle, legal clock, access policy. Foundation only.
        .target(name: "HuiyinCore"),
        // Chinese text models, no I/O and no model files: classifier, similarity (MinHash/LSH), hot clusters.
        .target(name: "HuiyinInsight", dependencies: ["HuiyinCore"]),
        // Storage protocol, personal-data vault, default data, SQLite (GRDB) implementation.
        .target(
            name: "HuiyinStore",
            dependencies: [
                "HuiyinCore",
                "HuiyinInsight",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")]
        ),
        // PostgreSQL implementation of the store, for several app nodes on one database (PostgresNIO).
        .target(
            name: "HuiyinPostgres",
            dependencies: [
                "HuiyinCore",
                "HuiyinStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Application services: orchestrate core decisions and store writes; shared by HTTP, CLI and demo.
        .target(
            name: "HuiyinService",
            dependencies: [
                "HuiyinCore",
                "HuiyinStore",
                "HuiyinPostgres",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Demo city and synthetic case history, generated through the real lifecycle.
        .target(name: "HuiyinDemo", dependencies: ["HuiyinCore", "HuiyinStore", "HuiyinService"]),
        // HTTP: JSON API, auth, and the web pages (staff workbench under /staff, public portal at /).
        .target(
            name: "HuiyinServer",
            dependencies: [
                "HuiyinCore",
                "HuiyinStore",
                "HuiyinService",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Web/Templates"), .copy("Web/Assets"), .copy("OpenAPI/openapi.json")]
        ),
        .executableTarget(
            name: "huiyin",
            dependencies: [
                "HuiyinCore",
                "HuiyinStore",
                "HuiyinPostgres",
                "HuiyinService",
                "HuiyinDemo",
                "HuiyinServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared by the test targets: temporary databases with the demo city, a movable clock, HTTP helpers.
        .target(
            name: "HuiyinTestSupport",
            dependencies: [
                "HuiyinCore", "HuiyinStore", "HuiyinService", "HuiyinDemo", "HuiyinPostgres", "HuiyinInsight",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/HuiyinTestSupport"
        ),
        .testTarget(name: "HuiyinCoreTests", dependencies: ["HuiyinCore"]),
        .testTarget(name: "HuiyinInsightTests", dependencies: ["HuiyinInsight", "HuiyinTestSupport"]),
        .testTarget(
            name: "HuiyinStoreTests",
            dependencies: ["HuiyinCore", "HuiyinStore", "HuiyinService", "HuiyinDemo", "HuiyinTestSupport", "HuiyinInsight",
                           .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "HuiyinServerTests",
            dependencies: [
                "HuiyinCore",
                "HuiyinStore",
                "HuiyinService",
                "HuiyinDemo",
                "HuiyinServer",
                "HuiyinTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        // Runs the real `huiyin` executable: CLI output, restart and crash durability over HTTP.
        .testTarget(
            name: "HuiyinCLITests",
            dependencies: [
                "huiyin",
                "HuiyinTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
