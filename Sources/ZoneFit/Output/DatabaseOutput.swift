import Foundation
import GeoKit

/// An output table in PostgreSQL/PostGIS, written in one transaction: the rows
/// by COPY, then the spatial index (built after the load, as a bulk load should),
/// the rejected rows into `<table>_rejects` and the provenance as the table's
/// comment; `commit(rejects:)` makes it all visible at once. A run that fails
/// before it leaves no table behind.
final class DatabaseOutput: FeatureOutput {
    private let table: DatabaseTable
    private let database: VectorDatabase
    private let sink: VectorSink

    /// `rejectsToTable`: the rejects go to `<table>_rejects` (else to a file), whose name must then be free too.
    init(
        _ table: DatabaseTable, fields: [FieldDefinition], geometry: VectorSink.GeometryKind, crs: SpatialReference?,
        rejectsToTable: Bool
    ) throws {
        self.table = table
        do {
            database = try VectorDatabase(connection: table.connection)
            if table.mode == .create {
                for name in [table.name] + (rejectsToTable ? [table.rejectsName] : []) where database.hasLayer(name) {
                    throw ZoneFitError(
                        "\(table.description): table \(name) exists already; replace it or add to it",
                        setting: .tableExists)
                }
            }
            sink = try database.layer(table.name, fields: fields, geometry: geometry, crs: crs, mode: table.mode)
        } catch let error as GeoKitError {
            throw ZoneFitError("\(table.description): \(error.message)")
        }
    }

    /// The input's ids are kept in a new table; rows added to an existing one get the next ids.
    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws {
        try sink.write(values, geometry: geometry, fid: table.mode == .append ? nil : id)
    }

    /// Builds the spatial index and records the provenance; the transaction stays open for the rejects.
    func close(provenance: String) throws {
        let name = DatabaseTable.quoted(table.name)
        do {
            try sink.flush()
            if let column = sink.geometryColumn {
                // IF NOT EXISTS: an appended table keeps the index an earlier run built.
                let index = DatabaseTable.quoted(
                    table.name.split(separator: ".").last.map { "\($0)_\(column)_idx" } ?? "\(column)_idx")
                try database.execute(
                    "CREATE INDEX IF NOT EXISTS \(index) ON \(name) USING GIST (\(DatabaseTable.quoted(column)))")
            }
            try database.execute("COMMENT ON TABLE \(name) IS \(Self.literal(provenance))")
        } catch let error as GeoKitError {
            throw ZoneFitError("\(table.description): \(error.message)")
        }
    }

    /// Loads the rejects CSV the run wrote into `<table>_rejects` (its fields as `fields` says), unless
    /// they went to a file (nil), and commits.
    func commit(rejects path: String?, fields: [FieldDefinition]) throws {
        do {
            guard let path else { return try database.commit() }
            let rejected = try database.layer(
                table.rejectsName, fields: fields, geometry: .none, crs: nil, mode: table.mode, fidColumn: "reject_id")
            // The CSV as text, empty cells as NULL; a column named WKT stays a column.
            let source = try VectorSource(
                path: path, openOptions: ["EMPTY_STRING_AS_NULL=YES", "KEEP_GEOM_COLUMNS=YES", "AUTODETECT_TYPE=NO"])
            while let row = try source.next() { try rejected.write(row.values, geometry: .none) }
            try database.commit()
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
