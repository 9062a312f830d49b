import GeoKit

/// A Shapefile's DBF field names: at most 10 bytes in the file's encoding, cut
/// on a character boundary (GDAL cuts bytes, which can split a Chinese
/// character), unique without regard to case, with a `_N` suffix where two
/// cut names meet.
struct ShapefileFields {
    static let maxNameBytes = 10
    /// The longest text a DBF character field holds.
    static let maxTextBytes = 254

    /// The output's fields in order, and the DBF name of each.
    let fields: [FieldDefinition]
    let names: [String]

    init(_ fields: [FieldDefinition], encoding: ShapefileOptions.Encoding) {
        self.fields = fields
        var taken = Set<String>()
        names = fields.map { field in
            var name = Self.prefix(field.name[...], bytes: Self.maxNameBytes, encoding)
            var suffix = 1
            while taken.contains(name.lowercased()) || name.isEmpty {
                let tail = "_\(suffix)"
                name = Self.prefix(field.name[...], bytes: Self.maxNameBytes - tail.utf8.count, encoding) + tail
                suffix += 1
            }
            taken.insert(name.lowercased())
            return name
        }
    }

    /// The longest run of whole characters from the start of `text` within `bytes` bytes.
    static func prefix(_ text: Substring, bytes: Int, _ encoding: ShapefileOptions.Encoding) -> String {
        var end = text.startIndex
        var used = 0
        while end < text.endIndex {
            let next = text.index(after: end)
            let size = encoding.byteCount(text[end..<next])
            guard used + size <= bytes else { break }
            used += size
            end = next
        }
        return String(text[..<end])
    }

    /// The fields with their DBF names.
    var renamed: [FieldDefinition] { zip(fields, names).map { FieldDefinition($1, $0.type) } }

    /// "name → 名称" for each field whose name had to change.
    var changes: [String] {
        zip(fields, names).filter { $0.name != $1 }.map { "\($0.name) → \($1)" }
    }

    /// The mapping as CSV (field, shapefile_field), one row per field, for the file beside the output.
    var mappingCSV: String {
        "\u{FEFF}field,shapefile_field\n"
            + zip(fields, names).map { CSVScanner.quoted($0.name) + "," + CSVScanner.quoted($1) + "\n" }.joined()
    }
}
