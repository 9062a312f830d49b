import ArgumentParser
import GeoKit
import ZoneFit

/// How a PostgreSQL output's table is named and what happens when it exists, named as in ogr2ogr.
/// Shared by every command that writes a layer.
struct TableOptions: ParsableArguments {
    @Option(
        name: .customLong("nln"),
        help: ArgumentHelp(
            "Table of a PostgreSQL output, schema.table or on the search path (default: <input layer>_<command> for "
                + "overlay and relocate, units for zones, fit for fit); the rejects go to <table>_rejects beside it.",
            valueName: "table"))
    var tableName: String?

    @Flag(help: "PostgreSQL output: replace the table (and its rejects table) if it exists.")
    var overwrite = false

    @Flag(help: "PostgreSQL output: add the rows to the table if it exists.")
    var append = false

    /// `--overwrite` and `--append` as a write mode.
    var writeMode: PostgresTableWriter.WriteMode { overwrite ? .overwrite : append ? .append : .create }

    /// Refuses the table options for an output that is not a database (`output` in `format`).
    func check(output: String?, format: String?) throws {
        if overwrite && append { throw ValidationError("--overwrite and --append exclude each other") }
        let database = output.flatMap { try? OutputFormat.resolve(path: $0, format: format) } == .postgreSQL
        if !database && (tableName != nil || overwrite || append) {
            throw ValidationError("--nln, --overwrite and --append apply to a PostgreSQL output (-o PG:…)")
        }
    }
}
