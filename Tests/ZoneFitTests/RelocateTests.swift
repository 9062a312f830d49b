import Foundation
import GeoKit
import Testing

@testable import ZoneFit

/// relocate on the shipped Chengdu scheme and rule profile, with real GB/T 4754-2017
/// codes at real places (the same points as the CLI fixtures, each ≥ 500 m from a unit boundary).
@Suite("relocate: non-core functions in the central city")
struct RelocateTests {
    static let places: [String: (lon: Double, lat: Double)] = [
        "锦江": (104.0806, 30.6574), "成华": (104.1413, 30.6296), "金牛": (104.0733, 30.6934),
        "高新": (104.0689, 30.5503), "简阳": (104.547, 30.410), "青羊": (104.0557, 30.6698),
        "武侯": (104.0478, 30.6459), "龙泉驿": (104.2690, 30.5600),
    ]

    let layer: ZoneLayer
    let profile: NoncoreProfile
    let folder: URL

    init() throws {
        layer = try ZoneLayerBuilder.build(ZoneScheme(contentsOf: RepositoryFiles.scheme))
        profile = try NoncoreProfile(contentsOf: RepositoryFiles.noncoreProfile)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("relocate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    struct Firm {
        var id: String, name: String, code: String, place: String
        var landM2 = "", revenue = "", chainLeader = "", keep = ""
    }

    /// Runs relocate on the firms; returns the output rows by id, the extension and the run summary.
    func relocate(_ firms: [Firm], parks: String? = nil, flaggedOnly: Bool = false)
        throws -> (rows: [String: [String: String]], relocation: Relocation, run: OverlaySummary)
    {
        var lines = ["id,企业名称,行业代码,用地面积,营业收入,链主企业,保留,lon,lat"]
        for firm in firms {
            let place = try #require(Self.places[firm.place])
            lines.append(
                [
                    firm.id, firm.name, firm.code, firm.landM2, firm.revenue, firm.chainLeader, firm.keep,
                    String(place.lon), String(place.lat),
                ].joined(separator: ","))
        }
        let input = folder.appendingPathComponent("firms-\(UUID().uuidString).csv").path
        try lines.joined(separator: "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let request = OverlayRequest(
            input: input, output: folder.appendingPathComponent("out-\(UUID().uuidString).csv").path)
        let relocation = try Relocation(
            profile: profile, parks: parks.map { SourceReference($0) }, layer: layer, top: 3, flaggedOnly: flaggedOnly)
        let run = try OverlayRun.run(request, layer: layer, analyses: [relocation])
        var rows: [String: [String: String]] = [:]
        for row in try OutputRows.read(try #require(request.output)).rows { rows[row["id"]!] = row }
        return (rows, relocation, run)
    }

    @Test func theIssueCasesAreFlaggedOrNot() throws {
        let (rows, _, _) = try relocate([
            Firm(id: "market", name: "荷花池市场管理有限公司", code: "L7223", place: "金牛"),
            Firm(id: "wholesale-market", name: "成都荷花池批发市场鞋业商行", code: "F5137", place: "金牛"),
            Firm(id: "wholesale-office", name: "成都某贸易有限公司", code: "F5137", place: "金牛"),
            Firm(id: "warehouse", name: "成都东站仓储有限公司", code: "G5920", place: "成华"),
            Firm(id: "factory", name: "武侯鞋厂", code: "C1953", place: "武侯"),
            Firm(id: "ic-design", name: "芯片设计公司", code: "I6520", place: "高新"),
            Firm(id: "jianyang", name: "简阳家具厂", code: "C2110", place: "简阳"),
            Firm(id: "pharma", name: "制药厂", code: "C2720", place: "青羊"),
            Firm(id: "pharma-division", name: "某药业", code: "C27", place: "青羊"),
        ])
        func category(_ id: String) -> String? { rows[id]?["noncore_category"].flatMap { $0.isEmpty ? nil : $0 } }
        #expect(category("market") == "commodity_market")
        #expect(rows["market"]?["flagged"] == "1")
        #expect(category("wholesale-market") == "commodity_market", "a wholesale class with a market keyword")
        #expect(category("wholesale-office") == nil, "a wholesale class without a market keyword is an office")
        #expect(category("warehouse") == "warehousing_logistics")
        #expect(category("factory") == "general_manufacturing")
        for id in ["ic-design", "jianyang", "pharma", "pharma-division"] {
            #expect(rows[id]?["flagged"] == "0", "\(id) is not flagged")
            #expect(category(id) == nil)
        }
        let factory = try #require(rows["factory"])
        #expect(factory["rules"] == "GM-1")
        #expect(factory["reason_zh"]?.contains("武侯区") == true)
        #expect(factory["reason_en"]?.contains("Wuhou District") == true)
        #expect(factory["priority_components"]?.contains("core=1.00") == true)
    }

    @Test func reasonTemplatesFillTheirPlaceholdersOnce() {
        let filled = Relocation.fill(
            "{code}（{code_name}）在{district}；{other}；{unclosed",
            ["code": "C3311", "code_name": "{district}", "district": "武侯区"])
        #expect(filled == "C3311（{district}）在武侯区；{other}；{unclosed", "a value is not filled again; unknown names stay")
    }

    @Test func dangerousGoodsHaveTheirOwnCategoryAndExpressIsLeftOut() throws {
        let (rows, _, _) = try relocate([
            Firm(id: "dg", name: "危险品仓储公司", code: "G5941", place: "成华"),
            Firm(id: "express", name: "快递网点", code: "G6020", place: "成华"),
        ])
        #expect(rows["dg"]?["noncore_category"] == "dangerous_goods_storage")
        #expect(rows["express"]?["flagged"] == "0")
    }

    @Test func chainLeadersAndKeptFirmsAreExcluded() throws {
        let (rows, relocation, _) = try relocate([
            Firm(id: "leader", name: "汽车链主", code: "C3670", place: "龙泉驿", chainLeader: "是"),
            Firm(id: "kept", name: "老字号家具", code: "C2110", place: "金牛", keep: "1"),
            Firm(id: "plain", name: "家具厂", code: "C2110", place: "金牛"),
        ])
        #expect(rows["leader"]?["flagged"] == "0" && rows["leader"]?["rules"] == "excluded:chain_leader")
        #expect(rows["kept"]?["flagged"] == "0" && rows["kept"]?["rules"] == "excluded:kept")
        #expect(rows["plain"]?["flagged"] == "1")
        #expect(relocation.summary.units["510106"]?.excluded == 1)
        #expect(relocation.summary.units["510112"]?.excluded == 1)
    }

    @Test func unreadableCodesAreReportedNotPassed() throws {
        let (rows, relocation, _) = try relocate([
            Firm(id: "bad", name: "某公司", code: "C99X", place: "锦江"),
            Firm(id: "two", name: "某公司", code: "C3825/C3826", place: "锦江"),
            Firm(id: "empty", name: "某公司", code: "", place: "锦江"),
            Firm(id: "suburban-bad", name: "某公司", code: "zzz", place: "简阳"),
        ])
        for id in ["bad", "two", "empty"] {
            #expect(rows[id]?["noncore_category"] == "unknown_code", "\(id)")
            #expect(rows[id]?["reason_en"]?.contains("could not be read") == true)
        }
        #expect(rows["suburban-bad"]?["noncore_category"] == "", "outside the central city nothing is judged")
        #expect(relocation.summary.units["510104"]?.unknownCodes == 3)
    }

    @Test func nothingIsFlaggedOutsideCentralUnits() throws {
        let codes = ["C1953", "C2110", "G5920", "L7223", "G5941", "C3670"]
        let firms = codes.enumerated().flatMap { index, code in
            ["高新", "简阳"].map { Firm(id: "\(code)-\($0)", name: "批发市场\(index)", code: code, place: $0) }
        }
        let (rows, relocation, _) = try relocate(firms)
        #expect(rows.count == firms.count)
        #expect(rows.values.allSatisfy { $0["flagged"] == "0" && $0["noncore_category"] == "" })
        #expect(relocation.summary.flaggedRows == 0)
    }

    @Test func coreFirmsRankAboveOtherwiseEqualFirmsElsewhere() throws {
        let (rows, _, _) = try relocate([
            Firm(id: "core", name: "鞋厂", code: "C1953", place: "武侯", landM2: "20000", revenue: "3000"),
            Firm(id: "outer", name: "鞋厂", code: "C1953", place: "龙泉驿", landM2: "20000", revenue: "3000"),
        ])
        let core = try #require(Double(rows["core"]?["priority"] ?? ""))
        let outer = try #require(Double(rows["outer"]?["priority"] ?? ""))
        #expect(core > outer)
        // Same data, so the gap is exactly the core factor's share of the weights.
        let coreWeight = profile.priority.filter { $0.metric == .core }.map(\.weight).reduce(0, +)
        let total = profile.priority.map(\.weight).reduce(0, +)
        #expect(abs((core - outer) - 100 * coreWeight / total) < 0.02)
    }

    @Test func summaryReconcilesWithTheFlaggedRows() throws {
        var firms: [Firm] = []
        for (index, place) in ["锦江", "成华", "金牛", "武侯", "青羊", "龙泉驿", "高新", "简阳"].enumerated() {
            for code in ["C1953", "G5920", "L7223", "I6520"] {
                firms.append(Firm(id: "\(index)-\(code)", name: "某市场", code: code, place: place, landM2: "1000"))
            }
        }
        let (rows, relocation, run) = try relocate(firms)
        let flagged = rows.values.filter { $0["flagged"] == "1" }
        #expect(relocation.summary.flaggedRows == flagged.count)
        #expect(relocation.summary.reconciles)
        for (unit, totals) in relocation.summary.units {
            let inUnit = flagged.filter { $0["unit"] == unit }
            #expect(totals.flagged == inUnit.count, "\(unit)")
            #expect(totals.freedLandM2 == Double(inUnit.count) * 1000)
        }
        #expect(run.reconciles && run.written == firms.count)
    }

    @Test func flaggedOnlyCountsWhatItLeavesOut() throws {
        let firms = [
            Firm(id: "a", name: "鞋厂", code: "C1953", place: "武侯"),
            Firm(id: "b", name: "软件", code: "I6520", place: "武侯"),
            Firm(id: "c", name: "鞋厂", code: "C1953", place: "简阳"),
        ]
        let (rows, _, run) = try relocate(firms, flaggedOnly: true)
        #expect(Set(rows.keys) == ["a"])
        #expect(run.written == 1 && run.filtered == 2 && run.reconciles)
    }

    @Test func receivingSitesRankParksThatAcceptTheCategory() throws {
        // Three small parks in suburban towns: a furniture park in 崇州 that accepts general
        // manufacturing, a food park in 简阳 that does too, and a furniture park in 都江堰
        // that accepts only warehousing.
        func park(_ id: String, _ lon: Double, _ lat: Double, _ leading: String, _ accepts: String, _ spareHa: Double)
            -> String
        {
            let d = 0.005
            let ring =
                "[[\(lon - d),\(lat - d)],[\(lon + d),\(lat - d)],[\(lon + d),\(lat + d)],[\(lon - d),\(lat + d)],[\(lon - d),\(lat - d)]]"
            return
                "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(id)\",\"name\":\"\(id)\",\"leading_industries\":[\"\(leading)\"],\"chains\":[],\"accepts\":[\"\(accepts)\"],\"spare_land_ha\":\(spareHa)},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[\(ring)]}}"
        }
        let parks = folder.appendingPathComponent("parks.geojson").path
        try
            ("{\"type\":\"FeatureCollection\",\"features\":["
            + [
                park("chongzhou", 103.67, 30.63, "C21", "general_manufacturing", 5),
                park("jianyang", 104.547, 30.41, "C13", "general_manufacturing", 5),
                park("dujiangyan", 103.62, 31.0, "C21", "warehousing_logistics", 5),
            ].joined(separator: ",")
            + "]}").write(toFile: parks, atomically: true, encoding: .utf8)
        let (rows, _, _) = try relocate(
            [Firm(id: "f", name: "家具厂", code: "C2110", place: "武侯", landM2: "10000")], parks: parks)
        let row = try #require(rows["f"])
        #expect(row["receiver_1"] == "chongzhou")
        #expect(row["receiver_2"] == "jianyang")
        #expect(row["receiver_3"] == "", "a park that does not accept the category is no candidate")
        // Distance by haversine, independent of the projection zonefit uses (within 1 %).
        let km = try #require(Double(row["receiver_1_km"] ?? ""))
        let expected = Self.haversineKm(Self.places["武侯"]!, (103.67, 30.63))
        #expect(abs(km - expected) / expected < 0.01)
        // Score = 0.5·match(1) + 0.2·capacity(min(1, 5 ha / 1 ha)) + 0.3·exp(−km/30).
        let score = try #require(Double(row["receiver_1_score"] ?? ""))
        #expect(abs(score - (0.5 + 0.2 + 0.3 * exp(-km / 30))) < 0.01)
    }

    static func haversineKm(_ a: (lon: Double, lat: Double), _ b: (lon: Double, lat: Double)) -> Double {
        let r = 6_371.0088
        let rad = Double.pi / 180
        let dLat = (b.lat - a.lat) * rad
        let dLon = (b.lon - a.lon) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * rad) * cos(b.lat * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(h.squareRoot())
    }
}
