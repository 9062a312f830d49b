import Foundation
import Testing

/// `zonefit relocate` run as a planner runs it, on the shipped demo firms and parks.
@Suite("relocate from the command line")
struct RelocateCLITests {
    static let demo = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-demo.csv").path
    static let parks = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/parks.geojson").path

    @Test("a register with full-width headers, land in 亩 and revenue in 元 gives the figures of the plain one")
    func bureauHeadersAndUnits() throws {
        let sample = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv").path
        let lines = try String(contentsOfFile: sample, encoding: .utf8).split(separator: "\n").prefix(3_001)
        // id,name,uscc,industry_code,employees,revenue,value_added,tax,energy_tce,water_m3,land_m2,chain_leader,keep,lon,lat,
        // address,status,provenance
        var bureau = [
            "编号,企业名称,统一社会信用代码,行业代码（GB/T4754）,从业人员期末人数（人）,营业收入（元）,工业增加值（万元）,税收（万元）,"
                + "综合能耗（吨标准煤）,用水量（立方米）,用地面积（亩）,链主企业,保留,经度（°）,纬度（°）,住所,登记状态,来源"
        ]
        for line in lines.dropFirst() {
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if let revenue = Double(cells[5]) { cells[5] = String(format: "%.2f", revenue * 10_000) }
            if let land = Double(cells[10]) { cells[10] = String(format: "%.9f", land * 15 / 10_000) }
            bureau.append(cells.joined(separator: ","))
        }
        let register = try CLI.newFolder().appendingPathComponent("bureau.csv").path
        try bureau.joined(separator: "\n").write(toFile: register, atomically: true, encoding: .utf8)
        let plainRegister = try CLI.newFolder().appendingPathComponent("plain.csv").path
        try lines.joined(separator: "\n").write(toFile: plainRegister, atomically: true, encoding: .utf8)

        let run = try CLI.run(["relocate", register, "-o", "out.csv"])
        let plain = try CLI.run(["relocate", plainRegister, "-o", "out.csv"])
        try #require(run.status == 0, "\(run)")
        try #require(plain.status == 0, "\(plain)")
        #expect(run.stderr.contains("field land ← 用地面积（亩） (× 666.7 → m²)"), "\(run)")
        #expect(run.stderr.contains("field revenue ← 营业收入（元） (× 0.0001 → 万元)"), "\(run)")
        #expect(run.stderr.contains("coordinates: columns '经度（°）', '纬度（°）'"), "\(run)")
        let rows = try Read.csv(run.path("out.csv")).rows
        let expected = try Read.csv(plain.path("out.csv")).rows
        try #require(rows.count == 3_000 && expected.count == 3_000)
        let freed = rows.compactMap { $0.double("freed_land_m2") }
        #expect(freed.count == expected.compactMap { $0.double("freed_land_m2") }.count && !freed.isEmpty)
        for (row, plainRow) in zip(rows, expected) {
            #expect(row.string("flagged") == plainRow.string("flagged"), "\(row.values)")
            #expect(abs((row.double("freed_land_m2") ?? 0) - (plainRow.double("freed_land_m2") ?? 0)) < 1e-3)
            #expect(abs((row.double("priority") ?? 0) - (plainRow.double("priority") ?? 0)) < 1e-6, "\(row.values)")
        }
        #expect(run.stdout == plain.stdout)
    }

    /// The shipped parks as a bureau's layer: Chinese headers, lists as comma text or ogr2ogr's StringList
    /// text, categories by their Chinese names, spare land in 亩; `edit` changes each park's properties further.
    static func bureauParks(_ edit: (inout [String: Any]) -> Void = { _ in }) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: parks))
        var collection = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let names = [
            "general_manufacturing": "一般性制造业", "commodity_market": "传统商品交易市场",
            "warehousing_logistics": "普通仓储物流",
        ]
        collection["features"] = try #require(collection["features"] as? [[String: Any]]).map { feature in
            var feature = feature
            let properties = feature["properties"] as? [String: Any] ?? [:]
            let accepts = (properties["accepts"] as? [String] ?? []).map { names[$0] ?? $0 }
            let leading = properties["leading_industries"] as? [String] ?? []
            var bureau: [String: Any] = [
                "编号": properties["id"] ?? "", "园区名称": properties["name"] ?? "",
                "主导产业": "(\(leading.count):\(leading.joined(separator: ",")))",
                "准入类别": accepts.joined(separator: "、"),
            ]
            if let spare = properties["spare_land_ha"] as? Double { bureau["可用地（亩）"] = spare * 15 }
            edit(&bureau)
            feature["properties"] = bureau
            return feature
        }
        let path = try CLI.newFolder().appendingPathComponent("bureau-parks.geojson").path
        try JSONSerialization.data(withJSONObject: collection).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a parks layer in the bureau's form (编号, 准入类别, 可用地（亩）, StringList text) ranks as the shipped one")
    func bureauParks() throws {
        let bureau = try CLI.run(["relocate", Self.demo, "--parks", try Self.bureauParks(), "-o", "out.csv"])
        let shipped = try CLI.run(["relocate", Self.demo, "--parks", Self.parks, "-o", "out.csv"])
        try #require(bureau.status == 0, "\(bureau)")
        try #require(shipped.status == 0, "\(shipped)")
        let columns = ["receiver_1", "receiver_1_score", "receiver_2", "receiver_3"]
        let rows = try Read.csv(bureau.path("out.csv")).rows.map { row in columns.map { row.string($0) } }
        let expected = try Read.csv(shipped.path("out.csv")).rows.map { row in columns.map { row.string($0) } }
        #expect(rows == expected)
        #expect(expected.contains { !($0[0] ?? "").isEmpty })
    }

    @Test("--parks-columns names a bureau's own park headers, tried before zonefit's")
    func parksColumns() throws {
        let parks = try Self.bureauParks { properties in
            (properties["园区代码"], properties["编号"]) = (properties["编号"], nil)
            (properties["承接产业类别"], properties["准入类别"]) = (properties["准入类别"], nil)
        }
        let names = try CLI.newFolder().appendingPathComponent("parks-columns.toml").path
        try "[fields]\nid = [\"园区代码\"]\naccepts = [\"承接产业类别\"]\n".write(
            toFile: names, atomically: true, encoding: .utf8)
        let without = try CLI.run(["relocate", Self.demo, "--parks", parks, "-o", "out.csv"])
        #expect(without.status == 1 && without.stderr.contains("the parks have no id column"), "\(without)")
        let run = try CLI.run(["relocate", Self.demo, "--parks", parks, "--parks-columns", names, "-o", "out.csv"])
        let shipped = try CLI.run(["relocate", Self.demo, "--parks", Self.parks, "-o", "out.csv"])
        try #require(run.status == 0, "\(run)")
        try #require(shipped.status == 0, "\(shipped)")
        let receivers = { (run: CLI.Run) in try Read.csv(run.path("out.csv")).rows.map { $0.string("receiver_1") ?? "" }
        }
        #expect(try receivers(run) == receivers(shipped))
        try "[fields]\nacepts = [\"x\"]\n".write(toFile: names, atomically: true, encoding: .utf8)
        let typo = try CLI.run(["relocate", Self.demo, "--parks", parks, "--parks-columns", names, "-o", "out.csv"])
        #expect(typo.status == 1 && typo.stderr.contains("[fields] acepts: not a parks field"), "\(typo)")
    }

    @Test("a park's accepts naming no category, or parks without accepts, stop the run with one line")
    func parksWithoutKnownCategories() throws {
        let typo = try Self.bureauParks { $0["准入类别"] = "一般制造业" }
        let run = try CLI.run(["relocate", Self.demo, "--parks", typo, "-o", "out.csv"])
        #expect(run.status == 1 && run.stderrLines.count == 1, "\(run)")
        #expect(run.stderr.contains("field accepts: '一般制造业' is not a category of the rule profile"), "\(run)")
        let none = try Self.bureauParks { $0["准入类别"] = nil }
        let without = try CLI.run(["relocate", Self.demo, "--parks", none, "-o", "out.csv"])
        #expect(without.status == 1 && without.stderr.contains("the parks have no accepts column"), "\(without)")
        #expect(without.folderEntries.isEmpty, "\(without.folderEntries)")
    }

    @Test func flagsExplainsRanksAndReconciles() throws {
        let run = try CLI.run([
            "relocate", Self.demo, "--parks", Self.parks, "-o", "relocate.geojson",
            "--summary", "summary.csv",
        ])
        try #require(run.status == 0, "\(run)")
        let rows = try Read.geojson(run.path("relocate.geojson"))
        let flagged = rows.filter { $0.bool("flagged") == true }
        #expect(!flagged.isEmpty)
        for row in flagged {
            #expect(row.string("noncore_category")?.isEmpty == false)
            #expect(row.string("rules")?.isEmpty == false)
            #expect(row.double("priority").map { (0...100).contains($0) } == true)
            #expect(row.string("priority_components")?.contains("core=") == true)
            #expect(row.string("reason_zh")?.isEmpty == false && row.string("reason_en")?.isEmpty == false)
            #expect(row.string("zone") == "central")
        }
        #expect(rows.filter { $0.string("zone") != "central" }.allSatisfy { $0.bool("flagged") == false })
        // The summary's flagged counts add up to the flagged rows, unit by unit.
        let summary = try Read.csv(run.path("summary.csv")).rows
        for unit in Set(flagged.compactMap { $0.string("unit") }) {
            let line = try #require(summary.first { $0.string("unit") == unit })
            #expect(line.double("flagged") == Double(flagged.filter { $0.string("unit") == unit }.count))
        }
        #expect(summary.compactMap { $0.double("flagged") }.reduce(0, +) == Double(flagged.count))
        #expect(run.stderr.contains("summary reconciles with the flagged rows"))
        #expect(run.stdout.contains("freed ha"), "the per-unit table is printed")
        let provenance = try Read.json(run.path("relocate.geojson"))["provenance"] as? [String: Any]
        #expect((provenance?["rule_profile"] as? [String: Any])?["id"] as? String == "chengdu-noncore-2022")
    }

    @Test func flaggedOnlyKeepsFlaggedRowsAndCountsTheRest() throws {
        let run = try CLI.run(["relocate", Self.demo, "--flagged-only", "-o", "flagged.csv"])
        try #require(run.status == 0, "\(run)")
        let rows = try Read.csv(run.path("flagged.csv")).rows
        #expect(!rows.isEmpty && rows.allSatisfy { $0.bool("flagged") == true })
        let line = try #require(run.stderrLines.first { $0.hasPrefix("reconciliation: ") })
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.count == 4 && numbers[0] == numbers[1] + numbers[2] + numbers[3], "\(line)")
        #expect(numbers[1] == rows.count)
    }

    @Test func aProfileWithAnUndefinedCategoryIsOneLineError() throws {
        let folder = try CLI.newFolder()
        let rules = CLI.repoRoot.appendingPathComponent("GeoData/rules")
        for name in ["gbt4754-2017-divisions.csv", "hightech-manufacturing-2017.csv", "chains.csv"] {
            try FileManager.default.copyItem(
                at: rules.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let text = try String(contentsOf: rules.appendingPathComponent("noncore.toml"), encoding: .utf8)
            .replacingOccurrences(of: "category = \"general_manufacturing\"", with: "category = \"no_such_category\"")
        let profile = folder.appendingPathComponent("noncore.toml").path
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
        let run = try CLI.run(["relocate", Self.demo, "--rules", profile, "-o", "x.geojson"])
        #expect(run.status == 1)
        #expect(
            run.stderrLines.count == 1 && run.stderr.contains("no_such_category")
                && run.stderr.contains("noncore.toml"), "\(run)")
        #expect(run.folderEntries.isEmpty)
    }

    @Test func aTableWithoutAnIndustryCodeColumnIsRefused() throws {
        let input = try CLI.newFolder().appendingPathComponent("no-code.csv").path
        try "id,lon,lat\n1,104.0806,30.6574\n".write(toFile: input, atomically: true, encoding: .utf8)
        let run = try CLI.run(["relocate", input, "-o", "x.geojson"])
        #expect(
            run.status == 1 && run.stderrLines.count == 1
                && run.stderr.contains("no-code.csv: no industry code column"), "\(run)")
        #expect(run.folderEntries.isEmpty)
    }
}
