import Foundation
import GeoKit
import TestSupport
import Testing

/// `-t/--dst-crs`: GeoPackage, FlatGeobuf and Shapefile in CGCS2000 or any CRS; GeoJSON stays RFC 7946.
@Suite("output CRS")
struct OutputCRSCLITests {
    /// GDAL's own `gdaltransform` on one lon/lat: the answer the output must hold.
    static func expected(lon: Double, lat: Double, to crs: String) throws -> (x: Double, y: Double) {
        let result = try Program.output(of: [
            "bash", "-c", "echo \(lon) \(lat) | gdaltransform -s_srs EPSG:4326 -t_srs \(crs) -output_xy",
        ])
        let numbers = result.text.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(result.status == 0 && numbers.count == 2, "\(result.text)")
        return (numbers[0], numbers[1])
    }

    @Test(
        "points in EPSG:4544 where gdaltransform puts them, streaming and through OGR, GeoPackage and Shapefile",
        arguments: [["-o", "out.gpkg"], ["--via-ogr", "-o", "out.gpkg"], ["-o", "out.shp"], ["-o", "out.fgb"]])
    func projected(_ output: [String]) throws {
        let run = try CLI.overlay("firms-utf8.csv", ["-t", "EPSG:4544"] + output.dropLast(2), output: output.last!)
        try #require(run.status == 0, "\(run)")
        let source = try VectorSource(path: run.path(output.last!))
        #expect(source.spatialReference?.authorityCode == "EPSG:4544")
        let features = try source.next(batch: 100)
        let lon = try #require(source.fields.firstIndex { $0.name == "lon" })
        let lat = try #require(source.fields.firstIndex { $0.name == "lat" })
        #expect(features.count == 11)
        for feature in features {
            guard case .real(let x) = feature.values[lon], case .real(let y) = feature.values[lat],
                case .point(let px, let py) = feature.geometry
            else {
                Issue.record("row \(feature.number): \(feature.values) \(feature.geometry)")
                continue
            }
            let want = try Self.expected(lon: x, lat: y, to: "EPSG:4544")
            #expect(abs(px - want.x) < 1e-3 && abs(py - want.y) < 1e-3, "\(px) \(py) vs \(want)")
        }
        if output.last == "out.gpkg" { #expect(try Program.geoPackageProblems(run.path("out.gpkg")) == nil) }
    }

    @Test("polygons reprojected too: parks in CGCS2000 Gauss-Kruger metres, a valid GeoPackage")
    func polygons() throws {
        let parks = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/parks.geojson").path
        let run = try CLI.run(["overlay", parks, "-t", "EPSG:4544", "-o", "parks.gpkg"])
        try #require(run.status == 0, "\(run)")
        #expect(try Program.geoPackageProblems(run.path("parks.gpkg")) == nil)
        let info = try CLI.ogrinfo(run.path("parks.gpkg"))
        #expect(info.contains("Geometry: Multi Polygon") && info.contains("ID[\"EPSG\",4544]"), "\(info.prefix(400))")
        let extent = try #require(info.split(separator: "\n").first { $0.hasPrefix("Extent: (") })
        let x = try #require(Double(extent.dropFirst("Extent: (".count).prefix { $0 != "," }))
        #expect(x > 300_000 && x < 700_000, "easting in metres: \(extent)")
    }

    @Test("zones and fit write their unit layers in the CRS asked for, and refuse it for GeoJSON")
    func unitLayers() throws {
        let sample = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv").path
        let zones = try CLI.run(["zones", "-t", "EPSG:4544", "-o", "units.gpkg"])
        let fit = try CLI.run(["fit", "--enterprises", sample, "--runs", "0", "-t", "EPSG:4544", "-o", "fit.shp"])
        for (run, file) in [(zones, "units.gpkg"), (fit, "fit.shp")] {
            try #require(run.status == 0, "\(run)")
            let info = try CLI.ogrinfo(run.path(file))
            #expect(
                info.contains("ID[\"EPSG\",4544]") || info.contains("3-degree Gauss-Kruger CM 105E"),
                "\(info.prefix(300))")
        }
        #expect(try Program.geoPackageProblems(zones.path("units.gpkg")) == nil)
        let refused = try CLI.run(["zones", "-t", "EPSG:4544", "-o", "units.geojson"])
        #expect(refused.status == 1 && refused.stderr.contains("RFC 7946"), "\(refused)")
        #expect(!refused.folderEntries.contains("units.geojson"))
    }

    @Test("CGCS2000 (EPSG:4490) recorded in a Shapefile's .prj")
    func cgcs2000() throws {
        let run = try CLI.overlay("firms-utf8.csv", ["-t", "EPSG:4490"], output: "out.shp")
        try #require(run.status == 0, "\(run)")
        let prj = try String(contentsOfFile: run.path("out.prj"), encoding: .utf8)
        #expect(prj.contains("China Geodetic Coordinate System 2000") || prj.contains("CGCS2000"), "\(prj)")
        #expect(try VectorSource(path: run.path("out.shp")).spatialReference?.authorityCode == "EPSG:4490")
    }

    @Test("GeoJSON and tables refuse another CRS, in one line naming the option, and write nothing")
    func refused() throws {
        for output in ["out.geojson", "out.csv"] {
            let run = try CLI.overlay("firms-utf8.csv", ["-t", "EPSG:4544"], output: output)
            #expect(run.status == 1 && run.stderrLines.count == 1, "\(run)")
            #expect(run.stderr.contains("WGS84") && run.stderr.contains("-t/--dst-crs"), "\(run.stderr)")
            #expect(run.folderEntries.isEmpty, "\(run.folderEntries)")
        }
        let unknown = try CLI.overlay("firms-utf8.csv", ["-t", "EPSG:999999"], output: "out.gpkg")
        #expect(unknown.status == 1 && unknown.stderr.contains("EPSG:999999"), "\(unknown)")
    }
}
