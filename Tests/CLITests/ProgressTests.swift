import Foundation
import Testing

/// The progress bar shows on a terminal or with --progress, never in pipes otherwise.
@Suite("progress bar")
struct ProgressTests {
    /// Enough rows for several batches.
    static func bigInput() throws -> String {
        let path = try CLI.newFolder().appendingPathComponent("many.csv").path
        var lines = ["id,lon,lat"]
        for id in 0..<40_000 {
            lines.append("\(id),\(104.0 + Double(id % 200) * 0.001),\(30.6 + Double(id / 200) * 0.0005)")
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: [[], ["--via-ogr"]])
    func progressOnlyWhenAskedOutsideATerminal(_ extra: [String]) throws {
        let input = try Self.bigInput()
        let quiet = try CLI.run(["overlay", input, "-o", "out.csv"] + extra)
        #expect(quiet.status == 0 && !quiet.stderr.contains("\r"), "no bar in a pipe")
        let shown = try CLI.run(["overlay", input, "-o", "out.csv", "--progress"] + extra)
        #expect(shown.status == 0 && shown.stderr.contains("\r") && shown.stderr.contains("rows,"), "\(shown.stderr)")
        #expect(shown.stderr.contains("40,000 rows") || shown.stderr.contains("%"))
        let silenced = try CLI.run(["overlay", input, "-o", "out.csv", "--progress", "--quiet"] + extra)
        #expect(!silenced.stderr.contains("\r"))
    }
}
