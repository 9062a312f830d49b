import Foundation
import GeoKit
import TestSupport
import Testing

/// Every GeoPackage the commands write passes GDAL's validator and holds what the CSV output holds.
@Suite("GeoPackage outputs")
struct GeoPackageCLITests {
    static let sample = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv").path

    @Test(
        "points (streaming and through OGR), units, fit and mixed geometries pass validate_gpkg.py",
        arguments: [
            ["overlay", sample, "-o", "out.gpkg"],
            ["overlay", sample, "--via-ogr", "-o", "out.gpkg"],
            ["relocate", sample, "-o", "out.gpkg"],
            ["zones", "-o", "out.gpkg"],
            ["fit", "--enterprises", sample, "--runs", "0", "-o", "out.gpkg"],
            // Points and polygons in one source: the layer declares any geometry.
            ["overlay", CLI.fixture("mixed.geojson"), "-o", "out.gpkg"],
        ])
    func valid(_ args: [String]) throws {
        let run = try CLI.run(args)
        try #require(run.status == 0, "\(args): \(run)")
        let problems = try Program.geoPackageProblems(run.path("out.gpkg"))
        #expect(problems == nil, "\(args): \(problems ?? "")")
    }

    @Test("a layer with no rows (every firm rejected) is a valid, empty GeoPackage")
    func emptyLayer() throws {
        let folder = try CLI.newFolder()
        let input = folder.appendingPathComponent("far.csv").path
        try "id,lon,lat\n1,0.5,0.5\n2,1.5,1.5\n".write(toFile: input, atomically: true, encoding: .utf8)
        let run = try CLI.run(["overlay", input, "-o", "out.gpkg"])
        try #require(run.status == 0, "\(run)")
        #expect(CLI.reconciliation(run).map { [$0.read, $0.written, $0.rejected] } == [2, 0, 2])
        #expect(try Program.geoPackageProblems(run.path("out.gpkg")) == nil)
        #expect(try CLI.ogrinfo(run.path("out.gpkg")).contains("Feature Count: 0"))
    }

    @Test("the streaming GeoPackage and the one written through OGR hold the same rows, typed as the CSV's columns")
    func sameRowsBothPaths() throws {
        let streamed = try CLI.run(["relocate", Self.sample, "-o", "out.gpkg"])
        let throughOGR = try CLI.run(["relocate", Self.sample, "--via-ogr", "-o", "out.gpkg"])
        let csv = try CLI.run(["relocate", Self.sample, "-o", "out.csv"])
        for run in [streamed, throughOGR, csv] { try #require(run.status == 0, "\(run)") }
        let (fieldsA, a) = try Self.features(streamed.path("out.gpkg"))
        let (fieldsB, b) = try Self.features(throughOGR.path("out.gpkg"))
        let (fieldsC, c) = try Self.features(csv.path("out.csv"))
        #expect(fieldsA == fieldsB)
        // The CSV's .csvt gives GDAL the same names and types.
        #expect(fieldsA == fieldsC)
        #expect(fieldsA.first { $0.name == "employees" }?.type == .integer)
        #expect(a.count == b.count && a.count == c.count && !a.isEmpty)
        for (index, feature) in a.enumerated() {
            #expect(
                feature.fid == b[index].fid && feature.values == b[index].values, "row \(index + 1): streaming vs OGR")
            // A CSV cannot tell an empty text from none: compare texts with none as empty.
            let texts = zip(feature.values, fieldsA).map { $1.type == .string && $0 == .null ? .string("") : $0 }
            #expect(texts == c[index].values, "row \(index + 1): GeoPackage vs CSV")
            #expect(feature.geometry == b[index].geometry)
        }
    }

    static func features(_ path: String) throws -> ([FieldDefinition], [SourceFeature]) {
        let source = try VectorSource(path: path)
        return (source.fields, try source.next(batch: 1_000_000))
    }
}
