import Foundation
import GeoKit

/// Finds the longitude and latitude columns of a table (CSV, XLSX) by name.
enum CoordinateColumns {
    static let longitudeNames = [
        "lon", "lng", "long", "longitude", "x", "经度", "东经", "wgs84_lon", "gcj02_lon", "bd09_lon",
    ]
    static let latitudeNames = ["lat", "latitude", "y", "纬度", "北纬", "wgs84_lat", "gcj02_lat", "bd09_lat"]

    /// The indexes of the x and y columns: the named ones, or the first
    /// columns whose names match the lists above (case and spaces ignored).
    static func find(in fields: [FieldDefinition], x: String?, y: String?, file: String) throws -> (x: Int, y: Int) {
        func index(named name: String) throws -> Int {
            guard let index = fields.firstIndex(where: { $0.name == name }) else {
                throw ZoneFitError(
                    file: file, "has no column '\(name)' (columns: \(fields.map(\.name).joined(separator: ", ")))")
            }
            return index
        }
        func guess(_ names: [String]) -> Int? {
            let normalised = fields.map { $0.name.lowercased().filter { !$0.isWhitespace } }
            for name in names { if let index = normalised.firstIndex(of: name) { return index } }
            return nil
        }
        let xIndex = try x.map(index(named:)) ?? guess(longitudeNames)
        let yIndex = try y.map(index(named:)) ?? guess(latitudeNames)
        guard let xIndex, let yIndex else {
            throw ZoneFitError(
                file: file,
                "no coordinate columns: expected a longitude column (\(longitudeNames.prefix(6).joined(separator: ", "))) and a latitude column (\(latitudeNames.prefix(5).joined(separator: ", "))), or name the two columns",
                setting: .coordinateColumns)
        }
        return (xIndex, yIndex)
    }
}
