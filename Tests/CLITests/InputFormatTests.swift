import Foundation
import Testing

/// One way of handing zonefit the same eleven firms.
struct InputCase: Sendable, CustomTestStringConvertible {
    var file: String
    var options: [String] = []
    /// The column that holds the firm's name.
    var nameField: String = "name"
    /// The input columns that must survive into the output (besides the name).
    var keptFields: [String] = []
    /// The input carries non-WGS84 coordinates: the output points must be moved back.
    var shifted = false

    var testDescription: String { ([file] + options).joined(separator: " ") }
}

/// Checks one overlay output against the known answers, firm by firm.
func expectKnownFirms(
    _ rows: [Row], nameField: String = "name", pointTolerance: Double? = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let byID = Read.byFirmID(rows, sourceLocation: sourceLocation)
    #expect(Set(byID.keys) == Set(Expected.byID.keys), sourceLocation: sourceLocation)
    for firm in Expected.firms {
        guard let row = byID[firm.id] else { continue }
        #expect(row.string("adcode") == firm.adcode, "firm \(firm.id) adcode", sourceLocation: sourceLocation)
        #expect(row.string("unit") == firm.unit, "firm \(firm.id) unit", sourceLocation: sourceLocation)
        #expect(row.string("zone") == firm.zone, "firm \(firm.id) zone", sourceLocation: sourceLocation)
        #expect(row.bool("is_core") == firm.isCore, "firm \(firm.id) is_core", sourceLocation: sourceLocation)
        #expect(row.string("district")?.isEmpty == false, "firm \(firm.id) district", sourceLocation: sourceLocation)
        #expect(row.string(nameField) == firm.name, "firm \(firm.id) name decoded", sourceLocation: sourceLocation)
        if let tolerance = pointTolerance, let point = row.point {
            // 1e-5° ≈ 1 m: the datum shifts and projections must come back to the true place.
            #expect(
                abs(point.lon - firm.lon) < tolerance && abs(point.lat - firm.lat) < tolerance,
                "firm \(firm.id) at \(point), expected (\(firm.lon), \(firm.lat))", sourceLocation: sourceLocation)
        }
    }
}

@Suite("Input formats give the known units")
struct InputFormatTests {
    static let cases: [InputCase] = [
        InputCase(file: "firms-utf8.csv", keptFields: ["lon", "lat", "industry_code", "employees"]),
        InputCase(file: "firms-bom.csv", nameField: "企业名称", keptFields: ["编号", "经度", "纬度", "行业代码", "从业人数"]),
        InputCase(file: "firms-gbk.csv", nameField: "企业名称", keptFields: ["编号", "经度", "纬度", "行业代码", "从业人数"]),
        InputCase(file: "firms.xlsx", keptFields: ["lon", "lat", "industry_code", "employees"]),
        InputCase(file: "firms.geojson", keptFields: ["industry_code", "employees"]),
        InputCase(file: "firms.gpkg", keptFields: ["industry_code", "employees"]),
        InputCase(file: "firms-4490.gpkg", keptFields: ["industry_code", "employees"]),
        InputCase(file: "firms.fgb", keptFields: ["industry_code", "employees"]),
        InputCase(file: "firms-gbk.shp", keptFields: ["industry_c", "employees"]),
        InputCase(file: "firms-utf8-cpg.shp", keptFields: ["industry_c", "employees"]),
        InputCase(file: "multi-layer.gpkg", options: ["-l", "firms"], keptFields: ["industry_code", "employees"]),
        InputCase(
            file: "firms-gcj02.csv", options: ["-s", "gcj02"], keptFields: ["gcj02_lon", "gcj02_lat"], shifted: true),
        InputCase(
            file: "firms-bd09.csv", options: ["-s", "bd09"], keptFields: ["bd09_lon", "bd09_lat"], shifted: true),
        InputCase(
            file: "firms-4544.csv", options: ["-s", "4544"], keptFields: ["X", "Y", "industry_code"], shifted: true),
        InputCase(file: "firms-4544.csv", options: ["-s", "EPSG:4544"], keptFields: ["X", "Y"], shifted: true),
        InputCase(file: "firms-utf8.csv", options: ["-s", "EPSG:4490"]),
        InputCase(file: "firms-utf8.csv", options: ["--x", "lon", "--y", "lat"]),
    ]

    @Test("every firm lands in its known unit", arguments: cases)
    func knownUnits(_ input: InputCase) throws {
        let run = try CLI.overlay(input.file, input.options)
        try #require(run.status == 0, "\(run)")
        let rows = try Read.geojson(run.path("out.geojson"))
        expectKnownFirms(rows, nameField: input.nameField)
        for row in rows {
            for field in input.keptFields { #expect(row.values[field] != nil, "input field \(field) kept") }
            for field in Expected.addedFields { #expect(row.values[field] != nil, "added field \(field)") }
        }
        let counts = try #require(CLI.reconciliation(run), "\(run)")
        #expect(counts.read == 11 && counts.written == 11 && counts.rejected == 0)
    }

    @Test("a BOM does not stick to the first column name")
    func bomHeader() throws {
        let run = try CLI.overlay("firms-bom.csv")
        try #require(run.status == 0, "\(run)")
        let rows = try Read.geojson(run.path("out.geojson"))
        let keys = try #require(rows.first).values.keys
        #expect(keys.contains("编号"))
        #expect(!keys.contains { $0.hasPrefix("\u{FEFF}") })
    }

    @Test(
        "GCJ-02, BD-09 and EPSG:4544 inputs give the same units as WGS84",
        arguments: [
            ("firms-gcj02.csv", "gcj02"), ("firms-bd09.csv", "bd09"), ("firms-4544.csv", "4544"),
        ])
    func shiftedMatchWGS84(file: String, crs: String) throws {
        let wgs = try CLI.overlay("firms-utf8.csv")
        let shifted = try CLI.overlay(file, ["-s", crs])
        try #require(wgs.status == 0 && shifted.status == 0, "\(shifted)")
        let a = Read.byFirmID(try Read.geojson(wgs.path("out.geojson")))
        let b = Read.byFirmID(try Read.geojson(shifted.path("out.geojson")))
        #expect(a.mapValues { $0.string("unit") ?? "" } == b.mapValues { $0.string("unit") ?? "" })
        #expect(a.mapValues { $0.string("adcode") ?? "" } == b.mapValues { $0.string("adcode") ?? "" })
        let crsLine = shifted.stderrLines.first { $0.hasPrefix("coordinates:") } ?? ""
        #expect(crsLine.contains(crs), "stderr names the CRS used: \(crsLine)")
    }

    @Test("columns named gcj02_lon/gcj02_lat are read as GCJ-02 without -s, and -s EPSG:4326 lands ~500 m off")
    func gcjColumnsSayTheirDatum() throws {
        func offset(_ extra: [String]) throws -> (Double, CLI.Run) {
            let run = try CLI.overlay("firms-gcj02.csv", extra)
            try #require(run.status == 0, "\(run)")
            let rows = Read.byFirmID(try Read.geojson(run.path("out.geojson")))
            let firm = try #require(Expected.byID[101])
            let point = try #require(rows[101]?.point)
            return (max(abs(point.lon - firm.lon), abs(point.lat - firm.lat)), run)
        }
        let (named, run) = try offset([])
        #expect(named < 1e-6, "read as GCJ-02: \(named)°")
        #expect(run.stderr.contains("the coordinate columns' names say gcj02"), "\(run)")
        // The fixture really is shifted: read as WGS84, the firm lands off by about 500 m.
        let (asWGS84, _) = try offset(["-s", "EPSG:4326"])
        #expect(asWGS84 > 0.001 && asWGS84 < 0.01, "GCJ-02 offset \(asWGS84)° in Chengdu")
    }

    @Test(
        "a sheet with title rows above its header is read from the header row, and says so",
        arguments: ["title-row.xlsx", "title-row.csv"])
    func titleRows(file: String) throws {
        let plain = Read.byFirmID(try Read.geojson(try CLI.overlay("firms-utf8.csv").path("out.geojson")))
        for extra in [[], ["--header-row", "3"]] {
            let run = try CLI.overlay(file, extra)
            try #require(run.status == 0, "\(run)")
            let rows = Read.byFirmID(try Read.geojson(run.path("out.geojson")))
            #expect(rows.count == plain.count && rows.count == Expected.firms.count)
            #expect(rows.mapValues { $0.string("unit") ?? "" } == plain.mapValues { $0.string("unit") ?? "" })
            #expect(rows.values.allSatisfy { $0.string("企业名称")?.isEmpty == false })
            let told = run.stderr.contains("note: the header is row 3 (2 title row(s) above it: 成都市市场主体名录")
            #expect(told == extra.isEmpty, "\(run)")
            #expect(CLI.reconciliation(run)?.read == Expected.firms.count)
        }
        let beyond = try CLI.overlay(file, ["--header-row", "40"])
        #expect(beyond.status == 1 && beyond.stderrLines.count == 1 && beyond.stderr.contains("has no row 40"))
        #expect(beyond.stderr.contains("--header-row"), "\(beyond)")
    }

    @Test("Amap's single location column (\"lon,lat\" in GCJ-02) places every firm where its WGS84 point lies")
    func amapLocationColumn() throws {
        var text = "id,name,location,industry_code,employees\n"
        for row in try Read.csv(CLI.fixture("firms-gcj02.csv")).rows {
            let name = (row.string("name") ?? "").replacingOccurrences(of: "\"", with: "\"\"")
            let location = "\(row.string("gcj02_lon") ?? ""),\(row.string("gcj02_lat") ?? "")"
            text += "\(row.string("id") ?? ""),\"\(name)\",\"\(location)\",\(row.string("industry_code") ?? ""),1\n"
        }
        text += "999,坐标不全,104.06,F5271,1\n"
        let register = try CLI.newFolder().appendingPathComponent("amap.csv").path
        try text.write(toFile: register, atomically: true, encoding: .utf8)
        let run = try CLI.run(["overlay", register, "-o", "out.geojson"])
        try #require(run.status == 0, "\(run)")
        #expect(run.stderr.contains("coordinates: column 'location' (lon,lat) in gcj02"), "\(run)")
        let rows = Read.byFirmID(try Read.geojson(run.path("out.geojson")))
        #expect(rows.count == Expected.firms.count)
        for firm in Expected.firms {
            let point = try #require(rows[firm.id]?.point)
            #expect(abs(point.lon - firm.lon) < 1e-6 && abs(point.lat - firm.lat) < 1e-6, "firm \(firm.id)")
            #expect(rows[firm.id]?.string("unit") == firm.unit)
        }
        let rejects = try Read.csv(run.path("out.rejects.csv")).rows
        #expect(rejects.map { $0.string("reason") } == ["non_numeric"] && rejects.first?.string("id") == "999")
    }

    @Test("a --where filter reads only the matching rows, and the reconciliation counts those")
    func whereFilter() throws {
        let run = try CLI.overlay("firms-utf8.csv", ["--where", "industry_code LIKE 'C%'"])
        try #require(run.status == 0, "\(run)")
        let ids = Set(Read.byFirmID(try Read.geojson(run.path("out.geojson"))).keys)
        #expect(ids == [106, 107, 110])
        let counts = try #require(CLI.reconciliation(run))
        #expect(counts.read == 3 && counts.written == 3 && counts.rejected == 0)
    }
}
