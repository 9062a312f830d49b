import Foundation
import GeoKit

/// Which input column holds each register field, and the factor that turns
/// its values into the rules' unit (`用地面积（亩）` × 666.67 → m²), with the
/// lines a run prints about it: one per field found, one naming the fields
/// without a column, and a warning for each column that looks like a field
/// but was not used.
struct FieldMapping: Sendable {
    struct Column: Sendable {
        var index: Int
        var factor: Double
    }

    private(set) var columns: [FirmField: Column] = [:]
    private(set) var lines: [String] = []
    private(set) var warnings: [String] = []

    /// An empty mapping: no field has a column.
    init() {}

    /// Throws for a column named for a field (`FieldNames.mapping`) that the input lacks, and for a unit zonefit
    /// does not convert.
    init(fields: [FieldDefinition], names: FieldNames) throws {
        let headers = fields.map { HeaderName($0.name) }
        var used = Set<Int>()
        var missing: [String] = []
        for field in FirmField.allCases {
            let wanted = names.headers(field)
            let found: Int?
            if names.isMapped(field) {
                guard let index = fields.firstIndex(where: { $0.name == wanted[0] }) else {
                    throw ZoneFitError(
                        "no column '\(wanted[0])', named to hold \(field.key) (columns: "
                            + fields.map(\.name).joined(separator: ", ") + ")", setting: .fieldMap)
                }
                found = index
            } else {
                found = HeaderName.column(named: wanted, in: headers, taken: used)
            }
            guard let index = found else {
                missing.append(field.key)
                continue
            }
            used.insert(index)
            let header = fields[index].name
            var factor = 1.0
            var line = "field \(field.key) ← \(header)"
            if let unit = FieldUnit(field), let given = headers[index].unit {
                guard let known = unit.factor(from: given) else {
                    throw ZoneFitError(
                        "column '\(header)' (\(field.key)): unit '\(given)' is not one zonefit converts to \(unit.symbol) "
                            + "(" + unit.factors.map(\.key).joined(separator: ", ") + ")")
                }
                factor = known
                if known != 1 { line += " (× \(String(format: "%.4g", known)) → \(unit.symbol))" }
            }
            columns[field] = Column(index: index, factor: factor)
            lines.append(line)
        }
        if !missing.isEmpty { lines.append("fields without a column (no data): " + missing.joined(separator: ", ")) }
        // A column left over whose name shares its base with a field's header: a second land column, say.
        for (index, header) in headers.enumerated() where !used.contains(index) {
            guard
                let field = FirmField.allCases.first(where: { field in
                    names.headers(field).contains { HeaderName($0).base == header.base }
                })
            else { continue }
            let taken = columns[field].map { " (\(field.key) ← \(fields[$0.index].name))" } ?? ""
            warnings.append(
                "warning: column '\(fields[index].name)' looks like \(field.key) but is not used\(taken)")
        }
    }
}
