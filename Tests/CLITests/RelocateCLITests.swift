import Foundation
import Testing

/// `zonefit relocate` run as a planner runs it, on the shipped demo firms and parks.
@Suite("relocate from the command line")
struct RelocateCLITests {
    static let demo = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-demo.csv").path
    static let parks = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/parks.geojson").path

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
