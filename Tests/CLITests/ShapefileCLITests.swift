import Foundation
import GeoKit
import Testing

/// Shapefile output: every sidecar, the encoding in the .cpg, names cut on character
/// boundaries with the mapping beside them, and no text cut silently.
@Suite("Shapefile output")
struct ShapefileCLITests {
    static let sample = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv").path

    static func features(_ path: String) throws -> ([FieldDefinition], [SourceFeature]) {
        let source = try VectorSource(path: path)
        return (source.fields, try source.next(batch: 100_000))
    }

    @Test("UTF-8: Chinese names cut to 10 bytes on a character boundary, the mapping written, rows as in the CSV")
    func utf8() throws {
        let shp = try CLI.overlay("firms-gbk.csv", output: "out.shp")
        let csv = try CLI.overlay("firms-gbk.csv", output: "out.csv")
        try #require(shp.status == 0 && csv.status == 0, "\(shp)")
        #expect(
            Set(shp.folderEntries)
                == ["out.shp", "out.shx", "out.dbf", "out.prj", "out.cpg", "out.fields.csv", "out.rejects.csv"])
        #expect(try String(contentsOfFile: shp.path("out.cpg"), encoding: .utf8) == "UTF-8")
        let mapping = try Read.csv(shp.path("out.fields.csv"))
        let renamed = Dictionary(
            uniqueKeysWithValues: mapping.rows.compactMap { row in
                row.string("field").map { ($0, row.string("shapefile_field") ?? "") }
            })
        #expect(renamed["企业名称"] == "企业名", "12 bytes in UTF-8: three whole characters fit")
        #expect(renamed["行业代码"] == "行业代")
        #expect(renamed["district"] == "district")
        #expect(renamed.values.allSatisfy { $0.utf8.count <= 10 })
        #expect(shp.stderr.contains("企业名称 → 企业名"), "\(shp.stderr)")

        let (fields, rows) = try Self.features(shp.path("out.shp"))
        let (csvFields, csvRows) = try Self.features(csv.path("out.csv"))
        #expect(fields.map { Optional($0.name) } == csvFields.map { renamed[$0.name] })
        #expect(rows.count == csvRows.count && !rows.isEmpty)
        let employees = try #require(fields.firstIndex { $0.name == renamed["从业人数"] })
        #expect(fields[employees].type == .integer)
        for (row, expected) in zip(rows, csvRows) {
            // A DBF keeps booleans as 1/0 and has no null text: compare as the CSV reads.
            #expect(row.values.map(\.text) == expected.values.map(Self.dbfText))
        }
    }

    /// A value as a DBF gives it back: a boolean as 1 or 0.
    static func dbfText(_ value: FieldValue) -> String? {
        if case .boolean(let flag) = value { return flag ? "1" : "0" }
        return value.text
    }

    @Test("GBK on request: the .cpg says so, the DBF holds GBK bytes, the names stay whole")
    func gbk() throws {
        let run = try CLI.overlay("firms-gbk.csv", ["--encoding", "GBK"], output: "out.shp")
        try #require(run.status == 0, "\(run)")
        #expect(try String(contentsOfFile: run.path("out.cpg"), encoding: .utf8) == "CP936")
        let dbf = try Data(contentsOf: URL(fileURLWithPath: run.path("out.dbf")))
        #expect(dbf.range(of: Data([0xBD, 0xF5, 0xBD, 0xAD, 0xC7, 0xF8])) != nil, "锦江区 in GBK")
        let (fields, rows) = try Self.features(run.path("out.shp"))
        #expect(fields.map(\.name).starts(with: ["编号", "企业名称", "经度", "纬度", "行业代码", "从业人数"]))
        let district = try #require(fields.firstIndex { $0.name == "district" })
        #expect(rows.first?.values[district] == .string("锦江区"))
    }

    @Test("a text over 254 bytes stops the run with nothing written, or goes whole to the long-text CSV when asked")
    func longText() throws {
        let refused = try CLI.run(["relocate", Self.sample, "-o", "out.shp"])
        #expect(refused.status == 1 && refused.stderrLines.count == 1, "\(refused)")
        #expect(refused.stderr.contains("reason_en") && refused.stderr.contains("--long-text-csv"))
        #expect(refused.folderEntries.isEmpty, "\(refused.folderEntries)")

        let kept = try CLI.run(["relocate", Self.sample, "-o", "out.shp", "--long-text-csv"])
        try #require(kept.status == 0, "\(kept)")
        let long = try Read.csv(kept.path("out.long-text.csv"))
        #expect(!long.rows.isEmpty)
        #expect(kept.stderr.contains("\(long.rows.count) texts longer than 254 bytes"))
        let (fields, rows) = try Self.features(kept.path("out.shp"))
        for entry in long.rows.prefix(50) {
            let fid = try #require(entry.string("fid").flatMap(Int.init))
            let field = try #require(entry.string("field"))
            let whole = try #require(entry.string("value"))
            #expect(whole.utf8.count > 254)
            let column = try #require(fields.firstIndex { $0.name == String(field.prefix(10)) })
            let cut = try #require(rows[fid].values[column].text)
            #expect(cut.utf8.count <= 254 && whole.hasPrefix(cut), "fid \(fid) \(field)")
        }
    }

    @Test("--encoding and --long-text-csv are refused for other formats")
    func refusedElsewhere() throws {
        let run = try CLI.overlay("firms-utf8.csv", ["--encoding", "GBK"], output: "out.gpkg")
        #expect(run.status != 0 && run.stderr.contains("Shapefile"), "\(run)")
        #expect(run.folderEntries.isEmpty)
    }
}
