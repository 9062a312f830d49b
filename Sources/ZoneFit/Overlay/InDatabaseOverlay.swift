import Crypto
import Foundation
import GeoKit

/// The overlay run inside PostGIS (`--in-database`): the scheme's cells are
/// loaded into the database as zonefit's own WKB (table `zonefit_cells_<key>`,
/// the key a hash of the cells, so a scheme is loaded once and a changed one
/// gets tables of its own), with `ST_Subdivide`d pieces beside them
/// (`zonefit_cell_pieces_<key>`, GiST-indexed) that serve only to find
/// candidates: the test is `ST_Covers` against the original cell, and the
/// first covering cell in the scheme's order wins, as in the in-process
/// overlay (a subdivided piece's cut edges are new, rounded vertices, and
/// would lose exact boundary points). The database answers which cell each row
/// is in; zonefit reads the rows with that answer and does the rest as always
/// (checks, rejects, analyses, outputs), so both paths judge a row alike.
struct InDatabaseOverlay {
    /// The column the statement adds: the index of the covering cell, NULL outside every cell.
    static let cellColumn = "zonefit_cell"

    let cellsTable: String
    let piecesTable: String

    /// Loads the cells of `layer` into the database of `connection` unless they are there already.
    init(connection: String, layer: ZoneLayer) throws {
        var hasher = SHA256()
        for cell in layer.cells { hasher.update(data: cell.wkb) }
        let key = String(Provenance.hex(hasher).prefix(15))
        cellsTable = "zonefit_cells_\(key)"
        piecesTable = "zonefit_cell_pieces_\(key)"
        do {
            let database = try PostgresConnection(connection)
            try database.execute("BEGIN")
            // Two first runs at once: the second waits for the first's tables (the lock ends with the transaction).
            try database.execute("SELECT pg_advisory_xact_lock(x'\(key)'::bigint)")
            guard !(try database.hasTable(cellsTable) && database.hasTable(piecesTable)) else { return }
            try database.execute("DROP TABLE IF EXISTS \(cellsTable), \(piecesTable)")
            // The cells' own WKB, keyed by their index in the layer.
            let cells = try PostgresTableWriter(
                database, table: cellsTable, fields: [], geometry: .any, crs: nil, mode: .create, idColumn: "cell")
            for (index, cell) in layer.cells.enumerated() {
                try cells.write([], geometry: .wkb(cell.wkb), id: Int64(index))
            }
            try cells.finish()
            try database.execute(
                "CREATE TABLE \(piecesTable) AS SELECT cell, ST_Subdivide(geom, 128) AS geom FROM \(cellsTable)")
            try database.execute("CREATE INDEX ON \(piecesTable) USING GIST (geom)")
            try database.execute("ANALYZE \(cellsTable)")
            try database.execute("ANALYZE \(piecesTable)")
            try database.execute("COMMIT")
        } catch let error as GeoKitError {
            throw ZoneFitError(file: connection, "cannot load the scheme's cells: \(error.message)")
        }
    }

    /// Checks that `source` (opened as a plain layer) can be overlaid in the database and returns the
    /// statement that reads its rows with their cell: a table of points in EPSG:4326, `filter` (the
    /// database's SQL) applied in it.
    func statement(for source: VectorSource, table: String, filter: String?) throws -> String {
        guard let geometry = source.geometryColumn, source.hasGeometryField else {
            throw ZoneFitError(file: source.path, "layer \(table) has no geometry column to overlay in the database")
        }
        guard source.declaresPoints else {
            throw ZoneFitError(
                file: source.path, "layer \(table) does not declare points; only points are overlaid in the database")
        }
        guard let crs = source.spatialReference, crs.isSame(as: try SpatialReference.wgs84()) else {
            throw ZoneFitError(
                file: source.path,
                "layer \(table) is not in EPSG:4326; the database overlay takes WGS84 points (zonefit's own overlay "
                    + "transforms it)", setting: .inDatabase)
        }
        let point = "f.\(PostgresConnection.identifier(geometry))"
        // The table's key as ogc_fid, the name GDAL takes a result's FID from: the rows keep their ids and
        // the key does not turn into a field, as when the table is read as a layer.
        let columns =
            (source.fidColumn.map { ["f.\(PostgresConnection.identifier($0)) AS ogc_fid"] } ?? [])
            + source.fields.map { "f.\(PostgresConnection.identifier($0.name))" } + [point]
        return """
            SELECT \(columns.joined(separator: ", ")), (SELECT c.cell FROM \(cellsTable) c \
            WHERE c.cell IN (SELECT p.cell FROM \(piecesTable) p WHERE p.geom && \(point)) \
            AND ST_Covers(c.geom, \(point)) ORDER BY c.cell LIMIT 1) AS \(Self.cellColumn) \
            FROM \(PostgresConnection.identifier(table)) f\(filter.map { " WHERE \($0)" } ?? "")
            """
    }
}
