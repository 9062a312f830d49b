import Foundation
import Testing

@Suite("zonefit synth")
struct SynthCLITests {
    @Test func writesTheSameFileForASeed() throws {
        let args = ["synth", "--scheme", CLI.scheme, "-n", "1000", "--seed", "1", "-o", "x.csv"]
        let first = try CLI.run(args)
        try #require(first.status == 0, "\(first)")
        let second = try CLI.run(args)
        try #require(second.status == 0, "\(second)")
        #expect(try CLI.sha256(of: first.path("x.csv")) == CLI.sha256(of: second.path("x.csv")))
        let (header, rows) = try Read.csv(first.path("x.csv"))
        #expect(header.first == "id" && header.contains("uscc"))
        #expect(header.suffix(5) == ["lon", "lat", "address", "status", "provenance"])
        #expect(rows.count == 1000)
        #expect(rows.allSatisfy { $0.string("provenance") == "synthetic" })
        #expect(first.stderrLines.contains { $0.hasPrefix("wrote 1000 synthetic firms") })
        #expect(first.folderEntries == ["x.csv"], "no temporary files left")
    }

    @Test func otherFormatsAndUsageErrors() throws {
        let run = try CLI.run(["synth", "--scheme", CLI.scheme, "-n", "50", "-o", "x.geojson"])
        try #require(run.status == 0, "\(run)")
        let rows = try Read.geojson(run.path("x.geojson"))
        #expect(rows.count == 50 && rows.allSatisfy { $0.point != nil && $0.string("uscc")?.count == 18 })
        #expect(try CLI.run(["synth", "--scheme", CLI.scheme, "-n", "0", "-o", "x.csv"]).status == 64)
        let missing = try CLI.run([
            "synth", "--scheme", CLI.scheme, "-n", "5", "--parks", "nope.geojson", "-o", "x.csv",
        ])
        #expect(missing.status == 1 && missing.stderr.contains("nope.geojson"))
    }
}
