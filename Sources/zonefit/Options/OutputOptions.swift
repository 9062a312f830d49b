import ArgumentParser
import Foundation
import ZoneFit

/// Where an overlay-based command writes, shared by `overlay` and `relocate`.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Output file; format from the extension (.geojson, .geojsonl, .gpkg, .fgb, .shp, .csv, .xlsx) or -f; "
                + "or a PostGIS database, \"PG:host=… dbname=… user=…\" (the password from PGPASSWORD or ~/.pgpass).",
            valueName: "file"))
    var output: String

    @Option(
        name: [.customShort("f"), .customLong("of")],
        help: "Output format: GeoJSON, GeoJSONSeq, GPKG, FlatGeobuf, \"ESRI Shapefile\", CSV, XLSX, PostgreSQL.")
    var format: String?

    @OptionGroup var tableOptions: TableOptions

    @OptionGroup var outputCRS: OutputCRSOption

    @Option(
        help: ArgumentHelp(
            "Text encoding of a Shapefile output's attributes, named in its .cpg: UTF-8 (default) or GBK.",
            valueName: "encoding"))
    var encoding: String?

    @Flag(
        help: ArgumentHelp(
            "Shapefile output: write each text longer than a DBF field holds (254 bytes) whole to "
                + "<output stem>.long-text.csv, keyed by FID, and cut it in the DBF (by default such a text stops the run)."
        ))
    var longTextCsv = false

    @Option(help: ArgumentHelp("Rejects CSV (default: <output stem>.rejects.csv).", valueName: "file"))
    var rejects: String?

    @Flag(help: "Exit with code 2 when any row was rejected.")
    var strict = false

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int?

    @Flag(name: .shortAndLong, help: "No progress bar.")
    var quiet = false

    @Flag(help: "Show the progress bar even when stderr is not a terminal.")
    var progress = false

    @Flag(
        help: "Read and write CSV through OGR even where zonefit's streaming CSV path applies (slower; for comparison)."
    )
    var viaOgr = false

    @Option(
        name: .customLong("types"),
        help: ArgumentHelp(
            "A text column's type in the output, instead of the one read from its first 10,000 rows: "
                + "column=String|Integer|Real|Boolean (repeat for more columns).",
            valueName: "column=type"))
    var types: [String] = []

    @Flag(
        name: .customLong("no-types"),
        help:
            "Write every text column of the input as text (by default whole numbers, numbers and true/false become typed)."
    )
    var noTypes = false

    /// `--types` and `--no-types` as the request's choice.
    func typesChoice() throws -> ColumnTypes.Choice {
        if noTypes {
            guard types.isEmpty else { throw ValidationError("--types and --no-types do not go together") }
            return .text
        }
        do {
            return try ColumnTypes.Choice(overrides: types)
        } catch let error as ZoneFitError {
            throw ValidationError("--types: \(error.message)")
        }
    }

    /// `--encoding` and `--long-text-csv`, which only a Shapefile output takes.
    func shapefileOptions() throws -> ShapefileOptions {
        var options = ShapefileOptions(longTextCSV: longTextCsv)
        guard encoding != nil || longTextCsv else { return options }
        let chosen = try? OutputFormat.resolve(path: output, format: format)
        guard chosen == .shapefile else {
            throw ValidationError(
                "--encoding and --long-text-csv apply to a Shapefile output (.shp or -f \"ESRI Shapefile\")")
        }
        if let encoding {
            guard let named = ShapefileOptions.Encoding(named: encoding) else {
                throw ValidationError("--encoding '\(encoding)': expected UTF-8 or GBK")
            }
            options.encoding = named
        }
        return options
    }

    /// The request of `command` for `input` with these outputs and the input options.
    func request(_ input: InputOptions, command: String) throws -> OverlayRequest {
        var request = OverlayRequest(input: input.input, output: output)
        // Where a bar shows the run is watched: how the input is read is told as it begins, before the bar.
        if ProgressBar.shows(quiet: quiet, forced: progress) { request.notice = { note($0) } }
        request.command = command
        request.tableName = tableOptions.tableName
        request.writeMode = tableOptions.writeMode
        request.inputFormat = input.inputFormat
        try input.layerOptions.apply(to: &request)
        request.inDatabase = input.inDatabase
        request.xField = input.xField
        request.yField = input.yField
        request.sourceCRS = try input.parsedSourceCRS()
        request.format = format
        request.rejects = rejects
        if let threads { request.workers = threads }
        request.fastPath = !viaOgr
        request.types = try typesChoice()
        request.shapefile = try shapefileOptions()
        request.targetCRS = outputCRS.dstCRS
        return request
    }

    /// Refuses outputs that would overwrite the input or each other. `extra` are
    /// a command's other files, as (option, path).
    func checkPaths(input: String, extra: [(String, String)]) throws {
        if let threads, threads < 1 { throw ValidationError("--threads takes a positive number") }
        try tableOptions.check(output: output, format: format)
        var request = OverlayRequest(input: input, output: output)
        request.rejects = rejects
        func same(_ a: String, _ b: String) -> Bool {
            URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
        }
        // Only files can overwrite each other here; a table's name is checked in the database.
        let written = ([("-o", output), ("--rejects", request.rejectsPath)] + extra).filter {
            DataSourceName.kind($0.1) == .file
        }
        for (option, path) in written where same(path, input) {
            throw ValidationError("\(option) \(path) would overwrite the input")
        }
        for (i, first) in written.enumerated() {
            for second in written[(i + 1)...] where same(first.1, second.1) {
                throw ValidationError("\(first.0) and \(second.0) name the same file \(first.1)")
            }
        }
    }

    /// The progress bar for this run, if one should show.
    func progressBar() -> ProgressBar? { ProgressBar.make(quiet: quiet, forced: progress) }

    /// Prints the run's summary lines and where the rows went.
    func report(_ summary: OverlaySummary, layer: ZoneLayer, request: OverlayRequest) {
        for line in summary.report(layer) { note(line) }
        let target = request.table?.description ?? output
        note(
            "wrote \(summary.written) rows to \(target); \(summary.rejected) rejected to \(request.rejectsDestination)")
    }
}
