import Foundation
import GeoKit
import Testing

/// Numbers read from a CSV come out as numbers, on the streaming path and through
/// OGR alike, in every output format; codes stay text; a late cell that does not
/// fit its column stops the run and leaves nothing behind.
@Suite("typed columns from CSV")
struct ColumnTypesCLITests {
    static let sample = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv").path

    /// A register of `rows` firms in 武侯区 whose row `late` (1-based) has `cell` as its employees.
    static func register(rows: Int, late: Int? = nil, cell: String = "约100") throws -> String {
        var text = "id,uscc,industry_code,employees,revenue,chain_leader,lon,lat\n"
        for row in 1...rows {
            let employees = row == late ? cell : String(row % 90 + 1)
            text += "\(row),91510107MA\(String(format: "%08d", row)),C2130,\(employees),\(Double(row) / 4),"
            text += "\(row % 7 == 0),104.0\(String(format: "%04d", row % 300 + 300)),30.64\n"
        }
        let path = try CLI.newFolder().appendingPathComponent("register.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: ["gpkg", "xlsx", "fgb"])
    func ogrOutputsHoldNumbersAndCodesAsTheirTypes(ext: String) throws {
        let run = try CLI.run(["overlay", Self.sample, "-o", "out.\(ext)"])
        try #require(run.status == 0, "\(run)")
        let (rows, source) = try Read.ogr(run.path("out.\(ext)"))
        let types = Dictionary(uniqueKeysWithValues: source.fields.map { ($0.name, $0.type) })
        // XLSX has no 64-bit integer, and no boolean but its own: GDAL reads them back as Integer/Real.
        #expect(types["employees"] == .integer || (ext == "xlsx" && types["employees"] == .real))
        #expect(types["revenue"] == .real)
        #expect(types["lon"] == .real && types["lat"] == .real)
        for code in ["id", "uscc", "industry_code"] { #expect(types[code] == .string, "\(code)") }
        if ext != "xlsx" { #expect(types["chain_leader"] == .boolean) }
        let csv = try Read.csv(Self.sample).rows
        #expect(rows.count == csv.count)
        // By id: a FlatGeobuf's spatial index orders its features.
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.string("id") ?? "", $0) })
        for read in csv.prefix(500) {
            let written = try #require(byID[read.string("id") ?? ""])
            #expect(written.string("id") == read.string("id"))
            #expect(written.double("employees") == read.double("employees"))
            #expect(written.double("revenue") == read.double("revenue"))
            #expect(written.string("uscc") == read.string("uscc"))
        }
    }

    @Test func geojsonHasJSONNumbersOnBothPaths() throws {
        let streaming = try CLI.run(["overlay", Self.sample, "-o", "s.geojson"])
        let ogr = try CLI.run(["overlay", Self.sample, "-o", "o.geojson", "--via-ogr"])
        try #require(streaming.status == 0 && ogr.status == 0, "\(streaming)\n\(ogr)")
        let a = try Read.geojson(streaming.path("s.geojson"))
        let b = try Read.geojson(ogr.path("o.geojson"))
        #expect(a.count == b.count && a.count == 20_000)
        for (x, y) in zip(a, b) {
            #expect(x.values["employees"] is NSNumber && !(x.values["employees"] is String))
            #expect(x.values["revenue"] as? NSNumber == y.values["revenue"] as? NSNumber)
            #expect(x.values["employees"] as? NSNumber == y.values["employees"] as? NSNumber)
            #expect(x.values["chain_leader"] as? Bool == y.values["chain_leader"] as? Bool)
            #expect(x.values["uscc"] as? String == y.values["uscc"] as? String)
            #expect(x.values["industry_code"] is String)
        }
    }

    @Test func aCSVOutputCarriesItsTypesForGISTools() throws {
        for via in [[], ["--via-ogr"]] {
            let run = try CLI.run(["overlay", Self.sample, "-o", "out.csv"] + via)
            try #require(run.status == 0, "\(run)")
            let csvt = try String(contentsOfFile: run.path("out.csvt"), encoding: .utf8)
            let header = try Read.csv(run.path("out.csv")).header
            let types = csvt.trimmingCharacters(in: .newlines).split(separator: ",").map(String.init)
            let byName = Dictionary(uniqueKeysWithValues: zip(header, types))
            #expect(byName["employees"] == "\"Integer64\"", "\(via)")
            #expect(byName["revenue"] == "\"Real\"")
            #expect(byName["uscc"] == "\"String\"" && byName["adcode"] == "\"String\"")
            #expect(byName["is_core"] == "\"Integer(Boolean)\"")
            // GDAL reads the .csvt beside the CSV: QGIS and ogrinfo see numbers.
            let source = try Read.ogr(run.path("out.csv")).source
            #expect(source.fields.first { $0.name == "employees" }?.type == .integer)
            #expect(!run.folderEntries.contains { $0.contains("zonefit-") }, "\(run.folderEntries)")
        }
    }

    @Test(arguments: [[], ["--via-ogr"]])
    func aLateCellThatDoesNotFitStopsTheRun(via: [String]) throws {
        let register = try Self.register(rows: 10_050, late: 10_020)
        for ext in ["csv", "geojson", "gpkg"] {
            let run = try CLI.run(["overlay", register, "-o", "out.\(ext)"] + via)
            #expect(run.status != 0, "\(ext) \(via)")
            let message = run.stderrLines.joined(separator: "\n")
            #expect(message.contains("row 10020, column 'employees': '约100' is not a whole number"), "\(message)")
            #expect(message.contains("--types employees=String"), "\(message)")
            #expect(run.folderEntries.isEmpty, "\(ext) \(via): \(run.folderEntries)")
        }
        let kept = try CLI.run(["overlay", register, "-o", "out.geojson", "--types", "employees=String"] + via)
        try #require(kept.status == 0, "\(kept)")
        let rows = try Read.geojson(kept.path("out.geojson"))
        #expect(rows.count == 10_050)
        #expect(rows[10_019].values["employees"] as? String == "约100")
        #expect(rows[0].values["revenue"] is NSNumber)
        let text = try CLI.run(["overlay", register, "-o", "all.geojson", "--no-types"] + via)
        try #require(text.status == 0, "\(text)")
        let all = try Read.geojson(text.path("all.geojson"))
        #expect(all[0].values["revenue"] as? String == "0.25" && all[0].values["employees"] as? String == "2")
    }

    @Test(arguments: [
        ["--types", "employees"], ["--types", "employees=String", "--no-types"], ["--types", "employes=String"],
    ])
    func aBadTypeOptionIsRefused(options: [String]) throws {
        let run = try CLI.run(["overlay", Self.sample, "-o", "out.csv"] + options)
        #expect(run.status != 0)
        #expect(run.stderr.contains("--types") || run.stderr.contains("employes"), "\(run)")
        #expect(run.folderEntries.isEmpty, "\(run.folderEntries)")
    }

    @Test func polygonsWrittenAsCSVHaveTheirWKTColumnTyped() throws {
        let parks = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/parks.geojson").path
        let run = try CLI.run(["overlay", parks, "-o", "parks.csv"])
        try #require(run.status == 0, "\(run)")
        let header = try Read.csv(run.path("parks.csv")).header
        let types = try String(contentsOfFile: run.path("parks.csvt"), encoding: .utf8)
            .trimmingCharacters(in: .newlines).split(separator: ",")
        #expect(header.first == "WKT" && types.first == "\"WKT\"" && types.count == header.count, "\(header) \(types)")
        let info = try CLI.ogrinfo(run.path("parks.csv"))
        #expect(info.contains("area_m2: Real"), "\(info.prefix(600))")
    }
}

/// Layers declare the geometry they hold, as GIS tools expect to style them.
@Suite("layer geometry types")
struct GeometryTypeCLITests {
    @Test func polygonLayersAreMultiPolygonAndPointLayersPoint() throws {
        let sample = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv").path
        let parks = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/parks.geojson").path
        let runs = [
            ("units.gpkg", ["zones", "-o", "units.gpkg"], "Multi Polygon"),
            ("fit.gpkg", ["fit", "--enterprises", sample, "--runs", "0", "-o", "fit.gpkg"], "Multi Polygon"),
            ("parks.gpkg", ["overlay", parks, "-o", "parks.gpkg"], "Multi Polygon"),
            ("parks.fgb", ["overlay", parks, "-o", "parks.fgb"], "Multi Polygon"),
            ("firms.gpkg", ["overlay", sample, "-o", "firms.gpkg"], "Point"),
        ]
        for (file, args, type) in runs {
            let run = try CLI.run(args)
            try #require(run.status == 0, "\(args): \(run)")
            let info = try CLI.ogrinfo(run.path(file))
            #expect(info.contains("Geometry: \(type)\n"), "\(file): \(info.prefix(400))")
        }
    }
}
