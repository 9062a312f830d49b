import CGDAL

/// Loads one table of PostgreSQL/PostGIS with COPY through a connection
/// (`PostgresConnection`) whose transaction the caller holds: the table made
/// (or replaced, or added to, as `WriteMode` says), the rows streamed in
/// COPY's text form, then its key sequence moved past the ids written and the
/// GiST index built after the load, as a bulk load should. Rows arrive from
/// one thread, one at a time (`write`) or formatted elsewhere (`insert`);
/// geometries come in WGS84 lon/lat and are put into the table's CRS.
public final class PostgresTableWriter {
    /// What happens to a table that already exists.
    public enum WriteMode: Sendable, Equatable {
        /// Refuse it.
        case create
        /// Replace it (dropped and made again, in the transaction).
        case overwrite
        /// Add the rows to it, making the columns it lacks; the rows get the table's next ids.
        case append
    }

    private let connection: PostgresConnection
    private let name: String
    /// `name` quoted for SQL.
    private let table: String
    private let types: [FieldType]
    /// The id column when the rows keep the ids given (a table made here), else nil.
    private let idColumn: String?
    public let geometryColumn: String?
    private let multiPolygon: Bool
    private let srid: Int32
    private let reprojection: OutputReprojection
    private let rows = ByteBuffer(capacity: 1 << 20)
    private var lastID: Int64 = 0

    /// The rows go to `name` (`schema.table`, or found on the search path) with `fields` in this
    /// order and, unless `geometry` is `.none`, a geometry column in `crs` (nil: WGS84; the CRS of
    /// a table added to). `idColumn` names a made table's key.
    public init(
        _ connection: PostgresConnection, table name: String, fields: [FieldDefinition],
        geometry: VectorSink.GeometryKind, crs: SpatialReference?, mode: WriteMode, idColumn: String = "fid"
    ) throws {
        self.connection = connection
        self.name = name
        table = PostgresConnection.identifier(name)
        types = fields.map(\.type)
        multiPolygon = geometry == .multiPolygon
        let exists = try connection.hasTable(name)
        if exists && mode == .create { throw GeoKitError(.postgreSQL, "table '\(name)' exists already") }
        var columns = fields.map(\.name)
        if exists && mode == .append {
            let existing = try Self.columns(of: table, connection)
            for field in fields where !existing.contains(where: { $0.name == field.name }) {
                try connection.execute(
                    "ALTER TABLE \(table) ADD COLUMN \(PostgresConnection.identifier(column: field.name)) "
                        + Self.columnType(field.type))
            }
            let spatial = geometry == .none ? nil : existing.first { $0.srid != nil }
            guard geometry == .none || spatial != nil else {
                throw GeoKitError(.postgreSQL, "table '\(name)' has no geometry column to add the rows' geometry to")
            }
            let own = try spatial.map { try Self.reference(srid: $0.srid ?? 0, crs: crs, connection) }
            if let crs, let own, !crs.isSame(as: own.reference) {
                throw GeoKitError(
                    .postgreSQL,
                    "table '\(name)' is in \(own.reference.authorityCode ?? "SRID \(own.srid)"), "
                        + "not \(crs.authorityCode ?? "the CRS asked for")")
            }
            (self.idColumn, geometryColumn) = (nil, spatial?.name)
            srid = own?.srid ?? 4326
            reprojection = try OutputReprojection(own?.reference ?? SpatialReference.wgs84())
        } else {
            if exists { try connection.execute("DROP TABLE \(table)") }
            let taken = Set(fields.map { $0.name.lowercased() })
            let key = ColumnName.unused(idColumn, taken)
            let spatial = geometry == .none ? nil : ColumnName.unused("geom", taken.union([key.lowercased()]))
            let target = try crs ?? SpatialReference.wgs84()
            srid = try spatial.map { _ in try Self.srid(of: target, connection) } ?? 0
            var definitions = ["\(PostgresConnection.identifier(column: key)) bigserial PRIMARY KEY"]
            definitions += fields.map {
                "\(PostgresConnection.identifier(column: $0.name)) \(Self.columnType($0.type))"
            }
            if let spatial {
                definitions.append(
                    "\(PostgresConnection.identifier(column: spatial)) geometry(\(Self.typeName(geometry)), \(srid))")
            }
            try connection.execute("CREATE TABLE \(table) (\(definitions.joined(separator: ", ")))")
            (self.idColumn, geometryColumn) = (key, spatial)
            reprojection = try OutputReprojection(target)
            columns.insert(key, at: 0)
        }
        if let geometryColumn { columns.append(geometryColumn) }
        let list = columns.map { PostgresConnection.identifier(column: $0) }.joined(separator: ", ")
        try connection.beginCopy("COPY \(table) (\(list)) FROM STDIN")
    }

    /// One row: `values` in the order of the fields given, `id` its key (nil: the next one).
    public func write(_ values: [FieldValue], geometry: FeatureGeometry, id: Int64? = nil) throws {
        if idColumn != nil {
            let key = id ?? lastID + 1
            lastID = max(lastID, key)
            rows.append(decimal: key)
            rows.append(UInt8(ascii: "\t"))
        }
        for index in types.indices {
            if index > 0 { rows.append(UInt8(ascii: "\t")) }
            PostgresCopyText.append(index < values.count ? values[index] : .null, as: types[index], to: rows)
        }
        if geometryColumn != nil {
            if !types.isEmpty { rows.append(UInt8(ascii: "\t")) }
            switch geometry {
            case .none: rows.append(PostgresCopyText.null)
            case .point(let x, let y):
                let (x, y) = try reprojection.point(x: x, y: y)
                PostgresCopyText.appendPoint(x: x, y: y, srid: srid, to: rows)
            case .wkb(let bytes):
                let shape = try bytes.withUnsafeBytes { try reprojection.geometry(wkb: $0, multiPolygon: multiPolygon) }
                defer { OGR_G_DestroyGeometry(shape) }
                var wkb = [UInt8](repeating: 0, count: Int(OGR_G_WkbSize(shape)))
                try ogrCheck("cannot write a geometry") { OGR_G_ExportToIsoWkb(shape, wkbNDR, &wkb) }
                wkb.withUnsafeBytes { PostgresCopyText.appendEWKB($0, srid: srid, to: rows) }
            }
        }
        rows.append(UInt8(ascii: "\n"))
        if rows.count >= 1 << 20 { try send() }
    }

    /// A layout for formatting rows of this table on another thread (see `insert`): one per thread.
    public func rowFormat() throws -> PostgresRowFormat {
        try PostgresRowFormat(keepsIDs: idColumn != nil, srid: srid, target: reprojection.target)
    }

    /// Rows formatted as a `rowFormat()` lays them out, sent as they are, after any written before.
    public func insert(_ formatted: ByteBuffer) throws {
        try send()
        try formatted.withUnsafeBytes { try connection.putCopyData($0) }
    }

    /// Ends the COPY (the server's verdict on the rows comes here), moves the key's sequence past the
    /// ids written and builds the spatial index; the transaction stays open.
    public func finish() throws {
        try send()
        try connection.endCopy()
        if let idColumn {
            // max() of the key reads its index; an empty table leaves the sequence where it is.
            _ = try connection.values(
                "SELECT setval(pg_get_serial_sequence($1, $2), max(\(PostgresConnection.identifier(column: idColumn)))) "
                    + "FROM \(table)", [table, idColumn])
        }
        if let geometryColumn {
            // IF NOT EXISTS: a table added to keeps the index an earlier run built.
            let bare = name.split(separator: ".").last.map(String.init) ?? name
            let index = PostgresConnection.identifier(column: "\(bare)_\(geometryColumn)_idx")
            try connection.execute(
                "CREATE INDEX IF NOT EXISTS \(index) ON \(table) USING GIST (\(PostgresConnection.identifier(column: geometryColumn)))"
            )
        }
    }

    private func send() throws {
        try rows.withUnsafeBytes { try connection.putCopyData($0) }
        rows.removeAll()
    }

    /// The column type of a field: text without a width, as the other outputs have it.
    static func columnType(_ type: FieldType) -> String {
        switch type {
        case .integer: "bigint"
        case .real: "double precision"
        case .string: "varchar"
        case .boolean: "boolean"
        }
    }

    private static func typeName(_ kind: VectorSink.GeometryKind) -> String {
        switch kind {
        case .point: "Point"
        case .multiPolygon: "MultiPolygon"
        case .none, .any: "Geometry"
        }
    }

    /// A table's columns; for geometry columns their SRID (0 where the column does not fix one).
    private static func columns(of table: String, _ connection: PostgresConnection) throws -> [(
        name: String, srid: Int32?
    )] {
        try connection.values(
            """
            SELECT attname, CASE WHEN atttypid::regtype::text = 'geometry' THEN postgis_typmod_srid(atttypmod) END
            FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """, [table]
        ).map { ($0[0] ?? "", $0[1].flatMap { Int32($0) }) }
    }

    /// The database's SRID of `crs`, by its authority and code in `spatial_ref_sys`.
    private static func srid(of crs: SpatialReference, _ connection: PostgresConnection) throws -> Int32 {
        guard let code = crs.authorityCode, let colon = code.firstIndex(of: ":") else {
            throw GeoKitError(.postgreSQL, "a PostGIS table takes a CRS with an authority code, not \(crs.name)")
        }
        let found = try connection.values(
            "SELECT srid FROM spatial_ref_sys WHERE upper(auth_name) = upper($1) AND auth_srid = $2",
            [String(code[..<colon]), String(code[code.index(after: colon)...])])
        guard let text = found.first?[0], let srid = Int32(text) else {
            throw GeoKitError(.postgreSQL, "the database's spatial_ref_sys has no \(code)")
        }
        return srid
    }

    /// The CRS of a table's SRID (0, a column that fixes none: `crs`, or WGS84).
    private static func reference(srid: Int32, crs: SpatialReference?, _ connection: PostgresConnection) throws -> (
        srid: Int32, reference: SpatialReference
    ) {
        guard srid != 0 else {
            let reference = try crs ?? SpatialReference.wgs84()
            return (try Self.srid(of: reference, connection), reference)
        }
        let found = try connection.values(
            "SELECT auth_name || ':' || auth_srid, srtext FROM spatial_ref_sys WHERE srid = $1", [String(srid)])
        guard let row = found.first, let definition = row[0] ?? row[1] else {
            throw GeoKitError(.postgreSQL, "the database's spatial_ref_sys has no SRID \(srid)")
        }
        return (srid, try SpatialReference(definition))
    }
}
