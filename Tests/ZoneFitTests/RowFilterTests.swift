import Foundation
import Testing

@testable import ZoneFit

/// The streaming path's `--where` evaluator against ogr2ogr on the same CSV: for
/// every clause in the subset it must keep exactly the rows OGR keeps.
@Suite("RowFilter: the --where subset, checked against ogr2ogr")
struct RowFilterTests {
    /// Awkward values: case variants, numbers as text with spaces, negatives and
    /// reals, Chinese and full-width text, quotes, LIKE wildcards as data, empty
    /// cells (which OGR reads as ''), and short rows (whose missing cells are NULL).
    static let csv = #"""
        id,name,employees,score,行业代码,note
        1,abc,100,1.5,C3825,x
        2,ABC,9,-2,C3826,
        3,Abc,10, 3.25 ,G5920,"it's"
        4,,  42 ,,,"a ""q"""
        5,鞋厂,-7,1e2,C1953,abc
        6,x,abc,2.0,c1953,%
        7,y,100.0,0,C38_25,_
        8,z,,-0.5,Ｃ３８２５,"  "
        9,成都鞋业,007
        10,_under
        11

        """#

    static let fields = ["id", "name", "employees", "score", "行业代码", "note"]

    /// The rows as OGR's CSV driver reads them; a missing trailing cell is NULL.
    static let rows: [[String]] = csv.split(separator: "\n").dropFirst().map(cells)

    static let csvPath: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rowfilter-\(UUID().uuidString).csv")
        do { try csv.write(to: url, atomically: true, encoding: .utf8) } catch {
            fatalError("cannot write \(url.path): \(error)")
        }
        return url.path
    }()

    /// Clauses in the subset that OGR accepts.
    static let agreeing: [String] = [
        // String comparison is case-insensitive and byte-ordered: '10' < '9'.
        "name = 'abc'", "name = 'ABC'", "'abc' = name", "name <> 'abc'", "name != 'x'",
        "name < 'a'", "name > 'Z'", "name >= 'x'", "name <= 'abc'", "note < 'A'",
        "employees > '10'", "employees >= '9'", "employees < '100'",
        // Spaces are kept: '  42 ' is not '42'.
        "employees = '  42 '", "employees = '42'", "score = ' 3.25 '", "score < '0'", "score > '-1'",
        // Quotes in literals.
        "note = 'it''s'", #"note = 'it\'s'"#, #"note = 'a "q"'"#, "note = ''", "note = '  '",
        // NULL only in the short rows; NOT of a failed comparison is true.
        "name IS NULL", "note IS NULL", "note IS NOT NULL", "NOT note IS NULL", "NOT (note = 'x')",
        "note <> 'x'", "note NOT IN ('x')", "NOT (employees LIKE '%0%')", "\"name\" IS NULL OR \"note\" IS NULL",
        // IN.
        "employees IN ('100', '9', '007')", "name IN ('ABC', 'x')", "name NOT IN ('abc', 'x')", "name IN (note, 'x')",
        // A NULL item makes IN false even where another item matches.
        "name IN ('成都鞋业', note)", "name IN (name, note)", "NOT name IN ('成都鞋业', note)",
        "NOT name IN ('abc')", "NOT name LIKE 'a%'", "NOT note IS NOT NULL", "NOT (name NOT LIKE 'a%')",
        // LIKE: case-sensitive, '_' is one byte.
        "name LIKE 'a%'", "name LIKE 'A%'", "name NOT LIKE 'a%'", "employees LIKE '%0%'",
        "name LIKE '鞋%'", "name LIKE '%鞋%'", "name LIKE '鞋___'", "name LIKE '鞋_'", "name LIKE '\\_%'",
        "\"行业代码\" LIKE 'C38%'", "\"行业代码\" LIKE 'c%'", "\"行业代码\" LIKE 'C38_25'", "\"行业代码\" = 'c1953'",
        "\"行业代码\" LIKE 'Ｃ%'", "name LIKE 'abc%%'", "name LIKE '%%'", "note LIKE '%'", "note LIKE '_%'", "note LIKE ''",
        // Names and keywords in any case; precedence NOT > AND > OR.
        "NAME = 'x' OR Name = 'y'", "name = 'x' or employees = '9' and note is null",
        "(name = 'x' OR employees = '9') AND note IS NOT NULL", "NOT (name = 'abc' AND employees = '100')",
        "NOT NOT name = 'abc'", "NOT name = 'abc' OR name = 'x'", "name = note",
        "\"employees\" > '5' AND \"ID\" <> '5'", "name='x'OR name='y'", "name\t=\n'x'",
        // Operators OGR reads as two tokens.
        "name < > 'abc'", "id > = '5'", "id < = '2'",
        // Number against number is evaluated (integers as integers).
        "name = 'x' AND 1 = 1", "2 > 10 OR name = 'z'", "5 IN (5.0, 6) AND id = '1'", "-2 < -1 AND id < '2'",
        "- 2 = -2.0 AND name = 'y'", "9007199254740993 = 9007199254740992", "9007199254740993 = 9007199254740992.0",
        "1e2 = 100 AND id = '3'", "5. = 5 AND id = '4'", "1e = 1 AND id = '5'",
    ]

    @Test(arguments: agreeing)
    func keepsTheRowsOGRKeeps(_ clause: String) throws {
        let ogr = try Self.ogr2ogr(clause)
        try #require(ogr.status == 0, "ogr2ogr refused \(clause): \(ogr.stderr)")
        let filter = try #require(try RowFilter(clause, fields: Self.fields), "outside the subset: \(clause)")
        var read = Set<Int>()
        let kept = Self.rows.filter { row in
            filter.matches { index in
                read.insert(index)
                return index < row.count ? row[index] : nil
            }
        }
        #expect(kept.map { $0[0] } == ogr.ids, "\(clause)")
        #expect(read.isSubset(of: filter.fieldIndexes), "\(clause) read fields outside \(filter.fieldIndexes)")
    }

    /// The rules in plain sight, for a reader without ogr2ogr at hand.
    @Test func semanticsInBrief() throws {
        #expect(try kept("name = 'abc'") == ["1", "2", "3"], "= is case-insensitive")
        #expect(try kept("name LIKE 'abc'") == ["1"], "LIKE is case-sensitive")
        #expect(try kept("employees > '10'") == ["1", "2", "6", "7"], "text order, not numeric")
        #expect(try kept("note = ''") == ["2"], "an empty cell is '', not NULL")
        #expect(try kept("note IS NULL") == ["9", "10", "11"], "missing cells are NULL")
        #expect(
            try kept("NOT (note = 'x')") == ["2", "3", "4", "5", "6", "7", "8", "9", "10", "11"],
            "NOT of a NULL comparison is true")
        #expect(try kept("") == Self.rows.map { $0[0] }, "an empty clause is no filter")
    }

    /// A String field against a number is OGR's type error: nil, so OGR reports it.
    @Test(arguments: [
        "employees > 100", "employees = 100.0", "score < 0", "score = -2", "100 < employees", "name = 1e2",
        "employees IN (100, 9)", "employees IN (100, '9')", "employees IN ('100', 9)", "name LIKE 1",
        // OGR reads these as (NOT name) NOT LIKE …: NOT of a string.
        "NOT name NOT LIKE 'a%'", "NOT name NOT IN ('abc')", "name = 'x' OR NOT NOT name NOT LIKE 'a%'",
    ])
    func typeErrorsAreLeftToOGR(_ clause: String) throws {
        #expect(try Self.ogr2ogr(clause).status != 0, "OGR accepted \(clause)")
        #expect(try RowFilter(clause, fields: Self.fields) == nil)
    }

    @Test(arguments: [
        "upper(name) = 'ABC'", "name BETWEEN 'a' AND 'b'", "name ILIKE 'a%'", "name LIKE 'a%' ESCAPE '!'",
        "CAST(employees AS integer) > 5", "employees || 'x' = 'a'", "name = 'a' + 'b'", "name = NULL", "name IN (NULL)",
        "FID = 1", "\"fid\" > 3", "name", "NOT name", "name = 'x' AND 1", "1 = '1'", "t.name = 'x'", "name IS NULL = 1",
        "name LIKE 'a%' OR length(name) > 2", "(name) = 'x'", "name == 'x'", "_x = 'a'", "TRUE", "'x' IS NULL",
        // OGR stops reading at a bare non-ASCII byte or an unterminated quote, and ignores the rest.
        "name = 'x' 行业代码 = 'C3825'", "name = 'x' 行 OR note = ''", "name = 'x' 'oops", "(name = 'x') \"oops",
    ])
    func outsideTheSubsetIsNil(_ clause: String) throws {
        #expect(try RowFilter(clause, fields: Self.fields) == nil)
    }

    /// Each is also an error in OGR; the message says what to fix.
    @Test(arguments: [
        ("(name = 'x'", "unbalanced parentheses"), ("name = 'x')", "unbalanced parentheses"),
        ("name IN ('a', 'b'", "unbalanced parentheses"), ("name = 'x", "unterminated string: 'x"),
        ("\"name = 'x'", "unterminated quoted field name"), ("name = 'it''s", "unterminated string"),
        (
            "nosuch = 'x'",
            "'nosuch', which the table does not have; its fields are: id, name, employees, score, 行业代码, note"
        ),
        ("\"行业\" LIKE 'C%'", "'行业', which the table does not have"),
        ("NAME = 'x' AND employee = '9'", "'employee', which"),
        ("行业代码 = 'C3825'", "must be in double quotes: \"行业代码\""),
        ("name = 'x' OR 行业代码 = 'C3825'", "must be in double quotes: \"行业代码\""),
        ("(行业代码 LIKE 'C%')", "must be in double quotes: \"行业代码\""),
        ("name = 'x' AND", "ends too early, after 'AND'"), ("name IS", "after 'IS'"), ("name IS NOT", "after 'NOT'"),
        ("NOT", "after 'NOT'"), ("name =", "after '='"), ("name NOT", "after 'NOT'"), ("name LIKE", "after 'LIKE'"),
        ("   ", "blank"),
    ])
    func malformedClausesThrow(_ clause: String, _ message: String) throws {
        #expect(try Self.ogr2ogr(clause).status != 0, "OGR accepted \(clause)")
        let error = #expect(throws: ZoneFitError.self) { try RowFilter(clause, fields: Self.fields) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    @Test func fieldIndexesAreTheFieldsTheClauseNames() throws {
        let filter = try #require(
            try RowFilter("\"行业代码\" LIKE 'C%' AND (NOTE = name OR name IS NULL)", fields: Self.fields))
        #expect(filter.fieldIndexes == [1, 4, 5])
        #expect(try #require(try RowFilter("1 = 1", fields: Self.fields)).fieldIndexes.isEmpty)
    }

    /// OGR renames a repeated header ("name" again becomes "name2"), so names are not the caller's.
    @Test func repeatedOrEmptyHeadersAreLeftToOGR() throws {
        #expect(try RowFilter("name = 'x'", fields: ["id", "Name", "name"]) == nil)
        #expect(try RowFilter("id = 'x'", fields: ["id", ""]) == nil)
    }

    // MARK: - Helpers

    func kept(_ clause: String) throws -> [String] {
        let filter = try #require(try RowFilter(clause, fields: Self.fields))
        return Self.rows.filter { row in filter.matches { $0 < row.count ? row[$0] : nil } }.map { $0[0] }
    }

    /// The ids of the rows `ogr2ogr -where` keeps, and its exit status.
    static func ogr2ogr(_ clause: String) throws -> (ids: [String], status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ogr2ogr", "-f", "CSV", "/vsistdout/", csvPath, "-where", clause]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // The first column is the id; ogr2ogr quotes text that looks like a number.
        let ids = String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst().map {
            String($0.prefix { $0 != "," }).replacingOccurrences(of: "\"", with: "")
        }
        return (ids, process.terminationStatus, message)
    }

    /// One CSV line: commas split cells, "…" quotes a cell and "" is a quote inside it.
    static func cells(_ line: Substring) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var characters = line.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            switch (character, quoted) {
            case ("\"", true) where pending == "\"":
                cell.append("\"")
                pending = characters.next()
            case ("\"", _): quoted.toggle()
            case (",", false):
                cells.append(cell)
                cell = ""
            default: cell.append(character)
            }
        }
        return cells + [cell]
    }
}
