import Foundation
import GeoKit

/// A small table of `diff`'s (its summary, its progress) written as CSV through
/// OGR, or as JSON when the file's name ends in .json: `{"<member>": [ {field: value, …}, … ]}`.
/// Into a file the caller publishes, with the run's other outputs.
enum SummaryTable {
    static func write(
        fields: [FieldDefinition], rows: [[FieldValue]], member: String, to file: AtomicOutput
    ) throws {
        if file.finalPath.lowercased().hasSuffix(".json") {
            func json(_ value: FieldValue) -> String {
                switch value {
                case .integer(let number): String(number)
                case .real(let number): JSONText.number(number)
                case .boolean(let flag): String(flag)
                case .string(let text): JSONText.string(text)
                default: "null"
                }
            }
            let items = rows.map { row in
                "{" + zip(fields, row).map { "\(JSONText.string($0.0.name)):\(json($0.1))" }.joined(separator: ",")
                    + "}"
            }
            try ("{\(JSONText.string(member)):[\n" + items.joined(separator: ",\n") + "\n]}\n").write(
                toFile: file.temporaryPath, atomically: false, encoding: .utf8)
            return
        }
        try CSVTable.write(rows, fields: fields, layer: member, to: file.temporaryPath)
    }
}
