import Foundation
import TestSupport
import Testing

@testable import GeoKit

/// zonefit's own GeoPackage writer, read back through GDAL and checked by GDAL's
/// validator and SQLite's own R-tree check.
@Suite("GeoPackage writer")
struct GeoPackageWriterTests {
    let folder: URL
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gpkg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    static let fields = [
        FieldDefinition("name", .string), FieldDefinition("count", .integer), FieldDefinition("share", .real),
        FieldDefinition("flag", .boolean),
    ]

    /// Points spread unevenly (a dense cluster and a sparse rest), a deterministic sequence.
    static func points(_ count: Int) -> [(x: Double, y: Double)] {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        return (0..<count).map { index in
            index % 3 == 0
                ? (103.0 + 2 * next(), 30.0 + 1.5 * next()) : (104.06 + 0.01 * next(), 30.65 + 0.01 * next())
        }
    }

    /// `fidStride`: the ids' spacing (1: dense, as a register's rows; wide: sparse, as a filtered source's FIDs).
    /// `boxesInMemory`: small, to have the R-tree's boxes spooled to disk and merged.
    func writePoints(
        _ points: [(x: Double, y: Double)], name: String, fidStride: Int64 = 1, boxesInMemory: Int = 1 << 19
    ) throws -> String {
        let path = folder.appendingPathComponent(name).path
        let writer = try GeoPackageWriter(
            path: path, table: "firms", fields: Self.fields, geometry: .point, crs: .wgs84(),
            boxesInMemory: boxesInMemory)
        let tape = ByteBuffer()
        for (index, point) in points.enumerated() {
            GeoPackageTape.beginRow(fid: Int64(index + 10) * fidStride, x: point.x, y: point.y, to: tape)
            GeoPackageTape.append(text: index % 7 == 0 ? "" : "企业 \(index) \"q\"", to: tape)
            index % 5 == 0
                ? GeoPackageTape.appendNull(to: tape) : GeoPackageTape.append(integer: Int64(index), to: tape)
            GeoPackageTape.append(real: Double(index) / 8, to: tape)
            GeoPackageTape.append(.boolean(index % 2 == 0), as: .boolean, to: tape)
            if tape.count > 10_000 {
                try writer.insert(tape)
                tape.removeAll()
            }
        }
        try writer.insert(tape)
        writer.setMetadata("{\"tool\":\"zonefit\",\"note\":\"<&>\"}", forKey: "ZONEFIT_PROVENANCE")
        try writer.close()
        return path
    }

    @Test(
        "points: every row, value and id read back through GDAL; the R-tree checks and answers queries",
        arguments: [1 << 19, 700])  // the boxes in memory, or spooled in five runs and merged
    func points(boxesInMemory: Int) throws {
        let points = Self.points(3_000)  // more than 51 × 51: a root, an inner level and leaves
        let path = try writePoints(points, name: "points.gpkg", boxesInMemory: boxesInMemory)
        #expect(try Program.geoPackageProblems(path) == nil)

        let source = try VectorSource(path: path)
        #expect(source.declaresPoints)
        #expect(source.spatialReference?.authorityCode == "EPSG:4326")
        #expect(source.fields.map(\.name) == Self.fields.map(\.name))
        let features = try source.next(batch: 10_000)
        #expect(features.count == points.count)
        for (index, feature) in features.enumerated() {
            #expect(feature.fid == Int64(index + 10))
            #expect(feature.geometry == .point(x: points[index].x, y: points[index].y))
            #expect(feature.values[0] == .string(index % 7 == 0 ? "" : "企业 \(index) \"q\""))
            #expect(feature.values[1] == (index % 5 == 0 ? .null : .integer(Int64(index))))
            #expect(feature.values[2] == .real(Double(index) / 8))
            #expect(feature.values[3] == .boolean(index % 2 == 0))
        }

        let database = try SQLiteDatabase(path: path)
        #expect(try database.text("SELECT rtreecheck('rtree_firms_geom')") == "ok")
        #expect(try database.text("SELECT count(*) FROM rtree_firms_geom") == "3000")
        #expect(try database.text("SELECT feature_count FROM gpkg_ogr_contents") == "3000")
        let depth = try database.text("SELECT hex(substr(data, 1, 2)) FROM rtree_firms_geom_node WHERE nodeno = 1")
        #expect(depth == "0002", "root, one inner level, leaves")
        // A window query through the index finds exactly the points a scan finds.
        let window = (minX: 104.062, maxX: 104.065, minY: 30.651, maxY: 30.656)
        let expected = Set(
            points.indices.filter {
                (window.minX...window.maxX).contains(points[$0].x) && (window.minY...window.maxY).contains(points[$0].y)
            }.map { String($0 + 10) })
        let found = try database.texts(
            "SELECT id FROM rtree_firms_geom WHERE minx <= \(window.maxX) AND maxx >= \(window.minX) "
                + "AND miny <= \(window.maxY) AND maxy >= \(window.minY)")
        #expect(!expected.isEmpty)
        #expect(expected.isSubset(of: Set(found)), "the index holds every point of the window")
        #expect(Set(found).count - expected.count <= 2, "float32 boxes let in only points at the window's edge")
        let minX = points.map(\.x).min()!
        let maxY = points.map(\.y).max()!
        #expect(try database.text("SELECT min_x = \(minX) AND max_y = \(maxY) FROM gpkg_contents") == "1")
    }

    @Test("sparse ids: the index maps each id to its leaf all the same")
    func sparseIDs() throws {
        let path = try writePoints(Self.points(3_000), name: "sparse.gpkg", fidStride: 1_000)
        #expect(try Program.geoPackageProblems(path) == nil)
        let database = try SQLiteDatabase(path: path)
        #expect(try database.text("SELECT rtreecheck('rtree_firms_geom')") == "ok")
        #expect(try database.text("SELECT count(*) FROM rtree_firms_geom_rowid WHERE rowid % 1000 = 0") == "3000")
    }

    @Test("the metadata reads back through GDAL, escaped as XML")
    func metadata() throws {
        let path = try writePoints(Self.points(3), name: "meta.gpkg")
        let info = try ogrinfo(["-so", "-al", path])
        #expect(info.contains("ZONEFIT_PROVENANCE={\"tool\":\"zonefit\",\"note\":\"<&>\"}"), "\(info.prefix(300))")
    }

    @Test("a polygon is written as a MultiPolygon with its envelope; an empty layer is valid")
    func polygonsAndEmpty() throws {
        let path = folder.appendingPathComponent("units.gpkg").path
        let writer = try GeoPackageWriter(
            path: path, table: "units", fields: [FieldDefinition("name", .string)], geometry: .multiPolygon,
            crs: .wgs84())
        let square = try Geometry(wkt: "POLYGON ((104 30, 105 30, 105 31, 104 31, 104 30))", in: GEOSContext())
        let tape = ByteBuffer()
        GeoPackageTape.beginRow(fid: nil, geometry: .wkb(try square.wkb()), to: tape)
        GeoPackageTape.append(text: "锦江区", to: tape)
        try writer.insert(tape)
        try writer.close()
        #expect(try Program.geoPackageProblems(path) == nil)
        let info = try ogrinfo(["-al", path])
        #expect(info.contains("Geometry: Multi Polygon"))
        #expect(info.contains("MULTIPOLYGON (((104 30,105 30,105 31,104 31,104 30)))"), "\(info)")
        let database = try SQLiteDatabase(path: path)
        #expect(try database.text("SELECT rtreecheck('rtree_units_geom')") == "ok")
        #expect(try database.text("SELECT minx || ' ' || maxy FROM rtree_units_geom") == "104.0 31.0")

        let empty = try writePoints([], name: "empty.gpkg")
        #expect(try Program.geoPackageProblems(empty) == nil)
        let emptyInfo = try ogrinfo(["-so", "-al", empty])
        #expect(emptyInfo.contains("Feature Count: 0"))
    }

    @Test("a field named like the id or geometry column gets them renamed")
    func reservedNames() throws {
        let path = folder.appendingPathComponent("names.gpkg").path
        let writer = try GeoPackageWriter(
            path: path, table: "t", fields: [FieldDefinition("FID", .string), FieldDefinition("geom", .integer)],
            geometry: .point, crs: .wgs84())
        let tape = ByteBuffer()
        GeoPackageTape.beginRow(fid: 1, x: 104, y: 30, to: tape)
        GeoPackageTape.append(text: "a", to: tape)
        GeoPackageTape.append(integer: 7, to: tape)
        try writer.insert(tape)
        try writer.close()
        #expect(try Program.geoPackageProblems(path) == nil)
        let source = try VectorSource(path: path)
        #expect(source.fields.map(\.name) == ["FID", "geom"])
        #expect(try source.next(batch: 10).first?.values == [.string("a"), .integer(7)])
    }
}

extension SQLiteDatabase {
    /// The first column of every row of a query, as text.
    func texts(_ sql: String) throws -> [String] {
        let statement = try prepare(sql)
        var values: [String] = []
        while try statement.next() {
            values.append(statement.blob(0).isEmpty ? "" : String(decoding: statement.blob(0), as: UTF8.self))
        }
        return values
    }

    func text(_ sql: String) throws -> String? { try texts(sql).first }
}

/// `ogrinfo ARGUMENTS`' output.
func ogrinfo(_ arguments: [String]) throws -> String { try Program.output(of: ["ogrinfo"] + arguments).text }

@Suite("Hilbert sorter")
struct HilbertSorterTests {
    @Test("spooled to disk and merged, the cells come back in the same key order as sorted in memory")
    func spooledMatchesInMemory() throws {
        let extent = GeoPackageBlob.Envelope(minX: 103, maxX: 105, minY: 30, maxY: 31.5)
        let points = GeoPackageWriterTests.points(2_500)
        func order(chunk: Int) throws -> [(id: Int64, key: Int64)] {
            let sorter = HilbertSorter(chunkSize: chunk)
            for (index, point) in points.enumerated() {
                try sorter.append(
                    RTreeCell(id: Int64(index), .init(minX: point.x, maxX: point.x, minY: point.y, maxY: point.y)))
            }
            var seen: [(id: Int64, key: Int64)] = []
            try sorter.forEachInOrder(in: extent) { cell in
                let centre = GeoPackageBlob.Envelope(
                    minX: Double(cell.minX), maxX: Double(cell.maxX), minY: Double(cell.minY), maxY: Double(cell.maxY))
                seen.append((cell.id, GeoPackageRTree.hilbertIndex(centre, in: extent)))
            }
            return seen
        }
        let inMemory = try order(chunk: 10_000)
        let merged = try order(chunk: 300)  // nine runs
        #expect(merged.count == points.count)
        #expect(zip(merged, merged.dropFirst()).allSatisfy { $0.key <= $1.key }, "keys never decrease")
        #expect(merged.map(\.key) == inMemory.map(\.key))
        #expect(Set(merged.map(\.id)) == Set(0..<Int64(points.count)))
    }
}
