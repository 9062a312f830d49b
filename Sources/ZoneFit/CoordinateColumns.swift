import Foundation
import GeoKit

/// Finds the longitude and latitude columns of a table (CSV, XLSX) by name.
enum CoordinateColumns {
    static let longitudeNames = ["lon", "lng", "long", "longitude", "x", "经度", "东经", "wgs84_lon", "gcj02_lon", "bd09_lon"]
    static let latitudeNames = ["lat", "latitude", "y", "纬度", "北纬", "wgs84_lat", "gcj02_lat", "bd09_lat"]

    /// The indexes of the x and y columns: the named ones, or the first
    /// columns whose names match the lists above (case and spaces ignored).
    static func find(in fields: [FieldDefinition], x: String?, y: String?, file: String) throws -> (x: Int, y: Int) {
        func index(named name: String) throws -> Int {
            guard let index = fields.firstIndex(where: { $0.name == name }) else {
                throw ZoneFitError(file: file, "has no column '\(name)' (columns: \(fields.map(\.name).joined(separator: ", ")))")
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
            throw ZoneFitError(file: file, "no coordinate columns: expected a longitude column (\(longitudeNames.prefix(6).joined(separator: ", "))) and a latitude column (\(latitudeNames.prefix(5).joined(separator: ", "))), or name them with --x and --y")
        }
        return (xIndex, yIndex)
    }
}

/// Reads a coordinate written in a table cell.
enum CoordinateText {
    enum Problem: Error { case missing, nonNumeric(String), notFinite(String) }

    /// Accepts ASCII or full-width digits and surrounding spaces; refuses
    /// empty cells, text, NaN and infinities.
    static func parse(_ value: FieldValue) throws(Problem) -> Double {
        switch value {
        case .null: throw .missing
        case .integer(let number): return Double(number)
        case .real(let number):
            guard number.isFinite else { throw .notFinite(String(number)) }
            return number
        case .boolean(let flag): throw .nonNumeric(String(flag))
        case .string(let raw):
            // Fast path: plain ASCII numbers, the common case on millions of rows.
            if let number = Double(raw) {
                guard number.isFinite else { throw .notFinite(raw) }
                return number
            }
            let text = String(raw.unicodeScalars.map { scalar -> Character in
                // Full-width digits, point and minus (U+FF10…U+FF19, U+FF0E, U+FF0D) → ASCII.
                switch scalar.value {
                case 0xFF10...0xFF19: return Character(UnicodeScalar(scalar.value - 0xFF10 + 0x30)!)
                case 0xFF0E: return "."
                case 0xFF0D: return "-"
                default: return Character(scalar)
                }
            }).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { throw .missing }
            guard let number = Double(text) else { throw .nonNumeric(raw) }
            guard number.isFinite else { throw .notFinite(raw) }
            return number
        }
    }
}
