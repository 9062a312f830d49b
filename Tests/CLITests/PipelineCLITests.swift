import Foundation
import Testing

/// The one-pass pipeline seen from outside: relocate, fit and report read their
/// enterprises once — so a named pipe works as their input — write no scratch
/// files, and give what they give on the same register read from a file.
@Suite("one pass over the register")
struct PipelineCLITests {
    static let sample = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv").path
    static let demo = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-demo.csv").path
    static let parks = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/parks.geojson").path

    /// A named pipe that `cat` fills from `source` while zonefit reads it.
    final class Feeder {
        let path: String
        private let process = Process()

        init(_ source: String) throws {
            let folder = try CLI.newFolder()
            path = folder.appendingPathComponent("register.pipe").path
            try #require(mkfifo(path, 0o600) == 0, "mkfifo \(path) failed")
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            // The shell opens the pipe (blocking until zonefit opens it), then cat streams into it.
            process.arguments = ["-c", "exec cat \"$1\" > \"$2\"", "sh", source, path]
            try process.run()
        }

        /// Stops the writer if zonefit never read the pipe to its end.
        func finish() {
            // SIGKILL: the shell may be waiting in open(2), and a thread's blocked SIGTERM is inherited.
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// A CSV output's rows, each as its fields' text.
    static func table(_ path: String) throws -> [[String: String]] {
        let table = try Read.csv(path)
        return table.rows.map { row in Dictionary(uniqueKeysWithValues: table.header.map { ($0, row.string($0) ?? "") })
        }
    }

    /// The rows of a CSV output keyed by firm id, each as its fields' text.
    static func rowsByID(_ path: String) throws -> [String: [String: String]] {
        let table = try Read.csv(path)
        var rows: [String: [String: String]] = [:]
        for row in table.rows {
            rows[try #require(row.string("id"))] = Dictionary(
                uniqueKeysWithValues: table.header.map { ($0, row.string($0) ?? "") })
        }
        return rows
    }

    @Test func relocateReadsANamedPipe() throws {
        let feeder = try Feeder(Self.sample)
        defer { feeder.finish() }
        let piped = try CLI.run([
            "relocate", feeder.path, "-if", "CSV", "--parks", Self.parks, "-o", "relocate.csv",
            "--summary", "summary.csv",
        ])
        try #require(piped.status == 0, "\(piped)")
        let file = try CLI.run([
            "relocate", Self.sample, "--parks", Self.parks, "-o", "relocate.csv", "--summary", "summary.csv",
        ])
        try #require(file.status == 0, "\(file)")
        let fromPipe = try Self.rowsByID(piped.path("relocate.csv"))
        let fromFile = try Self.rowsByID(file.path("relocate.csv"))
        #expect(fromPipe.count == 20_000 && fromPipe == fromFile)
        #expect(try Self.table(piped.path("summary.csv")) == Self.table(file.path("summary.csv")))
        #expect(piped.stderr.contains("reconciliation: read 20000 = written 20000 + rejected 0"), "\(piped)")
    }

    @Test func fitReadsANamedPipeAndWritesNoScratchFile() throws {
        let scratch = try CLI.newFolder()
        let feeder = try Feeder(Self.sample)
        defer { feeder.finish() }
        let piped = try CLI.run(
            ["fit", "--enterprises", feeder.path, "-if", "CSV", "--runs", "50", "-o", "fit.geojson"],
            environment: ["TMPDIR": scratch.path])
        try #require(piped.status == 0, "\(piped)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty, "a scratch file was written")
        let file = try CLI.run(["fit", "--enterprises", Self.sample, "--runs", "50", "-o", "fit.geojson"])
        try #require(file.status == 0, "\(file)")
        #expect(try Read.csv(piped.path("fit.csv")).header == Read.csv(file.path("fit.csv")).header)
        #expect(try Self.table(piped.path("fit.csv")) == Self.table(file.path("fit.csv")))
        #expect(
            piped.stderr.contains("enterprises reconciliation: read 20000 = written 20000 + rejected 0"), "\(piped)")
        // Provenance names the pipe and the hash of what came through it.
        let inputs = try #require(
            (try Read.json(piped.path("fit.geojson"))["provenance"] as? [String: Any])?["inputs"] as? [[String: Any]])
        #expect(inputs.contains { $0["sha256"] as? String == (try? CLI.sha256(of: Self.sample)) })
    }

    @Test func reportReadsANamedPipeInOnePass() throws {
        let feeder = try Feeder(Self.demo)
        defer { feeder.finish() }
        let piped = try CLI.run([
            "report", "--enterprises", feeder.path, "-if", "CSV", "--parks", Self.parks, "-o", "report",
        ])
        try #require(piped.status == 0, "\(piped)")
        let file = try CLI.run(["report", "--enterprises", Self.demo, "--parks", Self.parks, "-o", "report"])
        try #require(file.status == 0, "\(file)")
        for table in ["data/relocate-summary.csv", "data/targets.csv", "data/units.csv", "data/fit.csv"] {
            #expect(
                try Self.table(piped.path("report/" + table)) == Self.table(file.path("report/" + table)), "\(table)")
        }
        let markdown = try String(contentsOfFile: piped.path("report/report.md"), encoding: .utf8)
        #expect(
            markdown.contains(try CLI.sha256(of: Self.demo)),
            "the report's provenance hashes what came through the pipe")
        // One pass: the enterprises' rejects are written once, beside the relocate output.
        let data = try FileManager.default.contentsOfDirectory(atPath: piped.path("report/data"))
        #expect(data.filter { $0.hasSuffix(".rejects.csv") } == ["relocate.rejects.csv"])
    }

    @Test func aPipeTheStreamingReaderCannotTakeIsOneLineError() throws {
        let feeder = try Feeder(Self.demo)
        defer { feeder.finish() }
        let run = try CLI.run(["overlay", feeder.path, "-if", "CSV", "-o", "out.fgb"])
        #expect(run.status == 1 && run.stderrLines.count == 1 && run.stderr.contains("pipe"), "\(run)")
        #expect(run.folderEntries.isEmpty)
    }

    @Test(
        "a --where in the simple subset is evaluated on the streaming path, as OGR evaluates it",
        arguments: [
            "industry_code LIKE 'C%'",
            "industry_code IN ('F5137', 'G5951') OR name LIKE '%市场%'",
            "NOT (industry_code LIKE 'F%') AND id <> 'D03'",
        ])
    func whereAgreesWithOGR(_ clause: String) throws {
        let streamed = try CLI.run(["relocate", Self.demo, "--where", clause, "-o", "out.csv"])
        let viaOGR = try CLI.run(["relocate", Self.demo, "--where", clause, "--via-ogr", "-o", "out.csv"])
        try #require(streamed.status == 0 && viaOGR.status == 0, "\(streamed)\n\(viaOGR)")
        let a = try Self.rowsByID(streamed.path("out.csv"))
        let b = try Self.rowsByID(viaOGR.path("out.csv"))
        #expect(!a.isEmpty && a.count < 26, "the filter keeps some rows, not all")
        #expect(Set(a.keys) == Set(b.keys))
        for (id, row) in a {
            for field in ["unit", "zone", "flagged", "noncore_category", "rules", "priority", "reason_en"] {
                #expect(row[field] == b[id]?[field], "\(id) \(field)")
            }
        }
        #expect(CLI.reconciliation(streamed)?.written == a.count)
        #expect(
            CLI.reconciliation(streamed).map { [$0.read, $0.rejected] }
                == CLI.reconciliation(viaOGR).map { [$0.read, $0.rejected] })
        #expect(!streamed.stderr.contains("OGR evaluated it"))
    }

    @Test func aFilterBeyondTheSubsetGoesThroughOGRWithANote() throws {
        let run = try CLI.run(["overlay", Self.demo, "--where", "CAST(employees AS integer) > 100", "-o", "out.csv"])
        try #require(run.status == 0, "\(run)")
        #expect(run.stderr.contains("OGR evaluated it"))
        let rows = try Read.csv(run.path("out.csv")).rows
        #expect(!rows.isEmpty && rows.allSatisfy { ($0.double("employees") ?? 0) > 100 })
    }

    @Test func aFilterOnAMissingFieldNamesTheFieldAndTheOption() throws {
        let run = try CLI.run(["overlay", Self.demo, "--where", "nosuchfield = 'x'", "-o", "out.csv"])
        #expect(run.status == 1 && run.stderrLines.count == 1, "\(run)")
        #expect(run.stderr.contains("nosuchfield") && run.stderr.contains("--where"), "\(run)")
        #expect(run.folderEntries.isEmpty)
    }

    @Test func oldOptionNamesStillWorkWithANote() throws {
        let rules = CLI.repoRoot.appendingPathComponent("GeoData/rules/noncore.toml").path
        let relocate = try CLI.run(["relocate", Self.demo, "--profile", rules, "-o", "out.csv"])
        #expect(relocate.status == 0 && relocate.stderr.contains("use --rules"), "\(relocate)")
        let profile = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/fit-profile.toml").path
        let fit = try CLI.run([
            "fit", "--enterprises", Self.demo, "--profile", profile, "--runs", "10", "-o", "fit.geojson",
        ])
        #expect(fit.status == 0 && fit.stderr.contains("use --fit-profile"), "\(fit)")
    }
}
