import GeoKit
import Testing

@testable import ZoneFit

/// The rule that types a table's text columns: what a cell is, what a column becomes,
/// and that a typed value reads back as the cell it came from.
@Suite("column types")
struct ColumnTypesTests {
    @Test(arguments: [
        ("12", ColumnTypes.Kind.integer), ("-3", .integer), ("0", .integer), ("9223372036854775807", .integer),
        ("-0", .real), ("12345678901234.5", .real), ("0.000123456789012345", .real), ("1.5", .real), ("-0.25", .real),
        ("1e5", .real),
        ("2E-3", .real), ("6.02e+23", .real), ("true", .boolean), ("FALSE", .boolean), ("True", .boolean),
    ])
    func cellsThatAreTyped(cell: String, kind: ColumnTypes.Kind) {
        #expect(ColumnTypes.kind(of: cell) == kind, "\(cell)")
    }

    @Test(arguments: [
        "", "007", "+5", ".5", "5.", "1e", "1e999", "NaN", "inf", " 12", "12 ", "１２", "1,200", "12万", "yes", "t",
        "0x1F", "--1", "1.2.3", "truee",
        // More than a Double holds: typed, the value would change.
        "9223372036854775808", "12345678901234567890", "0.12345678901234567", "1234567890123456.7", "1e-400",
    ])
    func cellsThatStayText(cell: String) {
        #expect(ColumnTypes.kind(of: cell) == nil, "\(cell)")
    }

    @Test("the streaming check of a typed cell agrees with kind(of:) on every short cell of number characters")
    func fitsAgreesWithKind() {
        // Every cell of up to four characters from the ones numbers are made of, and longer ones at random.
        let alphabet = Array("0123456789.-+eE x").map(String.init)
        var cells = [""]
        for _ in 1...4 { cells += cells.flatMap { cell in alphabet.map { cell + $0 } } }
        var random = SeededRandom(seed: 2022)  // seeded: a failure names a cell that comes back
        for _ in 0..<20_000 {
            let length = 5 + Int(random.next() % 16)
            cells.append((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined())
        }
        cells += ["123456789012345", "1234567890123456", "-12345678901234", "0.12345678901234", "9223372036854775807"]
        for cell in Set(cells) where !cell.isEmpty {
            var text = cell
            let found = ColumnTypes.kind(of: cell)
            for kind in [ColumnTypes.Kind.integer, .real, .boolean] {
                let fits = text.withUTF8 { ColumnTypes.fits(UnsafeRawBufferPointer($0), kind) }
                #expect(fits == (found == kind || (kind == .real && found == .integer)), "'\(cell)' as \(kind)")
            }
        }
    }

    @Test func columnsTakeTheTypeEveryCellAllows() throws {
        let names = ["id", "employees", "revenue", "leader", "adcode", "name", "blank", "mixed", "uscc", "phone_no"]
        let sample = [
            ["1", "12", "718.4", "true", "510104", "春熙路商贸", "", "1", "915101", "13800"],
            ["2", "", "-3", "false", "510105", "东站物流", "", "true", "915102", "13801"],
            ["3", "300", "1e3"],  // a short row: its missing cells say nothing
        ]
        let types = try ColumnTypes(
            source: "t.csv", names: names, sample: .init(columns: names.count, rows: sample),
            choice: .inferred(overrides: [:]))
        let fields = types.fields(declared: names.map { _ in .string })
        #expect(
            fields.map(\.type) == [
                .string, .integer, .real, .boolean, .string, .string, .string, .string, .string, .string,
            ])
        #expect(types.typedColumns == [1, 2, 3])
    }

    @Test func oneTextCellKeepsAColumnText() throws {
        let sample = (0..<9_999).map { ["\($0)"] } + [["约100"]]
        let types = try ColumnTypes(
            source: "t.csv", names: ["employees"], sample: .init(columns: 1, rows: sample),
            choice: .inferred(overrides: [:]))
        #expect(types.typedColumns.isEmpty)
    }

    @Test func overridesAndNoTypes() throws {
        let names = ["employees", "label"]
        let sample = [["12", "7"]]
        let overridden = try ColumnTypes(
            source: "t.csv", names: names, sample: .init(columns: names.count, rows: sample),
            choice: try .init(overrides: ["employees=String", "label=real"]))
        #expect(overridden.fields(declared: [.string, .string]).map(\.type) == [.string, .real])
        let text = try ColumnTypes(
            source: "t.csv", names: names, sample: .init(columns: names.count, rows: sample), choice: .text)
        #expect(text.typedColumns.isEmpty)
        #expect(throws: ZoneFitError.self) { try ColumnTypes.Choice(overrides: ["employees"]) }
        #expect(throws: ZoneFitError.self) {
            try ColumnTypes(
                source: "t.csv", names: names, sample: .init(columns: 2, rows: sample),
                choice: try .init(overrides: ["employes=String"]))
        }
        #expect(throws: ZoneFitError.self) { try ColumnTypes.Choice(overrides: ["employees=Number"]) }
    }

    @Test func aProfilesCodeColumnsStayText() throws {
        // A rule profile that finds the industry code under 行业 (digits only: 3825) keeps it text.
        let names = ["行业", "人数"]
        let sample = ColumnTypes.Sample(columns: 2, rows: [["3825", "12"], ["2130", "8"]])
        let plain = try ColumnTypes(source: "t.csv", names: names, sample: sample, choice: .inferred(overrides: [:]))
        #expect(plain.typedColumns == [0, 1])
        let coded = try ColumnTypes(
            source: "t.csv", names: names, sample: sample, choice: .inferred(overrides: [:]), codes: [" 行业 "])
        #expect(coded.typedColumns == [1])
    }

    @Test func declaredTypesAreKept() throws {
        // A source that types a field itself (a GeoPackage's Integer) keeps it; only its text fields are typed.
        let types = try ColumnTypes(
            source: "t.gpkg", names: ["count", "label"], declared: [.integer, .string],
            sample: .init(columns: 2, rows: [["", "2.5"]]),
            choice: .inferred(overrides: [:]))
        #expect(types.fields(declared: [.integer, .string]).map(\.type) == [.integer, .real])
        #expect(types.typedColumns == [1])
    }

    @Test func typedValuesReadBackAsTheirCells() throws {
        let types = try ColumnTypes(
            source: "t.csv", names: ["n", "x", "b"], sample: .init(columns: 3, rows: [["12", "1.25", "true"]]),
            choice: .inferred(overrides: [:]))
        #expect(types.value("42", column: 0) == .integer(42))
        #expect(types.value("", column: 0) == .null)
        #expect(types.value("7", column: 1) == .real(7))
        #expect(types.value("-0.5e2", column: 1) == .real(-50))
        #expect(types.value("FALSE", column: 2) == .boolean(false))
        #expect(types.value("4.5", column: 0) == nil)
        #expect(types.value("yes", column: 2) == nil)
        let feature = SourceFeature(
            number: 10_001, fid: 1, values: [.string("x"), .string("2"), .null], geometry: .none)
        #expect(throws: ZoneFitError.self) { try types.typed(feature) }
        let error = types.mismatch(row: 10_001, column: 0, cell: "x")
        #expect(error.message.contains("row 10001, column 'n': 'x' is not a whole number"))
        #expect(
            ColumnTypes.csvt([FieldDefinition("a", .integer), FieldDefinition("b", .boolean)])
                == "\"Integer64\",\"Integer(Boolean)\"\n")
    }
}
