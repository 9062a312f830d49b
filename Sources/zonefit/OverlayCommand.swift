import ArgumentParser
import Foundation
import ZoneFit

struct OverlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overlay",
        abstract: "Add adcode, district, unit, zone and is_core to every enterprise (point) or park (polygon).",
        discussion: """
            Every input row ends in exactly one place: the output, or the rejects file with its row number \
            and reason (missing_coordinates, non_numeric, not_finite, out_of_range, swapped, outside, \
            no_geometry, unsupported_geometry, transform_failed). The run ends with the reconciliation \
            read = written + rejected on stderr.

            A point on a boundary shared by two units goes to the unit listed first in the scheme: \
            functional areas (in the scheme's order) before districts, districts by adcode.

            Polygons get the unit and zone with the largest share of their area (m², in the scheme's \
            projected CRS); --apportion writes every unit's share.

            Output is written to a temporary file beside the target and renamed at the end: a failed run \
            leaves no output behind. Exit codes: 0 success; 1 bad input; 2 --strict and rows were rejected; \
            64 usage error.
            """)

    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var schemeOptions: SchemeOptions

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Output file; format from the extension (.geojson, .geojsonl, .gpkg, .fgb, .csv, .xlsx) or -f.", valueName: "file"))
    var output: String

    @Option(name: [.customShort("f"), .customLong("of")], help: "Output format: GeoJSON, GeoJSONSeq, GPKG, FlatGeobuf, CSV, XLSX.")
    var format: String?

    @Option(help: ArgumentHelp("Rejects CSV (default: <output stem>.rejects.csv).", valueName: "file"))
    var rejects: String?

    @Option(help: ArgumentHelp("For polygons: write each feature's area share per unit to this CSV.", valueName: "file"))
    var apportion: String?

    @Option(help: ArgumentHelp("Assign points up to this many metres outside the city to the nearest unit (marked snapped).", valueName: "metres"))
    var snap: Double?

    @Flag(help: "Exit with code 2 when any row was rejected.")
    var strict = false

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int?

    func validate() throws {
        if let snap, !(snap > 0) { throw ValidationError("--snap takes a positive number of metres") }
        if let threads, threads < 1 { throw ValidationError("--threads takes a positive number") }
        var request = OverlayRequest(input: inputOptions.input, output: output)
        request.rejects = rejects
        func same(_ a: String, _ b: String) -> Bool {
            URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
        }
        let written = [("-o", output), ("--rejects", request.rejectsPath)] + (apportion.map { [("--apportion", $0)] } ?? [])
        for (option, path) in written where same(path, inputOptions.input) {
            throw ValidationError("\(option) \(path) would overwrite the input")
        }
        for (i, first) in written.enumerated() {
            for second in written[(i + 1)...] where same(first.1, second.1) {
                throw ValidationError("\(first.0) and \(second.0) name the same file \(first.1)")
            }
        }
    }

    func run() throws {
        var rejectedRows = 0
        try reportingErrors {
            let layer = try schemeOptions.build()
            var request = OverlayRequest(input: inputOptions.input, output: output)
            request.layer = inputOptions.layer
            request.whereClause = inputOptions.whereClause
            request.xField = inputOptions.xField
            request.yField = inputOptions.yField
            request.sourceCRS = try inputOptions.parsedSourceCRS()
            request.format = format
            request.rejects = rejects
            request.apportion = apportion
            request.snapMetres = snap
            if let threads { request.workers = threads }
            let summary = try OverlayRun.run(request, layer: layer)
            for line in summary.report(layer) { note(line) }
            note("wrote \(summary.written) rows to \(output); \(summary.rejected) rejected to \(request.rejectsPath)")
            rejectedRows = summary.rejected
        }
        if strict && rejectedRows > 0 { throw ExitCode(2) }
    }
}
