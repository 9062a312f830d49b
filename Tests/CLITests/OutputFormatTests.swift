import Foundation
import GeoKit
import Testing

@Suite("Output formats parse, with the added fields")
struct OutputFormatTests {
    @Test("GeoJSON follows RFC 7946 and carries provenance with the input's SHA-256")
    func geojsonProvenance() throws {
        let run = try CLI.overlay("firms-utf8.csv")
        try #require(run.status == 0, "\(run)")
        let root = try Read.json(run.path("out.geojson"))
        #expect(root["type"] as? String == "FeatureCollection")
        #expect(root["crs"] == nil, "RFC 7946: no crs member")
        let provenance = try #require(root["provenance"] as? [String: Any])
        #expect(provenance["tool"] as? String == "zonefit")
        #expect((provenance["version"] as? String)?.isEmpty == false)
        #expect(provenance["command"] as? String == "overlay")
        let inputs = try #require(provenance["inputs"] as? [[String: Any]])
        #expect(inputs.count == 1)
        #expect(inputs.first?["sha256"] as? String == (try CLI.sha256(of: CLI.fixture("firms-utf8.csv"))))
        let scheme = try #require(provenance["scheme"] as? [String: Any])
        #expect(scheme["id"] as? String == "chengdu-2022")
        #expect(scheme["sha256"] as? String == (try CLI.sha256(of: CLI.scheme)))
        expectKnownFirms(try Read.geojson(run.path("out.geojson")))
        // The rejects file is written even when nothing is rejected: a header only.
        let rejects = try Read.csv(run.path("out.rejects.csv"))
        #expect(rejects.rows.isEmpty)
        #expect(Array(rejects.header.prefix(4)) == ["row", "fid", "reason", "detail"])
    }

    @Test("GeoJSON sequence: one feature per line")
    func geojsonSeq() throws {
        let run = try CLI.overlay("firms-utf8.csv", output: "out.geojsonl")
        try #require(run.status == 0, "\(run)")
        expectKnownFirms(try Read.geojsonSeq(run.path("out.geojsonl")))
        #expect(FileManager.default.fileExists(atPath: run.path("out.rejects.csv")))
    }

    @Test("GeoPackage: EPSG:4326 points and provenance metadata")
    func geopackage() throws {
        let run = try CLI.overlay("firms-utf8.csv", output: "out.gpkg")
        try #require(run.status == 0, "\(run)")
        let (rows, source) = try Read.ogr(run.path("out.gpkg"))
        #expect(source.spatialReference?.authorityCode == "EPSG:4326")
        #expect(source.declaresPoints)
        expectKnownFirms(rows)
        // The metadata lives in gpkg_metadata; SQLite keeps text as it is, so look for it in the bytes.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: run.path("out.gpkg")))
        let hash = try CLI.sha256(of: CLI.fixture("firms-utf8.csv"))
        #expect(bytes.range(of: Data("ZONEFIT_PROVENANCE".utf8)) != nil)
        #expect(bytes.range(of: Data(hash.utf8)) != nil, "input SHA-256 in the GPKG metadata")
    }

    @Test("FlatGeobuf: EPSG:4326 points")
    func flatgeobuf() throws {
        let run = try CLI.overlay("firms-utf8.csv", output: "out.fgb")
        try #require(run.status == 0, "\(run)")
        let (rows, source) = try Read.ogr(run.path("out.fgb"))
        #expect(source.spatialReference?.authorityCode == "EPSG:4326")
        expectKnownFirms(rows)
    }

    @Test("CSV: Excel-friendly (BOM), input columns kept, added fields")
    func csv() throws {
        let run = try CLI.overlay("firms-utf8.csv", output: "out.csv")
        try #require(run.status == 0, "\(run)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: run.path("out.csv")))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 BOM for Excel")
        let table = try Read.csv(run.path("out.csv"))
        for field in ["id", "name", "lon", "lat", "industry_code", "employees"] + Expected.addedFields {
            #expect(table.header.contains(field), "column \(field)")
        }
        expectKnownFirms(table.rows)
    }

    @Test("CSV from GCJ-02 input adds the WGS84 lon/lat it placed")
    func csvWGS84Columns() throws {
        let run = try CLI.overlay("firms-gcj02.csv", ["-s", "gcj02"], output: "out.csv")
        try #require(run.status == 0, "\(run)")
        let table = try Read.csv(run.path("out.csv"))
        #expect(table.header.contains("lon_wgs84") && table.header.contains("lat_wgs84"))
        expectKnownFirms(table.rows)
        for row in table.rows {
            guard let id = row.firmID, let firm = Expected.byID[id],
                let lon = row.double("lon_wgs84"), let lat = row.double("lat_wgs84")
            else {
                Issue.record("row without WGS84 columns: \(row.values)")
                continue
            }
            #expect(abs(lon - firm.lon) < 1e-5 && abs(lat - firm.lat) < 1e-5, "firm \(id): (\(lon), \(lat))")
        }
    }

    @Test("XLSX parses with the added fields")
    func xlsx() throws {
        let run = try CLI.overlay("firms-utf8.csv", output: "out.xlsx")
        try #require(run.status == 0, "\(run)")
        let (rows, source) = try Read.ogr(run.path("out.xlsx"))
        let names = source.fields.map(\.name)
        for field in ["id", "name"] + Expected.addedFields { #expect(names.contains(field), "column \(field)") }
        expectKnownFirms(rows)
    }

    @Test("-f chooses the format whatever the extension")
    func formatFlag() throws {
        let run = try CLI.overlay("firms-utf8.csv", ["-f", "GPKG"], output: "out.data")
        try #require(run.status == 0, "\(run)")
        let (rows, source) = try Read.ogr(run.path("out.data"))
        #expect(source.driverName == "GPKG")
        expectKnownFirms(rows)
    }

    /// A GeoPackage whose firm id is the FID column (as ogr2ogr makes it from
    /// GeoJSON with an integer `id`): GeoJSON output keeps it as the feature id.
    @Test("the firm id of a GPKG FID column survives into GeoJSON")
    func fidIntoGeoJSON() throws {
        let run = try CLI.overlay("firms.gpkg")
        try #require(run.status == 0, "\(run)")
        let rows = try Read.geojson(run.path("out.geojson"))
        #expect(Set(rows.compactMap(\.firmID)) == Set(Expected.byID.keys))
    }

    @Test(
        "the firm id of a GPKG FID column survives into tabular and OGR outputs",
        arguments: ["out.csv", "out.gpkg", "out.xlsx", "out.fgb"])
    func fidIntoOGROutputs(output: String) throws {
        let run = try CLI.overlay("firms.gpkg", output: output)
        try #require(run.status == 0, "\(run)")
        let rows = output.hasSuffix(".csv") ? try Read.csv(run.path(output)).rows : try Read.ogr(run.path(output)).rows
        let ids = Set(
            rows.compactMap { row -> Int? in
                // Any column or FID holding the input's id counts.
                for key in ["id", "fid", "input_fid", "source_fid", "#feature_id"] {
                    if let text = row.string(key), let id = Int(text), Expected.byID[id] != nil { return id }
                }
                return nil
            })
        #expect(ids == Set(Expected.byID.keys))
    }
}
