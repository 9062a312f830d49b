import Foundation
import GeoKit

/// Formats the output bytes of placed CSV records for the streaming path:
/// CSV rows (the input record's own bytes where it is regular, else its fields
/// re-quoted), GeoJSON features, GeoPackage rows (a `GeoPackageTape`) or
/// PostgreSQL COPY rows (`PostgresRowFormat`), each followed by zonefit's
/// fields, whose bytes are made once per cell, not once per row.
struct RowWriter: Sendable {
    private let format: OutputFormat
    private let headerCount: Int
    /// The schema's fields after the analyses' (snapping, WGS84 lon/lat).
    private let trailing: RowLayout<PlacementFields>
    /// Per cell: the assignment fields as CSV (",adcode,…,is_core"), as JSON members or on a tape.
    private let assignments: JoinedBytes
    /// The input fields' JSON keys, each with the comma before it (none before the first) and
    /// its colon: "\"name\":"; then the keys of the fields after the assignment, with their colon.
    private let memberPrefixes: JoinedBytes
    private let addedKeys: JoinedBytes
    /// The input columns' types (see `ColumnTypes`): a typed cell is written as a JSON number or boolean.
    private let inputTypes: [FieldType]
    /// The types of the fields after the assignment (the analyses', then `trailing`).
    private let addedTypes: [FieldType]

    init(layer: ZoneLayer, header: [String], schema: OverlaySchema, format: OutputFormat) {
        self.format = format
        self.headerCount = header.count
        self.trailing = schema.trailing
        inputTypes = schema.fields.prefix(header.count).map(\.type)
        let keys = GeoJSONWriter.keys(schema.fields).map { Array(($0 + ":").utf8) }
        memberPrefixes = JoinedBytes(
            keys.prefix(header.count).enumerated().map { ($0.offset > 0 ? [UInt8(ascii: ",")] : []) + $0.element })
        let assignmentEnd = header.count + OverlaySchema.assignmentFields.count
        addedKeys = JoinedBytes(Array(keys[assignmentEnd...]))
        let assignmentKeys = keys[header.count..<assignmentEnd]
        let assignmentTypes = schema.fields[header.count..<assignmentEnd].map(\.type)
        addedTypes = schema.fields[assignmentEnd...].map(\.type)
        assignments = JoinedBytes(
            layer.cells.indices.map { cell in
                let values = Assignment.layout.values(Assignment(cell: cell, in: layer))
                switch format {
                case .csv: return Array(values.map { "," + Self.csvText($0) }.joined().utf8)
                case .geopackage:
                    let tape = ByteBuffer(capacity: 256)
                    for (value, type) in zip(values, assignmentTypes) {
                        GeoPackageTape.append(value, as: type, to: tape)
                    }
                    return tape.withUnsafeBytes { Array($0) }
                case .postgreSQL:
                    let row = ByteBuffer(capacity: 256)
                    for (value, type) in zip(values, assignmentTypes) {
                        row.append(Self.tab)
                        PostgresCopyText.append(value, as: type, to: row)
                    }
                    return row.withUnsafeBytes { Array($0) }
                default: break
                }
                return Array(
                    zip(assignmentKeys, values).map { "," + String(decoding: $0, as: UTF8.self) + JSONText.value($1) }
                        .joined().utf8)
            })
    }

    /// A value as OGR's CSV writer prints it (booleans as 1 and 0, reals with 15 significant digits).
    static func csvText(_ value: FieldValue) -> String {
        switch value {
        case .boolean(let flag): return flag ? "1" : "0"
        case .real(let number): return printed(number)
        default: return CSVScanner.quoted(value.text ?? "")
        }
    }

    /// Each value after a comma, read in place (iterating the array copied each value).
    static func appendCSV(fields values: [FieldValue], to out: ByteBuffer) {
        values.withUnsafeBufferPointer { values in
            for index in values.indices {
                out.append(UInt8(ascii: ","))
                appendCSV(values[index], to: out)
            }
        }
    }

    /// `csvText(value)` written straight into the row's buffer: empty, a flag or a text
    /// (quoted as `CSVScanner.quoted` quotes it) without making a String.
    static func appendCSV(_ value: FieldValue, to out: ByteBuffer) {
        switch value {
        case .null: break
        case .boolean(let flag): out.append(UInt8(ascii: flag ? "1" : "0"))
        case .string(let text):
            // Read in place: a copy of the text to call `withUTF8` on costs a retain and a release.
            let written: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
                let bytes = UnsafeRawBufferPointer(utf8)
                guard CSVScanner.needsQuotes(bytes) else { return out.append(bytes) }
                // Each quote ends one run and starts the next, so it is written twice.
                out.append(UInt8(ascii: "\""))
                var run = 0
                while run < bytes.count, let found = memchr(bytes.baseAddress! + run, 34, bytes.count - run) {
                    let quote = UnsafeRawPointer(found) - bytes.baseAddress!
                    out.append(UnsafeRawBufferPointer(rebasing: bytes[run...quote]))
                    out.append(UInt8(ascii: "\""))
                    run = quote + 1
                }
                out.append(UnsafeRawBufferPointer(rebasing: bytes[run...]))
                out.append(UInt8(ascii: "\""))
            }
            if written == nil { out.append(CSVScanner.quoted(text)) }
        case .integer(let number): out.append(decimal: number)
        case .real(let number) where number == number.rounded(.towardZero) && abs(number) < 1e15 && number != 0:
            out.append(decimal: Int64(number))  // as `shortestAsPrinted` writes a whole number
        default: out.append(csvText(value))
        }
    }

    /// `%.15g` through the C library: Foundation's `String(format:)` builds an NSString each time.
    private static func printed(_ number: Double) -> String {
        if let shortest = shortestAsPrinted(number) { return shortest }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer in
            let count = withVaList([number]) { vsnprintf(buffer.baseAddress, 40, "%.15g", $0) }
            return String(
                decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(max(0, min(count, 39)))),
                as: UTF8.self)
        }
    }

    /// `%.15g` of the commonest reals (whole numbers, and decimals of at most 15 significant
    /// digits between 1e-4 and 1e15) without the C library: there the shortest digits that read
    /// back as the number are exactly what `%.15g` prints. nil for anything else.
    static func shortestAsPrinted(_ number: Double) -> String? {
        let size = abs(number)
        guard size < 1e15 else { return nil }
        if number == number.rounded(.towardZero) {
            return number == 0 && number.sign == .minus ? "-0" : String(Int64(number))
        }
        guard size >= 1e-4 else { return nil }
        let text = number.description
        var digits = 0
        var leading = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0") where leading: continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                leading = false
                digits += 1
            case UInt8(ascii: "."), UInt8(ascii: "-"): continue
            default: return nil  // an exponent
            }
        }
        return digits <= 15 ? text : nil
    }

    /// Room to reserve for the rows of `count` input bytes: a GeoJSON feature spells out every key.
    func outputSize(forInput count: Int) -> Int {
        switch format {
        case .csv: count + count / 2
        case .geopackage, .postgreSQL: count * 2
        default: count * 4
        }
    }

    /// `utf8`: the record is known to be valid UTF-8 (else it is checked here).
    /// `added`: the analyses' values, written after the assignment.
    /// `copy`: this thread's layout of a PostgreSQL output's rows.
    func append(
        _ bytes: UnsafeRawBufferPointer, _ record: Range<Int>, _ fields: CSVScanner.Fields, utf8: Bool, number: Int,
        cell: Int, added: [FieldValue], lon: Double, lat: Double, snapped: Double?, first: Bool,
        copy: PostgresRowFormat?, to out: ByteBuffer
    ) throws {
        let placement =
            trailing.columns.isEmpty ? [] : trailing.values(.point(lon: lon, lat: lat, snappedMetres: snapped))
        let regular = !fields.irregular && (utf8 || CSVScanner.isUTF8(UnsafeRawBufferPointer(rebasing: bytes[record])))
        switch format {
        case .csv:
            if regular && fields.count == headerCount {
                out.append(UnsafeRawBufferPointer(rebasing: bytes[record]))
            } else {
                let texts = CSVFastPath.padded(CSVFastPath.texts(bytes, record, fields), headerCount)
                out.append(texts.map(CSVScanner.quoted).joined(separator: ","))
            }
            out.append(assignments[cell])
            Self.appendCSV(fields: added, to: out)
            Self.appendCSV(fields: placement, to: out)
            out.append(UInt8(ascii: "\n"))
        case .geopackage:
            GeoPackageTape.beginRow(fid: Int64(number), x: lon, y: lat, to: out)
            forEachCell(bytes, record, fields, regular: regular) { index, cell in
                guard let cell else { return GeoPackageTape.appendNull(to: out) }
                Self.appendTape(cell, inputTypes[index], to: out)
            }
            out.append(assignments[cell])
            for (offset, value) in (added + placement).enumerated() {
                GeoPackageTape.append(value, as: addedTypes[offset], to: out)
            }
        case .postgreSQL:
            guard let copy else { preconditionFailure("a PostgreSQL output's rows need its PostgresRowFormat") }
            if copy.keepsIDs {
                out.append(decimal: Int64(number))
                out.append(Self.tab)
            }
            forEachCell(bytes, record, fields, regular: regular) { index, cell in
                if index > 0 { out.append(Self.tab) }
                guard let cell else { return out.append(PostgresCopyText.null) }
                Self.appendCopy(cell, inputTypes[index], to: out)
            }
            out.append(assignments[cell])
            for (offset, value) in (added + placement).enumerated() {
                out.append(Self.tab)
                PostgresCopyText.append(value, as: addedTypes[offset], to: out)
            }
            out.append(Self.tab)
            try copy.appendPoint(lon: lon, lat: lat, to: out)
            out.append(UInt8(ascii: "\n"))
        default:
            if format == .geojson && !first { out.append(Self.featureSeparator) }
            out.append(Self.featureStart)
            out.append(String(number))
            out.append(Self.propertiesStart)
            forEachCell(bytes, record, fields, regular: regular) { index, cell in
                out.append(memberPrefixes[index])
                guard let cell else { return out.append(Self.null) }
                switch inputTypes[index] {
                case .string: Self.appendJSONString(cell, to: out)
                // Checked before the row is written (`ColumnTypes.misfit`): JSON's own number syntax.
                case .integer, .real: cell.isEmpty ? out.append(Self.null) : out.append(cell)
                case .boolean:
                    out.append(cell.isEmpty ? "null" : (cell[0] | 0x20) == UInt8(ascii: "t") ? "true" : "false")
                }
            }
            out.append(assignments[cell])
            for (offset, value) in (added + placement).enumerated() {
                out.append(UInt8(ascii: ","))
                out.append(addedKeys[offset])
                out.append(JSONText.value(value))
            }
            out.append(Self.geometryStart)
            GeoJSONWriter.appendPoint(x: lon, y: lat, to: out)
            out.append(UInt8(ascii: "}"))
            if format == .geojsonSeq { out.append(UInt8(ascii: "\n")) }
        }
    }

    /// Each input cell of the record in header order, as valid UTF-8 bytes without CSV's quoting:
    /// read in place where the record is regular and the cell unquoted, else from its text; nil
    /// for the cells a short record lacks.
    private func forEachCell(
        _ bytes: UnsafeRawBufferPointer, _ record: Range<Int>, _ fields: CSVScanner.Fields, regular: Bool,
        _ body: (Int, UnsafeRawBufferPointer?) -> Void
    ) {
        let texts = regular ? nil : CSVFastPath.texts(bytes, record, fields)
        for index in 0..<headerCount {
            if let texts {
                guard index < texts.count else {
                    body(index, nil)
                    continue
                }
                var text = texts[index]
                text.withUTF8 { body(index, UnsafeRawBufferPointer($0)) }
            } else if index >= fields.count {
                body(index, nil)
            } else if fields.isEscaped(index) {
                var text = CSVScanner.text(bytes, fields, index)
                text.withUTF8 { body(index, UnsafeRawBufferPointer($0)) }
            } else {
                body(index, UnsafeRawBufferPointer(rebasing: bytes[fields[index]]))
            }
        }
    }

    /// A cell as a value of its column's type on a GeoPackage tape (it fits: see `ColumnTypes.misfit`):
    /// the common integers and decimals read without a String.
    static func appendTape(_ cell: UnsafeRawBufferPointer, _ type: FieldType, to out: ByteBuffer) {
        switch type {
        case .string: GeoPackageTape.append(text: cell, to: out)
        case _ where cell.isEmpty: GeoPackageTape.appendNull(to: out)
        case .integer:
            if let number = DecimalText.integer(cell) ?? Int64(String(decoding: cell, as: UTF8.self)) {
                GeoPackageTape.append(integer: number, to: out)
            } else {
                GeoPackageTape.append(text: cell, to: out)  // never lost, though `misfit` lets none through
            }
        case .real:
            if let number = DecimalText.parse(cell) ?? Double(String(decoding: cell, as: UTF8.self)) {
                GeoPackageTape.append(real: number, to: out)
            } else {
                GeoPackageTape.append(text: cell, to: out)
            }
        case .boolean: GeoPackageTape.append(integer: (cell[0] | 0x20) == UInt8(ascii: "t") ? 1 : 0, to: out)
        }
    }

    /// A cell as a COPY value of its column's type (it fits: see `ColumnTypes.misfit`); PostgreSQL reads
    /// JSON's number syntax and booleans in any case, so a typed cell goes as it is.
    static func appendCopy(_ cell: UnsafeRawBufferPointer, _ type: FieldType, to out: ByteBuffer) {
        switch type {
        case .string: PostgresCopyText.appendText(cell, to: out)
        case _ where cell.isEmpty: out.append(PostgresCopyText.null)
        case .integer, .real: out.append(cell)
        case .boolean: out.append(UInt8(ascii: (cell[0] | 0x20) == UInt8(ascii: "t") ? "t" : "f"))
        }
    }

    /// Valid UTF-8 bytes as a JSON string: runs that need no escape are copied whole.
    static func appendJSONString(_ bytes: UnsafeRawBufferPointer, to out: ByteBuffer) {
        out.append(UInt8(ascii: "\""))
        var run = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            out.append(UnsafeRawBufferPointer(rebasing: bytes[run..<index]))
            run = index + 1
            switch byte {
            case UInt8(ascii: "\""): out.append([92, 34])
            case UInt8(ascii: "\\"): out.append([92, 92])
            case UInt8(ascii: "\n"): out.append([92, UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append([92, UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append([92, UInt8(ascii: "t")])
            default: out.append(String(JSONText.string(String(UnicodeScalar(byte))).dropFirst().dropLast()))
            }
        }
        out.append(UnsafeRawBufferPointer(rebasing: bytes[run...]))
        out.append(UInt8(ascii: "\""))
    }

    /// The fixed text of every feature, as bytes made once.
    private static let featureSeparator = Array(",\n".utf8)
    private static let featureStart = Array("{\"type\":\"Feature\",\"id\":".utf8)
    private static let propertiesStart = Array(",\"properties\":{".utf8)
    private static let geometryStart = Array("},\"geometry\":".utf8)
    private static let null = Array("null".utf8)
    private static let tab = UInt8(ascii: "\t")
}
