import Foundation
import GeoKit

/// An output table in PostgreSQL/PostGIS, written in one transaction on one
/// connection: the rows by COPY, then the spatial index (built after the load,
/// as a bulk load should), the rejected rows into `<table>_rejects` and the
/// provenance as the table's comment; `commit(rejects:)` makes it all visible
/// at once. A run that fails before it leaves no table behind.
final class DatabaseOutput: FeatureOutput {
    private let table: DatabaseTable
    private let connection: PostgresConnection
    private let writer: PostgresTableWriter

    /// `rejectsToTable`: the rejects go to `<table>_rejects` (else to a file), whose name must then be free too.
    init(
        _ table: DatabaseTable, fields: [FieldDefinition], geometry: VectorSink.GeometryKind, crs: SpatialReference?,
        rejectsToTable: Bool
    ) throws {
        self.table = table
        do {
            connection = try PostgresConnection(table.connection)
            try connection.execute("BEGIN")
            if table.mode == .create {
                for name in [table.name] + (rejectsToTable ? [table.rejectsName] : [])
                where try connection.hasTable(name) {
                    throw ZoneFitError(
                        "\(table.description): table \(name) exists already; replace it or add to it",
                        setting: .tableExists)
                }
            }
            writer = try PostgresTableWriter(
                connection, table: table.name, fields: fields, geometry: geometry, crs: crs, mode: table.mode)
        } catch let error as GeoKitError {
            throw ZoneFitError("\(table.description): \(error.message)")
        }
    }

    /// The input's ids are kept in a new table; rows added to an existing one get the next ids.
    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws {
        try naming { try writer.write(values, geometry: geometry, id: id) }
    }

    /// The layout of rows formatted on a worker's thread for `insert`: one per thread.
    func rowFormat() throws -> PostgresRowFormat {
        try naming { try writer.rowFormat() }
    }

    /// Rows formatted elsewhere, as `rowFormat()` lays them out.
    func insert(_ rows: ByteBuffer) throws {
        try naming { try writer.insert(rows) }
    }

    /// Ends the load (the index built) and records the provenance; the transaction stays open for the rejects.
    func close(provenance: String) throws {
        try naming {
            try writer.finish()
            try connection.execute(
                "COMMENT ON TABLE \(PostgresConnection.identifier(table.name)) IS \(Self.literal(provenance))")
        }
    }

    /// Loads the rejects CSV the run wrote into `<table>_rejects` (its fields as `fields` says), unless
    /// they went to a file (nil), and commits.
    func commit(rejects path: String?, fields: [FieldDefinition]) throws {
        try naming {
            if let path {
                let rejected = try PostgresTableWriter(
                    connection, table: table.rejectsName, fields: fields, geometry: .none, crs: nil, mode: table.mode,
                    idColumn: "reject_id")
                // The CSV as text, empty cells as NULL; a column named WKT stays a column.
                let source = try VectorSource(
                    path: path,
                    openOptions: ["EMPTY_STRING_AS_NULL=YES", "KEEP_GEOM_COLUMNS=YES", "AUTODETECT_TYPE=NO"])
                while let row = try source.next() { try rejected.write(row.values, geometry: .none) }
                try rejected.finish()
            }
            try connection.execute("COMMIT")
        }
    }

    /// Runs `body`, a database error then naming the table (and the connection without its password).
    private func naming<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as GeoKitError {
            throw ZoneFitError("\(table.description): \(error.message)")
        }
    }

    /// A PostgreSQL dollar-quoted literal: taken as written whatever standard_conforming_strings says
    /// (the JSON's backslashes stay backslashes), with a tag the text does not hold.
    private static func literal(_ text: String) -> String {
        var tag = "zonefit"
        while text.contains("$\(tag)$") { tag += "_" }
        return "$\(tag)$\(text)$\(tag)$"
    }
}
