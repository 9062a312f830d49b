import Foundation
import Testing

/// `zonefit fit` run as a planner runs it.
@Suite("fit from the command line")
struct FitCLITests {
    static let sample = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv").path

    @Test func ranksEveryUnitAndWritesThreeFiles() throws {
        let run = try CLI.run(["fit", "--enterprises", Self.sample, "--runs", "100", "-o", "fit.geojson"])
        try #require(run.status == 0, "\(run)")
        let features = try Read.geojson(run.path("fit.geojson"))
        #expect(features.count == 23)
        #expect(Set(features.compactMap { $0.double("rank") }) == Set((1...23).map(Double.init)))
        #expect(features.allSatisfy { ($0.double("d") ?? -1) >= 0 && ($0.double("d") ?? 2) <= 1 })
        #expect(features.allSatisfy { $0.string("grade")?.isEmpty == false })
        let json = try Read.json(run.path("fit.json"))
        #expect((json["units"] as? [Any])?.count == 23)
        #expect(((json["sensitivity"] as? [String: Any])?["runs"] as? Int) == 100)
        #expect(try Read.csv(run.path("fit.csv")).rows.count == 23)
        #expect(run.stdout.contains("rank") && run.stdout.contains("weights (entropy)"))
        #expect(run.stderr.contains("enterprises reconciliation: read 20000 = written 20000 + rejected 0"))
    }

    @Test("an output named like a side file keeps both: -o fit.json puts the document in fit.fit.json")
    func sideFilesNeverOverwriteTheOutput() throws {
        let run = try CLI.run(["fit", "--enterprises", Self.sample, "--runs", "0", "-o", "fit.json"])
        try #require(run.status == 0, "\(run)")
        #expect(
            run.folderEntries.sorted() == ["fit.csv", "fit.enterprises.rejects.csv", "fit.fit.json", "fit.json"],
            "\(run.folderEntries)")
        #expect(try Read.geojson(run.path("fit.json")).count == 23)
        #expect((try Read.json(run.path("fit.fit.json"))["units"] as? [Any])?.count == 23)
        #expect(run.stderr.contains("fit.fit.json"), "\(run)")
    }

    @Test func ahpOverridePrintsItsConsistency() throws {
        let run = try CLI.run(["fit", "--enterprises", Self.sample, "--method", "ahp", "--runs", "0", "-o", "fit.csv"])
        try #require(run.status == 0, "\(run)")
        #expect(run.stdout.contains("AHP: λmax"))
        let rows = try Read.csv(run.path("fit.csv")).rows
        #expect(rows.count == 23)
    }

    @Test func strictFailsOnMissingValuesWithOneLine() throws {
        let input = try CLI.newFolder().appendingPathComponent("two.csv").path
        try "id,industry_code,value_added,energy_tce,lon,lat\n1,C1953,100,20,104.0806,30.6574\n"
            .write(toFile: input, atomically: true, encoding: .utf8)
        let run = try CLI.run(["fit", "--enterprises", input, "--strict", "-o", "fit.geojson"])
        #expect(run.status == 1 && run.stderrLines.count == 1 && run.stderr.contains("missing = fail"), "\(run)")
        #expect(
            run.folderEntries.isEmpty,
            "a failed fit leaves nothing, not even the enterprises' rejects: \(run.folderEntries)")
    }

    @Test func unknownWeightIdIsRefused() throws {
        let run = try CLI.run(["fit", "--enterprises", Self.sample, "--weights", "nonsense=1", "-o", "fit.geojson"])
        #expect(run.status == 1 && run.stderr.contains("no indicator 'nonsense'"), "\(run)")
    }
}
