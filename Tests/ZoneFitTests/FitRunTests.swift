import Foundation
import GeoKit
import Testing

@testable import ZoneFit

/// `fit` end to end on the shipped scheme, fit profile and rules, with small enterprise files.
@Suite("fit: indicators from table, layers and enterprises")
struct FitRunTests {
    let layer: ZoneLayer
    let rules: NoncoreProfile
    let folder: URL

    init() throws {
        layer = try ZoneLayerBuilder.build(ZoneScheme(contentsOf: RepositoryFiles.scheme))
        rules = try NoncoreProfile(contentsOf: RepositoryFiles.noncoreProfile)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func profile() throws -> FitProfile {
        try FitProfile(contentsOf: RepositoryFiles.path("GeoData/chengdu/fit-profile.toml"))
    }

    /// Two firms in 锦江, one in 简阳; every other unit has none.
    func enterprises() throws -> OverlayRequest {
        let path = folder.appendingPathComponent("firms.csv").path
        try """
        id,name,industry_code,value_added,energy_tce,water_m3,land_m2,revenue,lon,lat
        1,鞋厂,C1953,100,20,500,4000,300,104.0806,30.6574
        2,光伏厂,C3825,300,30,900,6000,1200,104.0806,30.6574
        3,家具厂,C2110,50,25,100,8000,150,104.547,30.410
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return OverlayRequest(input: path, output: folder.appendingPathComponent("unused.csv").path)
    }

    func run(_ profile: FitProfile) throws -> FitResult {
        var request = FitRequest(output: folder.appendingPathComponent("fit.geojson").path)
        request.enterprises = try enterprises()
        return try FitRun.run(request, profile: profile, rules: rules, layer: layer)
    }

    @Test func enterpriseLoadIsAggregatedPerUnit() throws {
        let result = try run(profile())
        let jinjiang = try #require(result.layer.units.firstIndex { $0.id == "510104" })
        func raw(_ id: String, _ unit: Int) throws -> Double {
            result.raw[unit][try #require(result.indicators.firstIndex { $0.id == id })]
        }
        // 锦江: energy (20 + 30) / value added (100 + 300); one of two manufacturers high-tech? C3825 is not
        // in the NBS list, so 0; the PV maker is in a green chain (1 of 2 firms); the shoe maker is non-core.
        #expect(abs(try raw("energy_per_va", jinjiang) - 50.0 / 400) < 1e-12)
        #expect(abs(try raw("water_per_va", jinjiang) - 1400.0 / 400) < 1e-12)
        #expect(abs(try raw("green_chain_share", jinjiang) - 0.5) < 1e-12)
        #expect(abs(try raw("noncore_share", jinjiang) - 0.5) < 1e-12)
        #expect(abs(try raw("output_per_mu", jinjiang) - 1500.0 / (10_000 / 666.67)) < 1e-9)
        #expect(
            abs(try raw("industrial_land_density", jinjiang) - 10_000 / result.layer.units[jinjiang].areaKm2) < 1e-9)
    }

    @Test func unitsWithoutEnterprisesAreImputedAndReported() throws {
        let result = try run(profile())
        // 21 units have no firms: their intensities are missing; shares of nothing are 0.
        let imputed = result.missing.filter { $0.indicator == "energy_per_va" }
        #expect(imputed.count == 21)
        #expect(imputed.allSatisfy { $0.action.hasPrefix("median imputed") })
        let dongbu = try #require(result.layer.units.firstIndex { $0.id == "dongbu" })
        let share = try #require(result.indicators.firstIndex { $0.id == "green_chain_share" })
        #expect(result.raw[dongbu][share] == 0)
        // The median of the two units that have value added.
        let energy = try #require(result.indicators.firstIndex { $0.id == "energy_per_va" })
        #expect(abs(result.raw[dongbu][energy] - (50.0 / 400 + 25.0 / 50) / 2) < 1e-12)
    }

    @Test("a register without land or energy columns drops the indicators made of them, never scores them as 0")
    func absentFieldsAreNoData() throws {
        let path = folder.appendingPathComponent("no-land.csv").path
        try """
        id,name,industry_code,value_added,water_m3,revenue,lon,lat
        1,鞋厂,C1953,100,500,300,104.0806,30.6574
        3,家具厂,C2110,50,100,150,104.547,30.410
        """.write(toFile: path, atomically: true, encoding: .utf8)
        var request = FitRequest(output: folder.appendingPathComponent("fit.geojson").path)
        request.enterprises = OverlayRequest(input: path, output: nil)
        let result = try FitRun.run(request, profile: try profile(), rules: rules, layer: layer)
        #expect(Set(result.dropped).isSuperset(of: ["industrial_land_density", "output_per_mu", "energy_per_va"]))
        #expect(!result.dropped.contains("water_per_va"), "\(result.dropped)")
        let reasons = result.missing.filter { $0.indicator == "industrial_land_density" }.map(\.action)
        #expect(reasons.count == result.layer.units.count)
        #expect(reasons.allSatisfy { $0.contains("the register has no land column") }, "\(reasons.first ?? "")")
    }

    @Test func dropAndFailPolicies() throws {
        var dropping = try profile()
        dropping.missing = .drop
        let dropped = try run(dropping)
        #expect(Set(dropped.dropped) == ["energy_per_va", "water_per_va", "output_per_mu"])
        #expect(!dropped.indicators.contains { $0.id == "energy_per_va" })
        var failing = try profile()
        failing.missing = .fail
        #expect { try run(failing) } throws: { "\($0)".contains("missing = fail") && "\($0)".contains("indicator") }
    }

    @Test func layerSharesComeFromTheConstraintLayer() throws {
        let result = try run(profile())
        let redline = try #require(result.indicators.firstIndex { $0.id == "eco_redline_share" })
        let dujiangyan = try #require(result.layer.units.firstIndex { $0.id == "510181" })
        let jinjiang = try #require(result.layer.units.firstIndex { $0.id == "510104" })
        // The Longmen mountain belt covers a fifth of 都江堰 (0.197296547625203 by shapely + pyproj on
        // the same layers in EPSG:4544); none of the red line is in central 锦江.
        #expect(abs(result.raw[dujiangyan][redline] - 0.197296547625203) < 1e-9)
        #expect(result.raw[jinjiang][redline] == 0)
        #expect(result.raw.allSatisfy { row in (0...1).contains(row[redline]) })
    }

    @Test func outputsAgreeWithEachOther() throws {
        let result = try run(profile())
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("fit.json"))) as? [String: Any])
        let units = try #require(json["units"] as? [[String: Any]])
        #expect(units.count == 23)
        let weights = try #require(json["indicators"] as? [[String: Any]]).compactMap { $0["weight"] as? Double }
        #expect(abs(weights.reduce(0, +) - 1) < 1e-12)
        let geojson = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("fit.geojson"))) as? [String: Any])
        let features = try #require(geojson["features"] as? [[String: Any]])
        #expect(features.count == 23)
        for (feature, unit) in zip(features, units) {
            let properties = try #require(feature["properties"] as? [String: Any])
            #expect(properties["unit"] as? String == unit["unit"] as? String)
            #expect(properties["d"] as? Double == unit["d"] as? Double)
            #expect(properties["rank"] as? Int == unit["rank"] as? Int)
        }
        let csv = try VectorSource(path: folder.appendingPathComponent("fit.csv").path)
        var rows = 0
        while try csv.next() != nil { rows += 1 }
        #expect(rows == 23)
        #expect(Set(result.score.units.map(\.rank)) == Set(1...23))
    }
}
