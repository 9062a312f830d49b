// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "zonefit",
    products: [
        .executable(name: "zonefit", targets: ["zonefit"]),
        .library(name: "ZoneFit", targets: ["ZoneFit"]),
        .library(name: "GeoKit", targets: ["GeoKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // System libraries from Debian's libgdal-dev / libgeos-dev, found by pkg-config.
        .systemLibrary(
            name: "CGDAL", pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(
            name: "CGEOS", pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]),
        // SQLite from Debian's libsqlite3-dev, for the GeoPackage writer.
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        // libpq from Debian's libpq-dev, for loading PostgreSQL tables with COPY.
        .systemLibrary(
            name: "CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        // The only target that touches C pointers.
        .target(name: "GeoKit", dependencies: ["CGDAL", "CGEOS", "CSQLite", "CLibPQ"]),
        // The domain: no C types in its API.
        .target(
            name: "ZoneFit",
            dependencies: [
                "GeoKit",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The command-line interface: one file per subcommand, no domain logic.
        .executableTarget(
            name: "zonefit",
            dependencies: [
                "ZoneFit", "GeoKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // What the test targets share: running GDAL's tools on what zonefit wrote.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit", "TestSupport"]),
        .testTarget(name: "ZoneFitTests", dependencies: ["ZoneFit", "GeoKit"]),
        // Runs the built `zonefit` binary on small real files and parses what it writes.
        .testTarget(
            name: "CLITests", dependencies: ["zonefit", "GeoKit", "TestSupport"],
            resources: [.copy("Fixtures")]),
    ]
)
