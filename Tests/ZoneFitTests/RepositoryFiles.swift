import Foundation

/// Paths of the shipped data, found from this file's place in the repository.
enum RepositoryFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static var scheme: String { path("GeoData/chengdu/zones.toml") }
    static var noncoreProfile: String { path("GeoData/rules/noncore.toml") }
    static var parks: String { path("GeoData/chengdu/parks.geojson") }
}
