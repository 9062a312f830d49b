import Foundation
import GeoKit

/// The types zonefit gives a table's text columns (every column of a CSV, the
/// String fields of any other source), so that a GIS sees numbers as numbers.
///
/// A column is Integer where every non-empty cell of its first `sampleRows`
/// rows is a whole number, Real where every one is a number, Boolean where every
/// one is true or false, and String otherwise or when it is empty. The same rule
/// for a file and a pipe: the sample is the rows read first, never a second pass.
/// Typing never changes a value: a cell is a number only in JSON's number syntax
/// (no leading zeros, no `+`, no spaces, finite), so its text reads back as the
/// same number. Codes stay String whatever they hold (`isCode`): `510104` is an
/// adcode, `3825` an industry class. A later cell that does not fit its column's
/// type stops the run (`mismatch`): a type is never guessed twice.
public struct ColumnTypes: Sendable {
    /// How a run types its text columns.
    public enum Choice: Sendable, Equatable {
        /// By the rule above, with the types given by name taking precedence.
        case inferred(overrides: [String: FieldType])
        /// Every column as text, as read.
        case text

        /// Inferred, with `overrides` written column=String|Integer|Real|Boolean (any case).
        public init(overrides: [String]) throws {
            let named: [String: FieldType] = [
                "string": .string, "integer": .integer, "real": .real, "boolean": .boolean,
            ]
            var types: [String: FieldType] = [:]
            for given in overrides {
                let parts = given.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, let type = named[parts[1].lowercased()] else {
                    throw ZoneFitError("'\(given)' is not column=String, Integer, Real or Boolean")
                }
                types[parts[0]] = type
            }
            self = .inferred(overrides: types)
        }
    }

    /// What a cell can be, from the most particular.
    enum Kind: Sendable, Equatable {
        case integer, real, boolean

        /// The kind of a field type; nil for text.
        init?(_ type: FieldType) {
            switch type {
            case .integer: self = .integer
            case .real: self = .real
            case .boolean: self = .boolean
            case .string: return nil
            }
        }

        var fieldType: FieldType {
            switch self {
            case .integer: .integer
            case .real: .real
            case .boolean: .boolean
            }
        }

        var described: String {
            switch self {
            case .integer: "a whole number"
            case .real: "a number"
            case .boolean: "true or false"
            }
        }
    }

    public static let sampleRows = 10_000

    /// Per column, its kind; nil: text.
    let kinds: [Kind?]
    let names: [String]
    /// The file the columns are read from, for errors.
    let source: String
    /// How many rows the types were read from, and the columns whose type was given by name.
    private let sampledRows: Int
    private let given: Set<Int>

    /// What the first rows' non-empty cells are, column by column.
    struct Sample {
        /// Per column: nil until a non-empty cell; then the kind every cell so far allows, or text.
        fileprivate var seen: [Kind??]
        /// How many rows were looked at.
        fileprivate(set) var rows = 0

        init(columns: Int) { seen = Array(repeating: nil, count: columns) }

        /// Rows of cells by column (a row shorter than the header lacks its last cells).
        init(columns: Int, rows: [[String]]) {
            self.init(columns: columns)
            self.rows = rows.count
            for row in rows {
                for (column, cell) in row.prefix(columns).enumerated() where !cell.isEmpty {
                    add(ColumnTypes.kind(of: cell), column: column)
                }
            }
        }

        /// The records of a CSV's first bytes that `keeps` keeps (a run's row filter), read without
        /// making a String of a plain cell.
        init(
            columns: Int, csv bytes: UnsafeRawBufferPointer, keeps: ((Range<Int>, CSVScanner.Fields) -> Bool)? = nil
        ) {
            self.init(columns: columns)
            CSVScanner.forEachRecord(bytes) { record, fields in
                if let keeps, !keeps(record, fields) { return }
                rows += 1
                for column in 0..<min(columns, fields.count) {
                    let cell = ColumnTypes.cell(bytes, record, fields, column)
                    if !cell.isEmpty { add(cell.kind, column: column) }
                }
            }
        }

        /// A non-empty cell of `column`: nil, text.
        mutating func add(_ cell: Kind?, column: Int) {
            switch seen[column] {
            case nil: seen[column] = .some(cell)
            case .some(nil): break
            case .some(let kind?): seen[column] = .some(cell.flatMap { ColumnTypes.combined(kind, $0) })
            }
        }
    }

    /// `sample`: what the first rows hold (`Sample`); `declared`: the source's own types, where it
    /// has them (only its String fields are typed).
    /// `codes`: more names of code columns (the rule profile's), compared as `isCode` compares.
    init(
        source: String, names: [String], declared: [FieldType]? = nil, sample: Sample, choice: Choice,
        codes: [String] = []
    ) throws {
        self.source = source
        self.names = names
        sampledRows = sample.rows
        guard case .inferred(let overrides) = choice else {
            kinds = names.map { _ in nil }
            typedColumns = []
            checks = []
            given = []
            return
        }
        for name in overrides.keys.sorted() where !names.contains(name) {
            throw ZoneFitError(
                file: source, "has no column '\(name)' to type (its columns: \(names.joined(separator: ", ")))")
        }
        given = Set(names.indices.filter { overrides[names[$0]] != nil })
        let codeNames = Set(codes.map(Self.folded))
        let kinds: [Kind?] = names.indices.map { column in
            guard (declared?[column] ?? .string) == .string else { return nil }
            if let type = overrides[names[column]] { return Kind(type) }
            guard !Self.isCode(names[column]), !codeNames.contains(Self.folded(names[column])),
                column < sample.seen.count
            else { return nil }
            return sample.seen[column] ?? nil
        }
        self.kinds = kinds
        typedColumns = kinds.indices.filter { kinds[$0] != nil }
        checks = typedColumns.map { ($0, kinds[$0]!) }
    }

    /// The columns given a type other than text, and those with their kinds (for the per-row check).
    let typedColumns: [Int]
    private let checks: [(column: Int, kind: Kind)]

    /// The columns as fields, their types as typed; `declared`: the types the source declares.
    func fields(declared: [FieldType]) -> [FieldDefinition] {
        names.indices.map { FieldDefinition(names[$0], kinds[$0]?.fieldType ?? declared[$0]) }
    }

    /// `feature` with its typed columns' text read as values of their types; a cell that does not fit throws `mismatch`.
    func typed(_ feature: SourceFeature) throws -> SourceFeature {
        var typed = feature
        for column in typedColumns where column < feature.values.count {
            guard case .string(let text) = feature.values[column] else { continue }
            guard let value = value(text, column: column) else {
                throw mismatch(row: feature.number, column: column, cell: text)
            }
            typed.values[column] = value
        }
        return typed
    }

    /// The first typed cell of a streaming record that does not fit its column, with its text.
    func misfit(_ bytes: UnsafeRawBufferPointer, _ record: Range<Int>, _ fields: CSVScanner.Fields)
        -> (column: Int, text: String)?
    {
        let count = fields.count
        let plain = !fields.irregular
        let misfit: Int? = checks.withUnsafeBufferPointer { checks in
            for check in checks where check.column < count {
                if plain && !fields.isEscaped(check.column) {
                    let cell = UnsafeRawBufferPointer(rebasing: bytes[fields[check.column]])
                    if cell.isEmpty || Self.fits(cell, check.kind) { continue }
                    return check.column
                }
                let cell = Self.cell(bytes, record, fields, check.column)
                if cell.isEmpty || cell.kind == check.kind || (check.kind == .real && cell.kind == .integer) {
                    continue
                }
                return check.column
            }
            return nil
        }
        return misfit.map { ($0, CSVFastPath.field(bytes, record, fields, $0).text ?? "") }
    }

    /// GDAL's `.csvt` line for a CSV of `fields`, which GDAL and QGIS read beside the CSV to type its
    /// columns; `wkt`: the CSV starts with a WKT geometry column (polygons written through OGR).
    static func csvt(_ fields: [FieldDefinition], wkt: Bool = false) -> String {
        let types = fields.map { field in
            switch field.type {
            case .integer: "\"Integer64\""
            case .real: "\"Real\""
            case .boolean: "\"Integer(Boolean)\""
            case .string: "\"String\""
            }
        }
        return ((wkt ? ["\"WKT\""] : []) + types).joined(separator: ",") + "\n"
    }

    /// The kinds two cells of one column allow together; nil: only text holds both.
    fileprivate static func combined(_ kind: Kind, _ cell: Kind) -> Kind? {
        switch (kind, cell) {
        case (.integer, .integer): .integer
        case (.integer, .real), (.real, .integer), (.real, .real): .real
        case (.boolean, .boolean): .boolean
        default: nil
        }
    }

    /// Field names that hold codes, compared lowercased: the rule profile's code fields and the
    /// usual register headers. A name ending in one of `codeEndings` is a code too.
    static let codeNames: Set<String> = [
        "id", "fid", "uscc", "统一社会信用代码", "信用代码", "社会信用代码", "注册号", "industry_code", "行业代码",
        "国民经济行业代码", "行业代码(gb/t4754)", "adcode", "行政区划代码", "区划代码", "postcode", "zip", "邮编",
        "邮政编码", "phone", "tel", "telephone", "mobile", "电话", "联系电话", "手机", "编号", "代码", "unit", "parent",
    ]
    static let codeEndings = ["_id", "_no", "_code", "code", "代码", "编码", "号", "号码", "电话"]

    /// A header as names are compared: its base, as `FieldMapping` finds columns (`行业代码（GB/T4754）` → `行业代码`).
    static func folded(_ name: String) -> String { HeaderName(name).base }

    static func isCode(_ name: String) -> Bool {
        let lowered = folded(name)
        return codeNames.contains(lowered) || codeEndings.contains { lowered.hasSuffix($0) }
    }

    /// What a cell holds: an integer, a number, true or false (in any case), or (nil) text.
    static func kind(of text: String) -> Kind? {
        var text = text
        return text.withUTF8 { kind(of: UnsafeRawBufferPointer($0)) }
    }

    /// The same from the cell's bytes (the streaming path's unquoted fields), in one pass: every
    /// typed cell of a streaming run comes here, so the common cells make no String.
    static func kind(of bytes: UnsafeRawBufferPointer) -> Kind? {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        @inline(__always) func isDigit(_ at: Int) -> Bool { at < count && base[at] &- UInt8(ascii: "0") < 10 }
        let first = base[0]
        if first | 0x20 == UInt8(ascii: "t") || first | 0x20 == UInt8(ascii: "f") {
            return isBoolean(bytes) ? .boolean : nil
        }
        let negative = first == UInt8(ascii: "-")
        var index = negative ? 1 : 0
        guard isDigit(index) else { return nil }
        // JSON's number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, with its significant digits
        // counted: a Double holds 15 exactly, so a number with more stays text (its value would change).
        var significant = 0
        @inline(__always) func digits() {
            while isDigit(index) {
                if significant > 0 || base[index] != UInt8(ascii: "0") { significant += 1 }
                index += 1
            }
        }
        let leadingZero = base[index] == UInt8(ascii: "0")
        if leadingZero { index += 1 } else { digits() }
        let wholeDigits = index - (negative ? 1 : 0)
        if index == count {
            // A whole number that fits 64 bits ("-0" is the real −0.0); a String only at 19 digits.
            if wholeDigits < 19 { return negative && leadingZero ? .real : .integer }
            if wholeDigits == 19, Int64(String(decoding: bytes, as: UTF8.self)) != nil { return .integer }
            return nil
        }
        if base[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return nil }
            digits()
        }
        guard significant <= 15 else { return nil }
        var exponent = false
        if index < count && base[index] | 0x20 == UInt8(ascii: "e") {
            exponent = true
            index += 1
            if index < count && (base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-")) { index += 1 }
            guard isDigit(index) else { return nil }
            while isDigit(index) { index += 1 }
        }
        guard index == count else { return nil }
        if !exponent { return .real }
        // An exponent may take the number past a Double's range, or below it.
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value != 0 || significant == 0 ? .real : nil
    }

    /// Whether a cell's bytes are of `kind` (a whole number fits a real column), as `kind(of:)` says.
    /// Every typed cell of a streaming run is checked: the common ones, up to 15 bytes of digits with
    /// at most one point inside, no sign but a leading minus and no leading zero but in "0" and "0.…", are taken in one
    /// tight loop (15 digits are within a Double's exact range); anything else goes to `kind(of:)`.
    static func fits(_ bytes: UnsafeRawBufferPointer, _ kind: Kind) -> Bool {
        let count = bytes.count
        if kind != .boolean, count < 16, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            let start = count > 0 && base[0] == UInt8(ascii: "-") ? 1 : 0
            var point: Int?
            var index = start
            while index < count {
                if base[index] &- UInt8(ascii: "0") >= 10 {
                    guard base[index] == UInt8(ascii: "."), point == nil, kind == .real else { break }
                    point = index
                }
                index += 1
            }
            if index == count, start < count, point != start, point != count - 1 {
                // "0" and "0.5" (and "-0.5"), not "012" nor "-0" (a real −0.0).
                let zero = base[start] == UInt8(ascii: "0")
                if !zero || (point == start + 1) || (start == 0 && count == 1) { return true }
            }
        }
        let found = Self.kind(of: bytes)
        return found == kind || (kind == .real && found == .integer)
    }

    /// true or false, in any case.
    private static func isBoolean(_ bytes: UnsafeRawBufferPointer) -> Bool {
        func lowered(_ index: Int) -> UInt8 { bytes[index] | 0x20 }
        switch bytes.count {
        case 4: return lowered(0) == 0x74 && lowered(1) == 0x72 && lowered(2) == 0x75 && lowered(3) == 0x65  // true
        case 5:  // false
            return lowered(0) == 0x66 && lowered(1) == 0x61 && lowered(2) == 0x6C && lowered(3) == 0x73
                && lowered(4) == 0x65
        default: return false
        }
    }

    /// The typed value of a cell of `column` (empty: null in a typed column), or nil where the
    /// cell does not fit the column's type (see `mismatch`).
    func value(_ text: String, column: Int) -> FieldValue? {
        guard column < kinds.count, let kind = kinds[column] else { return .string(text) }
        if text.isEmpty { return .null }
        switch (kind, Self.kind(of: text)) {
        case (.integer, .integer?): return Int64(text).map(FieldValue.integer)
        case (.real, .integer?), (.real, .real?): return Double(text).map(FieldValue.real)
        case (.boolean, .boolean?): return .boolean(text.lowercased() == "true")
        default: return nil
        }
    }

    /// What field `column` of a streaming record holds: read from its bytes where they are its
    /// text (no String made), else from the field's text.
    @inline(__always)
    static func cell(_ bytes: UnsafeRawBufferPointer, _ record: Range<Int>, _ fields: CSVScanner.Fields, _ column: Int)
        -> (isEmpty: Bool, kind: Kind?)
    {
        if !fields.irregular && !fields.isEscaped(column) {
            let cell = UnsafeRawBufferPointer(rebasing: bytes[fields[column]])
            return (cell.isEmpty, cell.isEmpty ? nil : kind(of: cell))
        }
        let text = CSVFastPath.field(bytes, record, fields, column).text ?? ""
        return (text.isEmpty, text.isEmpty ? nil : kind(of: text))
    }

    /// The error of a later cell that does not fit its column's type.
    func mismatch(row: Int, column: Int, cell: String) -> ZoneFitError {
        let kind = kinds[column]?.described ?? "text"
        let shown = cell.count > 40 ? String(cell.prefix(40)) + "…" : cell
        let why =
            given.contains(column)
            ? "the type given for the column" : "as every cell of the column's first \(sampledRows) rows is"
        return ZoneFitError(
            file: source,
            "row \(row), column '\(names[column])': '\(shown)' is not \(kind), \(why); type the column as String "
                + "to keep it as text",
            setting: .types(column: names[column]))
    }
}
