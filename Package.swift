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
                .product(name: "Mustache", package: "swift-mustache"),
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
        .executableTarget(
            name: "gongkai",
            dependencies: [
                "GongkaiKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "GongkaiKitTests",
            dependencies: ["GongkaiKit", "GongkaiCore", "GongkaiDisclosed", "GongkaiRender",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
