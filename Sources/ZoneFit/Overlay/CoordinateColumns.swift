import Foundation
import GeoKit

/// Finds the longitude and latitude columns of a table (CSV, XLSX) by name,
/// headers folded as `HeaderName` folds them (`经度（°）` is `经度`). Columns
/// named after a Chinese web map (`lng_gcj02`, `百度经度`, `bd_lng`) also say
/// the datum their coordinates are in. Without two such columns, one column
/// may hold both as "lon,lat" (Amap's `location`, in GCJ-02).
enum CoordinateColumns {
    /// What was found: the two columns (one, twice, for a pair column), and the datum their names imply (nil: none).
    struct Found: Equatable {
        var x: Int
        var y: Int
        var datum: ChinaDatum?
        var isPair = false

        /// How the rows give their coordinates.
        var source: CoordinateSource { isPair ? .pair(x) : .columns(x: x, y: y) }
    }

    static let longitudeNames = [
        "lon", "lng", "long", "longitude", "x", "经度", "东经", "wgs84_lon", "wgs84_lng", "lon_wgs84", "lng_wgs84",
    ]
    static let latitudeNames = ["lat", "latitude", "y", "纬度", "北纬", "wgs84_lat", "lat_wgs84"]
    /// Web-map columns by datum: Amap and Tencent give GCJ-02, Baidu BD-09.
    static let datumNames: [(datum: ChinaDatum, longitude: [String], latitude: [String])] = [
        (
            .gcj02, ["gcj02_lon", "gcj02_lng", "lon_gcj02", "lng_gcj02", "gcj_lng", "gcj_lon", "高德经度", "腾讯经度"],
            ["gcj02_lat", "lat_gcj02", "gcj_lat", "高德纬度", "腾讯纬度"]
        ),
        (
            .bd09, ["bd09_lon", "bd09_lng", "lon_bd09", "lng_bd09", "bd_lng", "bd_lon", "百度经度"],
            ["bd09_lat", "lat_bd09", "bd_lat", "百度纬度"]
        ),
    ]

    /// Columns that hold "lon,lat" in one cell, by datum (nil: none said).
    static let pairNames: [(datum: ChinaDatum?, names: [String])] = [
        (.gcj02, ["location", "高德坐标", "gcj02_location"]), (.bd09, ["百度坐标", "bd09_location"]),
        (nil, ["经纬度", "坐标", "lnglat", "lonlat", "lng_lat", "lon_lat"]),
    ]

    /// The x and y columns: the named ones, or the first columns whose names match the lists above.
    static func find(in fields: [FieldDefinition], x: String?, y: String?, file: String) throws -> Found {
        func index(named name: String) throws -> Int {
            guard let index = fields.firstIndex(where: { $0.name == name }) else {
                throw ZoneFitError(
                    file: file, "has no column '\(name)' (columns: \(fields.map(\.name).joined(separator: ", ")))")
            }
            return index
        }
        let folded = fields.map { HeaderName($0.name).base }
        func guess(_ names: [String]) -> Int? { names.lazy.compactMap { folded.firstIndex(of: $0) }.first }
        if let x, let y { return Found(x: try index(named: x), y: try index(named: y)) }
        if let xIndex = guess(longitudeNames), let yIndex = guess(latitudeNames) {
            return Found(x: xIndex, y: yIndex)
        }
        for names in datumNames {
            if let xIndex = guess(names.longitude), let yIndex = guess(names.latitude) {
                return Found(x: xIndex, y: yIndex, datum: names.datum)
            }
        }
        for (datum, names) in pairNames {
            if let index = guess(names) { return Found(x: index, y: index, datum: datum, isPair: true) }
        }
        throw ZoneFitError(
            file: file,
            "no coordinate columns: expected a longitude column (\(longitudeNames.prefix(6).joined(separator: ", "))) "
                + "and a latitude column (\(latitudeNames.prefix(5).joined(separator: ", "))), or name the two columns "
                + "(columns: \(fields.map(\.name).joined(separator: ", ")))",
            setting: .coordinateColumns)
    }
}
