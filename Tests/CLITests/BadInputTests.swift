import Foundation
import Testing

/// A run that must stop: its exit code and what the one-line message must name.
struct BadCase: Sendable, CustomTestStringConvertible {
    var label: String
    /// Arguments after `overlay`; `@name` is a fixture path, `@missing` a path that does not exist.
    var args: [String]
    var exit: Int32 = 1
    /// Text the message must contain (a file, a layer name, a value).
    var names: [String]

    var testDescription: String { label }

    var resolved: [String] {
        args.map { arg in
            if arg == "@missing" { return CLI.fixtures.appendingPathComponent("no-such-firms.csv").path }
            if arg == "@folder" { return CLI.fixtures.path }
            if arg.hasPrefix("@") { return CLI.fixture(String(arg.dropFirst())) }
            return arg
        }
    }
}

@Suite("Bad input: a clear one-line error, the right exit code, no output left behind")
struct BadInputTests {
    static let cases: [BadCase] = [
        BadCase(label: "missing file", args: ["@missing", "-o", "out.geojson"], names: ["no-such-firms.csv"]),
        BadCase(label: "a folder", args: ["@folder", "-o", "out.geojson"], names: ["Fixtures"]),
        BadCase(label: "empty file", args: ["@empty.csv", "-o", "out.geojson"], names: ["empty.csv"]),
        BadCase(label: "header-only CSV", args: ["@header-only.csv", "-o", "out.geojson"], names: ["header-only.csv"]),
        // OGR reads such a quote to the end of the file as one field and says nothing; the streaming path stops.
        BadCase(
            label: "a quote never closed", args: ["@unterminated-quote.csv", "-o", "out.geojson"],
            names: ["unterminated-quote.csv", "row 2", "unterminated quoted field"]),
        BadCase(
            // Its addresses would place it by default; asked for coordinates only, it is refused.
            label: "CSV without coordinate columns",
            args: ["@no-coords.csv", "--placement", "coordinates", "-o", "out.geojson"],
            names: ["no-coords.csv"]),
        BadCase(
            label: "named --x/--y columns that do not exist",
            args: ["@firms-utf8.csv", "--x", "east", "--y", "north", "-o", "out.geojson"],
            names: ["firms-utf8.csv", "east"]),
        BadCase(
            label: "truncated GeoJSON", args: ["@truncated.geojson", "-o", "out.geojson"], names: ["truncated.geojson"]),
        BadCase(
            label: "multi-layer GPKG without -l", args: ["@multi-layer.gpkg", "-o", "out.geojson"],
            names: ["multi-layer.gpkg", "firms", "parks"]),
        BadCase(
            label: "multi-layer GPKG with an unknown -l",
            args: ["@multi-layer.gpkg", "-l", "roads", "-o", "out.geojson"], names: ["multi-layer.gpkg", "roads"]),
        BadCase(
            label: "unknown EPSG code", args: ["@firms-utf8.csv", "-s", "EPSG:999999", "-o", "out.geojson"],
            names: ["EPSG:999999"]),
        BadCase(
            label: "nonsense CRS", args: ["@firms-utf8.csv", "-s", "nonsense", "-o", "out.geojson"], names: ["nonsense"]
        ),
        BadCase(
            label: "output under /proc", args: ["@firms-utf8.csv", "-o", "/proc/x/out.geojson"],
            names: ["/proc/x/out.geojson"]),
        BadCase(
            label: "output in a folder that does not exist", args: ["@firms-utf8.csv", "-o", "nofolder/out.geojson"],
            names: ["nofolder/out.geojson"]),
        BadCase(label: "output is a folder", args: ["@firms-utf8.csv", "-o", "."], names: ["."]),
        BadCase(
            label: "unknown -f", args: ["@firms-utf8.csv", "-f", "KML", "-o", "out.kml"], names: ["KML"]),
        BadCase(label: "unknown output extension", args: ["@firms-utf8.csv", "-o", "out.txt"], names: ["out.txt"]),
        BadCase(
            label: "missing scheme",
            args: ["@firms-utf8.csv", "--scheme", "/nonexistent/zones.toml", "-o", "out.geojson"],
            names: ["/nonexistent/zones.toml"]),
        // Usage errors: exit 64 (ArgumentParser prints the usage too).
        BadCase(label: "no -o", args: ["@firms-utf8.csv"], exit: 64, names: ["--output"]),
        BadCase(
            label: "--x without --y", args: ["@firms-utf8.csv", "--x", "lon", "-o", "out.geojson"], exit: 64,
            names: ["--x"]),
        BadCase(
            label: "--snap 0", args: ["@firms-utf8.csv", "--snap", "0", "-o", "out.geojson"], exit: 64,
            names: ["--snap"]),
        BadCase(
            label: "--threads 0", args: ["@firms-utf8.csv", "--threads", "0", "-o", "out.geojson"], exit: 64,
            names: ["--threads"]),
        BadCase(
            label: "unknown option", args: ["@firms-utf8.csv", "--colour", "red", "-o", "out.geojson"], exit: 64,
            names: ["--colour"]),
    ]

    @Test("fails cleanly", arguments: cases)
    func failsCleanly(_ bad: BadCase) throws {
        let run = try CLI.run(["overlay"] + bad.resolved)
        #expect(run.status == bad.exit, "\(run)")
        #expect(run.stdout.isEmpty, "nothing on stdout: \(run.stdout)")
        if bad.exit == 1 {
            #expect(run.stderrLines.count == 1, "one line on stderr:\n\(run.stderr)")
            #expect(run.stderrLines.first?.hasPrefix("zonefit: error: ") == true)
        } else {
            #expect(run.stderr.hasPrefix("Error: "), "\(run.stderr)")
        }
        for text in bad.names { #expect(run.stderr.contains(text), "the message names \(text)") }
        #expect(run.folderEntries.isEmpty, "no output or temporary file left: \(run.folderEntries)")
    }

    @Test(
        "the CRS and -f errors name the input file too",
        arguments: [
            ["-s", "EPSG:999999"], ["-s", "nonsense"], ["-f", "KML"],
        ])
    func optionErrorsNameTheFile(_ options: [String]) throws {
        let run = try CLI.run(["overlay", CLI.fixture("firms-utf8.csv")] + options + ["-o", "out.geojson"])
        #expect(run.status == 1 || run.status == 64)
        #expect(run.stderr.contains("firms-utf8.csv") || run.stderr.contains("out.geojson"), "\(run.stderr)")
    }

    @Test("an invalid --where gives one line")
    func invalidWhere() throws {
        let run = try CLI.run([
            "overlay", CLI.fixture("firms-utf8.csv"), "--where", "industry_code ===", "-o", "out.geojson",
        ])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("firms-utf8.csv"))
        #expect(run.folderEntries.isEmpty, "\(run.folderEntries)")
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
    }

    @Test("--rejects naming the output file is refused before anything is written")
    func rejectsSameAsOutput() throws {
        let run = try CLI.run(["overlay", CLI.fixture("firms-utf8.csv"), "-o", "out.csv", "--rejects", "out.csv"])
        #expect(run.status != 0, "\(run)")
        #expect(run.folderEntries.isEmpty, "left behind: \(run.folderEntries)")
        #expect(run.status == 64 || run.stderrLines.count == 1 && !run.stderr.contains("cannot move"), "\(run.stderr)")
    }

    @Test("the output may not overwrite the input")
    func outputOverInput() throws {
        let input = try CLI.newFolder().appendingPathComponent("firms.geojson").path
        try FileManager.default.copyItem(atPath: CLI.fixture("firms.geojson"), toPath: input)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let run = try CLI.run(["overlay", input, "-o", input])
        let after = try Data(contentsOf: URL(fileURLWithPath: input))
        #expect(run.status != 0)
        #expect(before == after, "the input file was replaced")
    }

    @Test("a failure after the output was opened leaves no temporary file")
    func noTemporaryFileAfterLateFailure() throws {
        // header-only.csv fails after the output and rejects files were opened (no rows to overlay).
        for output in ["out.geojson", "out.gpkg", "out.csv", "out.xlsx", "out.fgb"] {
            let run = try CLI.overlay("header-only.csv", output: output)
            #expect(run.status == 1, "\(output): \(run)")
            #expect(run.folderEntries.isEmpty, "\(output): left \(run.folderEntries)")
        }
    }
}
