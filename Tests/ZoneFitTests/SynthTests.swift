import Foundation
import GeoKit
import Testing

@testable import ZoneFit

/// `zonefit synth` on the shipped Chengdu scheme, in a temporary folder.
@Suite("Synthetic enterprises")
struct SynthTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let layer: Result<ZoneLayer, Error> = Result {
        try ZoneLayerBuilder.build(
            ZoneScheme(contentsOf: repository.appendingPathComponent("GeoData/chengdu/zones.toml").path))
    }

    let layer: ZoneLayer
    let folder: URL

    init() throws {
        layer = try Self.layer.get()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("zonefit-synth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @discardableResult
    func synth(_ name: String, count: Int = 3_000, seed: UInt64 = 7, workers: Int = 2, parks: String? = nil) throws -> (
        String, SynthSummary
    ) {
        var request = SynthRequest(count: count, seed: seed, output: path(name))
        request.workers = workers
        request.batchSize = 1_000  // several batches
        request.parksPath = parks
        return (path(name), try SynthRun.run(request, layer: layer))
    }

    func rows(_ path: String) throws -> (fields: [String], rows: [[String: String]]) { try OutputRows.read(path) }

    @Test func sameSeedSameBytesWhateverTheWorkers() throws {
        let (a, _) = try synth("a.csv", workers: 1)
        let (b, _) = try synth("b.csv", workers: 3)
        let (c, _) = try synth("c.csv", seed: 8)
        let bytes = try [a, b, c].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(bytes[0] == bytes[1])
        #expect(bytes[0] != bytes[2])
    }

    @Test func rowsAreWellFormed() throws {
        let (output, summary) = try synth("firms.csv")
        #expect(summary.written == 3_000)
        let (fields, rows) = try rows(output)
        #expect(
            fields == [
                "id", "name", "uscc", "industry_code", "employees", "revenue", "value_added", "tax",
                "energy_tce", "water_m3", "land_m2", "chain_leader", "keep", "lon", "lat", "address", "status",
                "provenance",
            ])
        #expect(rows.count == 3_000)
        #expect(rows.first?["id"] == "SYN00000001" && rows.last?["id"] == "SYN00003000")
        #expect(Set(rows.map { $0["uscc"]! }).count == rows.count, "codes do not repeat")
        let classCode = /^[A-T][0-9]{4}$/
        for row in rows {
            #expect(UnifiedSocialCreditCode.isValid(row["uscc"]!), "\(row["id"]!): \(row["uscc"]!)")
            #expect(row["industry_code"]!.wholeMatch(of: classCode) != nil, "\(row["industry_code"]!)")
            #expect(row["name"]!.hasPrefix("成都") && row["name"]!.hasSuffix("有限公司"))
            #expect(row["provenance"] == "synthetic")
            #expect(["存续", "在业", "迁出", "注销", "吊销"].contains(row["status"]!), "\(row["status"]!)")
            let address = row["address"]!
            #expect(SynthRegistration.roads.contains { address.contains($0) } && address.hasSuffix("号"), "\(address)")
            #expect(["true", "false"].contains(row["chain_leader"]!) && ["true", "false"].contains(row["keep"]!))
            #expect((Int(row["employees"]!) ?? 0) >= 1)
            for field in ["revenue", "value_added", "tax", "energy_tce", "water_m3", "land_m2"] {
                #expect((Double(row[field]!) ?? -1) >= 0, "\(field) \(row[field]!)")
            }
        }
    }

    /// Overlaid with the library, every firm is inside the city, in the district its code names,
    /// and the core holds more trade and warehousing than the suburban towns.
    @Test func firmsLieInTheCityAndTheMixDiffersByZone() throws {
        let (output, _) = try synth("firms.csv", count: 6_000)
        let overlaid = path("overlaid.csv")
        let summary = try OverlayRun.run(OverlayRequest(input: output, output: overlaid), layer: layer)
        #expect(summary.rejectedByReason[.outside] == nil)
        #expect(summary.written == 6_000 && summary.reconciles)
        let rows = try rows(overlaid).rows
        #expect(rows.allSatisfy { $0["uscc"]!.dropFirst(2).prefix(6) == Substring($0["adcode"]!) })
        func share(_ rows: [[String: String]]) -> Double {
            Double(rows.filter { ["F51", "F52", "G59"].contains(String($0["industry_code"]!.prefix(3))) }.count)
                / Double(max(1, rows.count))
        }
        let core = rows.filter { $0["zone"] == "central" && ["1", "true"].contains($0["is_core"]!) }
        let suburban = rows.filter { $0["zone"] == "suburban" }
        let newArea = rows.filter { $0["zone"] == "new_area" }
        #expect(core.count > 300 && suburban.count > 300 && newArea.count > 300)
        #expect(share(core) > 1.5 * share(suburban), "core \(share(core)), suburban \(share(suburban))")
        let software = { (rows: [[String: String]]) in
            Double(rows.filter { $0["industry_code"]!.hasPrefix("I65") }.count) / Double(rows.count)
        }
        #expect(software(newArea) > 2 * software(suburban))
    }

    @Test func parkFirmsTakeTheParksLeadingIndustries() throws {
        let parks = path("parks.geojson")
        try """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"pv","name":"示例光伏园","leading_industries":["C3825","C3841"]},
        "geometry":{"type":"Polygon","coordinates":[[[104.075,30.650],[104.085,30.650],[104.085,30.660],[104.075,30.660],[104.075,30.650]]]}}]}
        """.write(toFile: parks, atomically: true, encoding: .utf8)
        let (output, summary) = try synth("firms.csv", count: 2_000, parks: parks)
        #expect(summary.parks == 1)
        #expect(summary.inParks > 400 && summary.inParks < 600, "about a quarter: \(summary.inParks)")
        let inPark = try rows(output).rows.filter {
            let lon = Double($0["lon"]!)!
            let lat = Double($0["lat"]!)!
            return lon > 104.075 && lon < 104.085 && lat > 30.650 && lat < 30.660
        }
        #expect(inPark.count >= summary.inParks)
        #expect(inPark.filter { ["C3825", "C3841"].contains($0["industry_code"]!) }.count >= summary.inParks)
    }

    @Test func leadingIndustriesParse() {
        #expect(ParkPolygon.parseCodes("(3:C38,I65,G59)") == ["C38", "I65", "G59"])
        #expect(ParkPolygon.parseCodes("[\"C3825\", \"c39\"]") == ["C3825", "C39"])
        #expect(ParkPolygon.parseCodes("C27、M73 pv") == ["C27", "M73"])
        #expect(
            SynthIndustryMix.classes(matching: "C38").map { SynthIndustryMix.classes[$0].code }.allSatisfy {
                $0.hasPrefix("C38")
            })
    }
}
