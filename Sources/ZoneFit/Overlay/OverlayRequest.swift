import Foundation
import GeoKit

/// What `zonefit overlay` was asked to do.
public struct OverlayRequest: Sendable {
    public var input: String
    /// The input's format when neither its extension nor its content tells: "CSV" for a pipe.
    public var inputFormat: String?
    public var layer: String?
    /// The row of a table that holds its header (1-based), for sheets with title rows above it; nil: the
    /// first row, or the first that looks like a header below title rows (`HeaderRow`).
    public var headerRow: Int?
    /// The tiers that may place a row (`--placement`); nil: coordinates, or the address where the input has no
    /// coordinate columns.
    public var placement: PlacementTiers?
    /// The headers of the register's fields where no analysis brings its own (`overlay` reading addresses).
    public var fieldNames: FieldNames?
    public var whereClause: String?
    /// A statement whose result is read instead of a layer (ogr2ogr's `-sql`).
    public var sql: String?
    /// Have PostGIS find each row's cell (`InDatabaseOverlay`); the filter is then the database's SQL.
    public var inDatabase = false
    public var xField: String?
    public var yField: String?
    /// nil: the layer's own CRS, else WGS84.
    public var sourceCRS: SourceCRS?
    /// nil: no feature output; the placements go to the analyses only (fit's load, say).
    public var output: String?
    public var format: String?
    /// Defaults to `<output stem>.rejects.csv` beside the output (`<input stem>` without one), and for a
    /// database output to the table `<table>_rejects` beside it.
    public var rejects: String?
    /// A database output's table (ogr2ogr's `-nln`; default `<input layer>_<command>`) and what
    /// happens when it exists.
    public var tableName: String?
    public var writeMode = PostgresTableWriter.WriteMode.create
    public var apportion: String?
    public var snapMetres: Double?
    public var workers: Int
    public var batchSize: Int
    /// Allow the streaming CSV path where it applies (false: always read and write through OGR).
    public var fastPath = true
    /// The CRS of the output (`OutputCRS`): nil for WGS84 lon/lat.
    public var targetCRS: String?
    /// How a Shapefile output is written.
    public var shapefile = ShapefileOptions()
    /// Hash the input for provenance even where the output carries none (the report's does).
    public var hashesInput = false
    /// Receives lines worth telling as soon as they are known, before the rows are read (which column holds
    /// each register field); nil leaves them to the summary's report.
    public var notice: (@Sendable (String) -> Void)?
    /// How the input's text columns are typed (see `ColumnTypes`).
    public var types = ColumnTypes.Choice.inferred(overrides: [:])

    public init(input: String, output: String?) {
        self.input = input
        self.output = output
        self.workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        self.batchSize = 16_384
    }

    /// The input as OGR reads it.
    public var source: SourceReference { SourceReference(input, layer: layer, filter: whereClause, sql: sql) }

    /// The output table, when the output is a database.
    public var table: DatabaseTable? {
        output.flatMap { DatabaseTable.named(by: $0, name: tableName, defaultName: defaultTableName, mode: writeMode) }
    }

    /// The input's layer or file stem, lower case, with the command's name: `firms_overlay`.
    private var defaultTableName: String {
        let stem = layer ?? (DataSourceName.kind(input) == .connection ? "sql" : OverlayFiles.layerName(input))
        return stem.lowercased() + "_" + (command ?? "overlay")
    }

    /// The command that placed the rows, naming a database output's default table.
    public var command: String?

    /// The rejects path actually used: a temporary file for rejects that go to a table.
    public var rejectsPath: String {
        if let rejects { return rejects }
        if table != nil { return NSTemporaryDirectory() + "zonefit-rejects-\(getpid()).csv" }
        if let output { return (output as NSString).deletingPathExtension + ".rejects.csv" }
        if DataSourceName.kind(input) == .file { return (input as NSString).deletingPathExtension + ".rejects.csv" }
        // A database's layer, in the working folder: `-l public.firms` gives firms.rejects.csv.
        return (layer?.split(separator: ".").last.map(String.init) ?? "input") + ".rejects.csv"
    }

    /// Where the rejects go, as a message names it.
    public var rejectsDestination: String {
        if rejects == nil, let table { return "table \(table.rejectsName)" }
        return rejectsPath
    }
}
