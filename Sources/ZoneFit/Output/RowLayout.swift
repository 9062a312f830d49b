import GeoKit

/// An output schema for a row type: each field is named once, with its type and
/// how its value is read from the row, so a field is added in one place and the
/// compiler checks what fills it.
struct RowLayout<Row>: Sendable {
    struct Column: Sendable {
        let field: FieldDefinition
        let value: @Sendable (Row) -> FieldValue

        static func text(_ name: String, _ read: @escaping @Sendable (Row) -> String?) -> Column {
            Column(field: FieldDefinition(name, .string)) { read($0).map(FieldValue.string) ?? .null }
        }

        static func real(_ name: String, _ read: @escaping @Sendable (Row) -> Double?) -> Column {
            Column(field: FieldDefinition(name, .real)) { read($0).map(FieldValue.real) ?? .null }
        }

        static func integer(_ name: String, _ read: @escaping @Sendable (Row) -> Int?) -> Column {
            Column(field: FieldDefinition(name, .integer)) { read($0).map { .integer(Int64($0)) } ?? .null }
        }

        static func flag(_ name: String, _ read: @escaping @Sendable (Row) -> Bool?) -> Column {
            Column(field: FieldDefinition(name, .boolean)) { read($0).map(FieldValue.boolean) ?? .null }
        }
    }

    let columns: [Column]

    var fields: [FieldDefinition] { columns.map(\.field) }

    func values(_ row: Row) -> [FieldValue] { columns.map { $0.value(row) } }
}
