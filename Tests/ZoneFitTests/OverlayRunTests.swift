import Foundation
import GeoKit
import Testing

@testable import ZoneFit

@Suite("The overlay pipeline: every row in exactly one place")
struct OverlayRunTests {
    let toy: ToyScheme
    let layer: ZoneLayer

    init() throws {
        toy = try ToyScheme()
        layer = try toy.build()
    }

    func rows(_ path: String) throws -> [[String: String]] { try OutputRows.read(path).rows }

    @Test func reconciliationAndRejectReasons() throws {
        let input = try toy.write(
            "firms.csv",
            """
            id,名称,经度,纬度
            1,甲,104.05,30.08
            2,边界,104.1,30.08
            3,新区,104.11,30.03
            4,外,104.25,30.05
            5,文字,abc,30.05
            6,空,,
            7,颠倒,30.05,104.05
            8,全角,１０４.１５,３０.０８
            9,超界,200,30
            """)
        var request = OverlayRequest(input: input, output: toy.folder.appendingPathComponent("out.csv").path)
        request.workers = 2
        request.batchSize = 3  // several batches, split across both workers
        let summary = try OverlayRun.run(request, layer: layer)
        #expect(summary.read == 9 && summary.written == 4 && summary.rejected == 5 && summary.reconciles)
        #expect(
            summary.rejectedByReason == [
                .outside: 1, .nonNumeric: 1, .missingCoordinates: 1, .swapped: 1, .outOfRange: 1,
            ])

        let written = try rows(try #require(request.output))
        #expect(written.map { $0["id"]! } == ["1", "2", "3", "8"], "input order is kept")
        #expect(written.map { $0["unit"]! } == ["A", "A", "f", "B"])
        #expect(written.map { $0["adcode"]! } == ["510001", "510001", "510002", "510002"])
        #expect(written[0]["名称"] == "甲" && written[0]["is_core"] == "1" && written[2]["zone"] == "new_area")
        let rejected = try rows(request.rejectsPath)
        #expect(rejected.map { $0["row"]! } == ["4", "5", "6", "7", "9"])
        #expect(
            rejected.map { $0["reason"]! } == [
                "outside", "non_numeric", "missing_coordinates", "swapped", "out_of_range",
            ])
        #expect(rejected[1]["名称"] == "文字")
    }

    @Test func parallelAndSingleThreadedRunsAgree() throws {
        var lines = ["id,lon,lat"]
        var generator = SeededRandom(seed: 42)
        for id in 0..<5_000 {
            lines.append("\(id),\(104.0 + 0.25 * generator.unit()),\(29.99 + 0.12 * generator.unit())")
        }
        let input = try toy.write("many.csv", lines.joined(separator: "\n"))
        var results: [[String]] = []
        for workers in [1, 2] {
            var request = OverlayRequest(
                input: input, output: toy.folder.appendingPathComponent("w\(workers).csv").path)
            request.workers = workers
            request.batchSize = 777
            let summary = try OverlayRun.run(request, layer: layer)
            #expect(summary.reconciles && summary.read == 5_000)
            results.append(
                try rows(try #require(request.output)).map { "\($0["id"]!):\($0["unit"]!):\($0["adcode"]!)" })
        }
        #expect(results[0] == results[1])
    }

    @Test func failedRunLeavesNoOutput() throws {
        let input = try toy.write("header-only.csv", "id,lon,lat\n")
        let output = toy.folder.appendingPathComponent("none.geojson").path
        #expect(throws: ZoneFitError.self) {
            try OverlayRun.run(OverlayRequest(input: input, output: output), layer: layer)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: toy.folder.path)
        #expect(!left.contains { $0.contains("none") }, "no output, rejects or temporary file: \(left)")
    }

    @Test func gcj02InputLandsWhereItsWGS84TwinDoes() throws {
        let wgs = (lon: 104.0999, lat: 30.0301)  // just inside F's western half, 10 m from A/B
        let gcj = ChinaDatum.gcj02.fromWGS84(lon: wgs.lon, lat: wgs.lat)
        let input = try toy.write("gcj.csv", "id,lng,lat\n1,\(gcj.lon),\(gcj.lat)\n")
        var request = OverlayRequest(input: input, output: toy.folder.appendingPathComponent("gcj.geojson").path)
        request.sourceCRS = try SourceCRS(option: "gcj02")
        _ = try OverlayRun.run(request, layer: layer)
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: try #require(request.output))))
            as? [String: Any]
        let feature = try #require((json?["features"] as? [[String: Any]])?.first)
        #expect((feature["properties"] as? [String: Any])?["adcode"] as? String == "510001")
        let point = try #require((feature["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        #expect(abs(point[0] - wgs.lon) < 1e-8 && abs(point[1] - wgs.lat) < 1e-8)
    }
}

@Suite("Reading coordinates from tables")
struct CoordinateColumnTests {
    @Test func columnsAreFoundByCommonNames() throws {
        let fields = ["编号", "企业名称", "经度", "纬度"].map { FieldDefinition($0, .string) }
        #expect(try CoordinateColumns.find(in: fields, x: nil, y: nil, file: "f.csv") == .init(x: 2, y: 3))
        let english = ["ID", " Longitude ", "LAT"].map { FieldDefinition($0, .string) }
        #expect(try CoordinateColumns.find(in: english, x: nil, y: nil, file: "f.csv") == .init(x: 1, y: 2))
        #expect(throws: ZoneFitError.self) {
            try CoordinateColumns.find(in: [FieldDefinition("name", .string)], x: nil, y: nil, file: "f.csv")
        }
        #expect(throws: ZoneFitError.self) { try CoordinateColumns.find(in: fields, x: "东", y: "纬度", file: "f.csv") }
    }

    @Test func cellTextParsing() throws {
        #expect(try NumericCell.parse(.string(" 104.06 ")) == 104.06)
        #expect(try NumericCell.parse(.string("１０４.０６")) == 104.06)
        #expect(try NumericCell.parse(.real(30.5)) == 30.5)
        #expect(try NumericCell.parse(.integer(104)) == 104)
        for bad: FieldValue in [.null, .string(""), .string("abc"), .string("NaN"), .string("inf"), .real(.nan)] {
            #expect(throws: NumericCell.Problem.self) { try NumericCell.parse(bad) }
        }
    }
}
