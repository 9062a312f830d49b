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

            --evolve FROM writes the next period of a register synth wrote, --months later, keyed by the \
            same USCCs (for trying diff): firms leave at 0.8 % a month (half absent from the extract, half \
            kept as 注销 or 吊销), enter at 1.2 %, move at 0.4 %, change industry code at 0.2 % and status \
            (存续/在业) at 1 %, and --relocation-pace of the firms flagged for relocation move out of the \
            central city each month. Illustrative rates, not statistics. --changes writes what was changed, \
            firm by firm, as the change diff should find.
            """)

    @Option(name: [.customShort("n"), .customLong("count")], help: ArgumentHelp("Number of firms.", valueName: "n"))
    var count: Int?

    @Option(help: ArgumentHelp("Write the next period of this synthetic register (CSV) instead.", valueName: "file"))
    var evolve: String?

    @Option(help: ArgumentHelp("With --evolve: months between the two periods (default 1).", valueName: "n"))
    var months: Int?

    @Option(
        help: ArgumentHelp(
            "With --evolve: the share of flagged firms moving out of the central city each month (default 0.03).",
            valueName: "share"))
    var relocationPace: Double?

    @Option(
        help: ArgumentHelp("With --evolve: write each change made here (CSV: uscc, change).", valueName: "file"))
    var changes: String?

    @OptionGroup var rulesOptions: RulesOptions

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
        if (count == nil) == (evolve == nil) { throw ValidationError("give -n (new firms) or --evolve FROM") }
        if let count, count < 1 { throw ValidationError("-n takes a positive number of firms") }
        if evolve == nil && (months != nil || relocationPace != nil || changes != nil) {
            throw ValidationError("--months, --relocation-pace and --changes go with --evolve")
        }
        if let months, months < 1 { throw ValidationError("--months takes a positive number") }
        if let relocationPace, !(0...1).contains(relocationPace) {
            throw ValidationError("--relocation-pace takes a share from 0 to 1")
        }
        if evolve != nil && format != nil { throw ValidationError("--evolve writes CSV; -f does not apply") }
        let paths = [evolve, output, changes].compactMap { $0 }
        if evolve != nil && Set(paths).count < paths.count {
            throw ValidationError("--evolve, -o and --changes must name three different files")
        }
        if let threads, threads < 1 { throw ValidationError("--threads takes a positive number") }
    }

    func run() throws {
        try reportingErrors {
            let layer = try schemeOptions.build()
            let parksPath = try self.parksPath(layer)
            if let evolve {
                let months = months ?? 1
                var request = SynthEvolution(from: evolve, months: months, seed: seed, output: output)
                request.changes = changes
                if let relocationPace { request.relocationPace = relocationPace }
                request.parksPath = parksPath
                let summary = try SynthEvolve.run(request, rules: try rulesOptions.load(), layer: layer)
                for line in summary.report() { note(line) }
                note(
                    "wrote the register \(months) month\(months == 1 ? "" : "s") on to \(output) (seed \(seed), SYNTHETIC)"
                )
                return
            }
            var request = SynthRequest(count: count ?? 0, seed: seed, output: output)
            request.parksPath = parksPath
            request.format = format
            if let threads { request.workers = threads }
            let summary = try SynthRun.run(request, layer: layer)
            for line in summary.report() { note(line) }
            note("wrote \(summary.written) synthetic firms to \(output) (seed \(seed))")
        }
    }

    /// --parks, else parks.geojson beside the scheme where there is one.
    private func parksPath(_ layer: ZoneLayer) throws -> String? {
        if let parks {
            guard FileManager.default.fileExists(atPath: parks) else { throw ZoneFitError(file: parks, "no such file") }
            return parks
        }
        let beside = URL(fileURLWithPath: layer.scheme.path).deletingLastPathComponent()
            .appendingPathComponent("parks.geojson").path
        guard FileManager.default.fileExists(atPath: beside) else {
            note("note: no parks file at \(beside); firms are placed by unit only")
            return nil
        }
        return beside
    }
}
