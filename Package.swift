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
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // Pure domain: territory, units, cases, lifecycle, legal clock, access policy. Foundation only.
        .target(name: "HuiyinCore"),
        // Storage protocol, personal-data vault, default data, SQLite (GRDB) implementation.
        .target(
            name: "HuiyinStore",
            dependencies: [
                "HuiyinCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")]
        ),
        // Application services: orchestrate core decisions and store writes; shared by HTTP, CLI and demo.
        .target(
            name: "HuiyinService",
            dependencies: [
                "HuiyinCore",
                "HuiyinStore",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        // Demo city and synthetic case history, generated through the real lifecycle.
        .target(name: "HuiyinDemo", dependencies: ["HuiyinCore", "HuiyinStore", "HuiyinService"]),
        // HTTP: JSON API, auth.
        .target(
            name: "HuiyinServer",
            dependencies: [
                "HuiyinCore",
                "HuiyinStore",
                "HuiyinService",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "huiyin",
            dependencies: [
                "HuiyinCore",
                "HuiyinStore",
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
                "HuiyinCore", "HuiyinStore", "HuiyinService", "HuiyinDemo",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/HuiyinTestSupport"
        ),
        .testTarget(name: "HuiyinCoreTests", dependencies: ["HuiyinCore"]),
        .testTarget(
            name: "HuiyinStoreTests",
            dependencies: ["HuiyinCore", "HuiyinStore", "HuiyinService", "HuiyinDemo", "HuiyinTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")]),
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
