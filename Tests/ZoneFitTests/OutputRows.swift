import GeoKit

@testable import ZoneFit

/// An output read back through GDAL, each value as zonefit's CSV writes it (booleans 1 and 0,
/// reals as `%.15g`): a CSV output's `.csvt` makes GDAL read its columns typed.
enum OutputRows {
    static func read(_ path: String) throws -> (fields: [String], rows: [[String: String]]) {
        let source = try VectorSource(path: path)
        var rows: [[String: String]] = []
        while let feature = try source.next() {
            let texts = feature.values.map { value -> String in
                switch value {
                case .null: ""
                case .string(let text): text
                default: RowWriter.csvText(value)
                }
            }
            rows.append(Dictionary(uniqueKeysWithValues: zip(source.fields.map(\.name), texts)))
        }
        return (source.fields.map(\.name), rows)
    }
}
