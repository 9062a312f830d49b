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
            leaves no output behind. A PostGIS table (-o "PG:dbname=… user=…" --nln TABLE, the password \
            from PGPASSWORD) is written in one transaction, with its rejects in TABLE_rejects; the input may \
            be a table too (-l, --where, --sql). Exit codes: 0 success; 1 bad input; 2 --strict and rows were rejected; \
            64 usage error.
            """)

    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var schemeOptions: SchemeOptions

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup(title: "Register columns (for --placement's address and USCC)") var columnOptions: ColumnOptions

    @Option(
        help: ArgumentHelp("For polygons: write each feature's area share per unit to this CSV.", valueName: "file"))
    var apportion: String?

    @Option(
        help: ArgumentHelp(
            "Assign points up to this many metres outside the city to the nearest unit (marked snapped).",
            valueName: "metres"))
    var snap: Double?

    func validate() throws {
        if let snap, !(snap > 0) { throw ValidationError("--snap takes a positive number of metres") }
        try outputOptions.checkPaths(input: inputOptions.input, extra: apportion.map { [("--apportion", $0)] } ?? [])
    }

    func run() throws {
        var rejectedRows = 0
        try reportingErrors {
            let layer = try schemeOptions.build()
            var request = try outputOptions.request(inputOptions, command: "overlay")
            request.apportion = apportion
            request.snapMetres = snap
            request.fieldNames = try columnOptions.apply(to: .builtIn)
            let bar = outputOptions.progressBar()
            let summary = try OverlayRun.run(request, layer: layer, progress: bar?.handler)
            bar?.finish()
            outputOptions.report(summary, layer: layer, request: request)
            rejectedRows = summary.rejected
        }
        if outputOptions.strict && rejectedRows > 0 { throw ExitCode(2) }
    }
}
