import Foundation
import GeoKit

/// Reads small reference tables (CSV or any OGR table) as text rows by column name.
enum TableReader {
    struct Row {
        let number: Int
        let values: [String: String]
        func value(_ column: String) -> String { values[column] ?? "" }
    }

    static func rows(_ path: String, required: [String]) throws -> [Row] {
        let source: VectorSource
        do {
            source = try VectorSource(path: path)
        } catch let error as GeoKitError {
            throw ZoneFitError(file: path, error.message)
        }
        let names = source.fields.map(\.name)
        for column in required where !names.contains(column) {
            throw ZoneFitError(file: path, "has no column '\(column)' (columns: \(names.joined(separator: ", ")))")
        }
        var rows: [Row] = []
        while let feature = try source.next() {
            let pairs = zip(names, feature.values.map { ($0.text ?? "").trimmingCharacters(in: .whitespaces) })
            rows.append(Row(number: feature.number, values: Dictionary(pairs, uniquingKeysWith: { first, _ in first })))
        }
        return rows
    }
}
