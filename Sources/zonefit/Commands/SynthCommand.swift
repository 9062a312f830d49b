import ArgumentParser
import Foundation
import ZoneFit

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract:
            "Write SYNTHETIC, illustrative enterprise records for the scheme's city (for demos, tests and benchmarks).",
        discussion: """
            Every row is invented and marked provenance=synthetic: names (成都 + trade name + industry + \
            有限公司), valid unified social credit codes with the district's adcode, GB/T 4754-2017 classes \
            mixed by zone (trade, markets, warehousing and freight in the core; software, electronics, R&D \
            in the new areas; food, furniture, building materials, farming in the suburban towns), \
            log-normal size figures, and WGS84 lon/lat clustered by unit and in the parks. The same seed \
            gives the same file. Rows are streamed: memory does not grow with -n.
            """)

    @Option(name: [.customShort("n"), .customLong("count")], help: ArgumentHelp("Number of firms.", valueName: "n"))
    var count: Int

    @Option(help: ArgumentHelp("Random seed; the same seed writes the same firms.", valueName: "n"))
    var seed: UInt64 = 1

    @OptionGroup var schemeOptions: SchemeOptions

    @Option(
        help: ArgumentHelp(
            "Parks (polygons with id, name, leading_industries). Default: parks.geojson beside the scheme, if it exists; about 25 % of firms go into parks.",
            valueName: "file"))
    var parks: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Output file; format from the extension (.csv, .geojson, .geojsonl, .gpkg, .fgb, .xlsx) or -f.",
            valueName: "file"))
    var output: String

    @Option(
        name: [.customShort("f"), .customLong("of")],
        help: "Output format: GeoJSON, GeoJSONSeq, GPKG, FlatGeobuf, CSV, XLSX.")
    var format: String?

    @Option(
        help: ArgumentHelp("Worker threads (default: all cores); the output does not depend on it.", valueName: "n"))
    var threads: Int?

    func validate() throws {
        if count < 1 { throw ValidationError("-n takes a positive number of firms") }
        if let threads, threads < 1 { throw ValidationError("--threads takes a positive number") }
    }

    func run() throws {
        try reportingErrors {
            let layer = try schemeOptions.build()
            var request = SynthRequest(count: count, seed: seed, output: output)
            request.format = format
            if let threads { request.workers = threads }
            if let parks {
                guard FileManager.default.fileExists(atPath: parks) else {
                    throw ZoneFitError(file: parks, "no such file")
                }
                request.parksPath = parks
            } else {
                let beside = URL(fileURLWithPath: layer.scheme.path).deletingLastPathComponent()
                    .appendingPathComponent("parks.geojson").path
                if FileManager.default.fileExists(atPath: beside) {
                    request.parksPath = beside
                } else {
                    note("note: no parks file at \(beside); firms are placed by unit only")
                }
            }
            let summary = try SynthRun.run(request, layer: layer)
            for line in summary.report() { note(line) }
            note("wrote \(summary.written) synthetic firms to \(output) (seed \(seed))")
        }
    }
}
