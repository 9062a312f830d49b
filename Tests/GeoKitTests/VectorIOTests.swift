import Foundation
import Testing

@testable import GeoKit

@Suite("OGR reading and writing, GeoJSON writer")
struct VectorIOTests {
    let folder: URL
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("geokit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    @Test func gbkCSVTextIsDecoded() throws {
        // "名称" and "锦江区" in GBK.
        let gbk: [UInt8] =
            [0xC3, 0xFB, 0xB3, 0xC6] + Array(",lon,lat\n".utf8) + [0xBD, 0xF5, 0xBD, 0xAD, 0xC7, 0xF8]
            + Array(",104.08,30.65\n".utf8)
        let path = folder.appendingPathComponent("gbk.csv").path
        FileManager.default.createFile(atPath: path, contents: Data(gbk))
        let source = try VectorSource(path: path)
        #expect(source.fields.map(\.name) == ["名称", "lon", "lat"])
        let feature = try #require(try source.next())
        #expect(feature.values == [.string("锦江区"), .string("104.08"), .string("30.65")])
        #expect(try source.next() == nil)
    }

    @Test func missingEmptyAndFolderInputsAreRefused() throws {
        let empty = folder.appendingPathComponent("empty.csv").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(throws: GeoKitError.self) { try VectorSource(path: folder.appendingPathComponent("nope.csv").path) }
        #expect(throws: GeoKitError.self) { try VectorSource(path: empty) }
        #expect(throws: GeoKitError.self) { try VectorSource(path: folder.path) }
    }

    @Test func flatGeobufRoundTripKeepsTypesAndCRS() throws {
        let path = folder.appendingPathComponent("out.fgb").path
        let fields = [
            FieldDefinition("name", .string), FieldDefinition("n", .integer),
            FieldDefinition("share", .real), FieldDefinition("is_core", .boolean),
        ]
        let sink = try VectorSink(
            path: path, driver: "FlatGeobuf", layerName: "firms", fields: fields, geometry: .point)
        try sink.write(
            [.string("春熙路"), .integer(7), .real(0.25), .boolean(true)], geometry: .point(x: 104.08, y: 30.657))
        try sink.write([.null, .integer(-1), .real(1), .boolean(false)], geometry: .point(x: 103.6, y: 31))
        try sink.close()

        let source = try VectorSource(path: path)
        #expect(source.spatialReference?.authorityCode == "EPSG:4326")
        #expect(source.fields == fields)
        let first = try #require(try source.next())
        #expect(first.values == [.string("春熙路"), .integer(7), .real(0.25), .boolean(true)])
        #expect(first.geometry == .point(x: 104.08, y: 30.657))
        let second = try #require(try source.next())
        #expect(second.values[0] == .null)
    }

    @Test func geoJSONWriterIsRFC7946WithProvenanceAndExactCoordinates() throws {
        let path = folder.appendingPathComponent("out.geojson").path
        let context = try GEOSContext()
        let clockwise = try Geometry(wkt: "POLYGON ((104 30, 104 30.1, 104.1 30.1, 104.1 30, 104 30))", in: context)
        let writer = try GeoJSONWriter(
            path: path, layout: .featureCollection, name: "t",
            fields: [FieldDefinition("名称", .string), FieldDefinition("v", .real)])
        try writer.write(
            id: 1, values: [.string("a \"quoted\"\n"), .real(.nan)], geometry: .point(x: 104.06570000000001, y: 30.1))
        try writer.write(id: 2, values: [.null, .real(2.5)], geometry: .wkb(try clockwise.wkb()))
        try writer.close(members: [("provenance", "{\"tool\":\"zonefit\"}")])

        let json = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(json["crs"] == nil)
        #expect((json["provenance"] as? [String: Any])?["tool"] as? String == "zonefit")
        let features = try #require(json["features"] as? [[String: Any]])
        let first = try #require(features.first)
        #expect((first["properties"] as? [String: Any])?["名称"] as? String == "a \"quoted\"\n")
        #expect((first["properties"] as? [String: Any])?["v"] is NSNull)
        let point = try #require((first["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        #expect(point == [104.06570000000001, 30.1])
        let polygon = try #require((features[1]["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])
        let shell = polygon[0]
        let twiceArea = zip(shell, shell.dropFirst()).reduce(0.0) { $0 + ($1.0[0] * $1.1[1] - $1.1[0] * $1.0[1]) }
        #expect(twiceArea > 0, "RFC 7946 exterior rings are counter-clockwise")
    }
}
