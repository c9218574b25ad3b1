// swift-tools-version: 6.1
import PackageDescription

// The pipeline is split so that the compiler enforces the disclosure wall:
// GongkaiRender can only see GongkaiDisclosed (the public view), never the
// source model in GongkaiKit, so a template cannot reach a withheld item.
let package = Package(
    name: "gongkai",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gongkai", targets: ["gongkai"]),
        .library(name: "GongkaiKit", targets: ["GongkaiKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // `gongkai serve` only; swift-configuration support is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Shared value types: diagnostics, numbers, money, target values, grades, file system seam, Markdown.
        .target(name: "GongkaiCore", dependencies: ["CCmark"]),
        // 公开视图 — the disclosed view: the only types the renderer may see.
        .target(name: "GongkaiDisclosed", dependencies: ["GongkaiCore"]),
        // Render stage: disclosed view + theme → output files.
        .target(
            name: "GongkaiRender",
            dependencies: [
                "GongkaiCore", "GongkaiDisclosed",
            ]
        ),
        // The engine: source model, load → validate → disclose → render → write.
        .target(
            name: "GongkaiKit",
            dependencies: [
                "GongkaiCore", "GongkaiDisclosed", "GongkaiRender",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // 预览 — `gongkai serve`: build into a private folder, serve it on loopback, rebuild on change.
        .target(
            name: "GongkaiServe",
            dependencies: [
                "GongkaiKit", "GongkaiCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "gongkai",
            dependencies: [
                "GongkaiKit", "GongkaiServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "GongkaiKitTests",
            dependencies: ["GongkaiKit", "GongkaiCore", "GongkaiDisclosed", "GongkaiRender",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                           // The reference the template renderer is compared with (TemplateTests).
                           .product(name: "Mustache", package: "swift-mustache")]
        ),
        .testTarget(
            name: "GongkaiServeTests",
            dependencies: ["GongkaiServe", "GongkaiKit", "GongkaiCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
