import Foundation
import GeoKit

/// Finds a table's header below title rows, as bureaus' Excel sheets have
/// them ("成都市市场主体名录（2026年11月）" merged across the columns, a units line,
/// then the header). OGR takes the first row for the header or, when it holds
/// only text like the rows below it, none (Field1, Field2 …); either way the
/// header OGR found then has at most one real name, and the sheet is read again
/// without a header, the header row being the first that looks like one.
enum HeaderRow {
    /// How many of the first rows are searched.
    static let searchedRows = 20

    /// Whether OGR's field names say it took no real header: two or more columns, at most one name that is
    /// not generic (`Field3`, `field_3`, or empty as a CSV's first line leaves it).
    static func looksLikeTitle(_ names: [String]) -> Bool {
        names.count >= 2 && names.filter { !isGeneric($0) }.count <= 1
    }

    private static func isGeneric(_ name: String) -> Bool {
        let lowered = name.lowercased().trimmingCharacters(in: .whitespaces)
        if lowered.isEmpty { return true }
        let digits = lowered.drop { !$0.isNumber }
        return ["field", "field_"].contains(lowered.prefix(lowered.count - digits.count)) && !digits.isEmpty
            && digits.allSatisfy(\.isNumber)
    }

    /// The open options that read a table's rows with no header row, every cell as text.
    static func openOptions(driver: String) -> GDALOptions {
        driver == "CSV" ? ["HEADERS=NO", "AUTODETECT_TYPE=NO"] : ["HEADERS=DISABLE", "FIELD_TYPES=STRING"]
    }

    /// The header among `rows` (the first rows' cells as text; 1-based): the first row with two or more
    /// cells filled, none of them a number, and at least half as many filled as the fullest row.
    static func find(in rows: [[String?]]) -> Int? {
        func filled(_ row: [String?]) -> [String] {
            row.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let widest = rows.map { filled($0).count }.max() ?? 0
        return rows.firstIndex { row in
            let cells = filled(row)
            return cells.count >= 2 && 2 * cells.count >= widest && cells.allSatisfy { Double($0) == nil }
        }.map { $0 + 1 }
    }

    /// The field names of a header row: its cells, an empty one named `field_N` as OGR names it.
    static func names(_ row: [String?]) -> [String] {
        row.enumerated().map { index, cell in
            let name = cell?.trimmingCharacters(in: .whitespaces) ?? ""
            return name.isEmpty ? "field_\(index + 1)" : name
        }
    }
}
