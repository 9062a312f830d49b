import Foundation

/// Writes one feature table of a new GeoPackage through SQLite directly:
/// one transaction, one prepared insert, geometry blobs made here, the R-tree
/// packed and the extent written after the rows (`GeoPackageRTree`).
///
/// OGR's GeoPackage driver builds an OGR feature per row and fills the R-tree
/// one entry at a time; that made GeoPackage zonefit's slowest output. The
/// file is a temporary one until published by rename, so SQLite keeps no
/// journal and does not sync: a failed run leaves nothing to recover.
/// The layout follows the GeoPackage 1.2 specification as GDAL writes it
/// (`validate_gpkg.py` from GDAL checks it in the tests), with GDAL's
/// `gpkg_ogr_contents` feature count and GDAL's form of dataset metadata.
public final class GeoPackageWriter {
    private var database: SQLiteDatabase?
    /// One row per statement, and `rowsPerInsert` rows per statement: a statement's own cost
    /// (AUTOINCREMENT's bookkeeping in sqlite_sequence, step and reset) was a third of a
    /// point row's, and most rows go in many at a time.
    private var insertOne: SQLiteStatement?
    private var insertMany: SQLiteStatement?
    private let rowsPerInsert: Int
    private let columnCount: Int
    private let table: String
    private let fidColumn: String
    private let geometryColumn: String?
    private let multiPolygon: Bool
    private let fieldCount: Int
    private let srsID: Int32
    private let reprojection: OutputReprojection
    /// The blobs of the rows bound to a statement, which SQLite reads in place when it runs.
    private let pointBlobs: UnsafeMutableRawBufferPointer
    private let polygonBlob = ByteBuffer(capacity: 1 << 16)
    private var extent: GeoPackageBlob.Envelope?
    private var metadata: [(key: String, value: String)] = []
    private(set) var count = 0
    /// The boxes of the rows written, for the R-tree; those of the rows bound to the statement about to run;
    /// the largest id of the rows written, and of those bound too.
    private let cells: HilbertSorter
    private var bound: [RTreeCell] = []
    private var committedFID: Int64 = 0
    private var lastFID: Int64 = 0

    /// Creates `path` (a new file) with the layer `table`, its `fields` in order, geometries of
    /// `geometry` kind in `crs` (they come in WGS84 lon/lat and are put into it). `boxesInMemory`: how many rows' boxes the R-tree keeps in memory
    /// before it spools them to a temporary file (see `HilbertSorter`).
    public init(
        path: String, table: String, fields: [FieldDefinition], geometry: VectorSink.GeometryKind,
        crs: SpatialReference, boxesInMemory: Int = 1 << 19
    ) throws {
        cells = HilbertSorter(chunkSize: boxesInMemory)
        let database = try SQLiteDatabase(path: path)
        self.table = table
        let taken = Set(fields.map { $0.name.lowercased() })
        fidColumn = ColumnName.unused("fid", taken)
        geometryColumn = geometry == .none ? nil : ColumnName.unused("geom", taken.union([fidColumn.lowercased()]))
        multiPolygon = geometry == .multiPolygon
        fieldCount = fields.count
        srsID = Self.srsID(crs)
        reprojection = try OutputReprojection(crs)
        try database.execute(
            """
            PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
            PRAGMA cache_size = -16384; PRAGMA application_id = 1196444487; PRAGMA user_version = 10200;
            PRAGMA threads = \(min(8, ProcessInfo.processInfo.activeProcessorCount));
            BEGIN;
            """)
        try Self.createCatalog(database, crs: crs, srsID: srsID)
        let columns =
            ["\(quoted(fidColumn)) INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"]
            + (geometryColumn.map { ["\(quoted($0)) \(Self.geometryTypeName(geometry))"] } ?? [])
            + fields.map { "\(quoted($0.name)) \(Self.columnType($0.type))" }
        columnCount = columns.count
        // SQLite takes at most 32,766 parameters in a statement.
        rowsPerInsert = geometry == .point ? max(1, min(256, 32_766 / columns.count)) : 1
        pointBlobs = .allocate(byteCount: rowsPerInsert * GeoPackageBlob.pointSize, alignment: 8)
        try database.execute("CREATE TABLE \(quoted(table)) (\(columns.joined(separator: ", ")));")
        if let geometryColumn {
            try database.execute(
                """
                CREATE VIRTUAL TABLE \(quoted(rtreeName(geometryColumn))) USING rtree(id, minx, maxx, miny, maxy);
                INSERT INTO gpkg_geometry_columns VALUES (\(literal(table)), \(literal(geometryColumn)), \
                '\(Self.geometryTypeName(geometry))', \(srsID), 0, 0);
                INSERT INTO gpkg_extensions VALUES (\(literal(table)), \(literal(geometryColumn)), 'gpkg_rtree_index', \
                'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
                """)
        }
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        insertOne = try database.prepare("INSERT INTO \(quoted(table)) VALUES \(row)")
        insertMany = try database.prepare(
            "INSERT INTO \(quoted(table)) VALUES " + Array(repeating: row, count: rowsPerInsert).joined(separator: ", ")
        )
        self.database = database
    }

    deinit { pointBlobs.deallocate() }

    /// Stores `value` as dataset metadata, as GDAL's `GDALSetMetadataItem` does (gpkg_metadata).
    public func setMetadata(_ value: String, forKey key: String) { metadata.append((key, value)) }

    /// Inserts every row of a tape (see `GeoPackageTape`).
    public func insert(_ tape: ByteBuffer) throws { try tape.withUnsafeBytes { try insert($0) } }

    public func insert(_ tape: UnsafeRawBufferPointer) throws {
        guard let insertOne, let insertMany else { throw GeoKitError(.sqlite, "the GeoPackage is closed") }
        var reader = GeoPackageTapeReader(tape)
        while !reader.atEnd {
            let start = reader.offset
            var rows = 0
            while rows < rowsPerInsert && !reader.atEnd {
                try bindRow(&reader, insertMany, row: rows)
                rows += 1
            }
            if rows == rowsPerInsert {
                try run(insertMany, rows: rows)
            } else {
                // The tape's last rows, fewer than a statement takes: again, one at a time.
                (bound, lastFID) = ([], committedFID)
                var rest = GeoPackageTapeReader(tape, offset: start)
                while !rest.atEnd {
                    try bindRow(&rest, insertOne, row: 0)
                    try run(insertOne, rows: 1)
                }
            }
        }
    }

    /// Runs `statement` with `rows` rows bound, and keeps their boxes for the R-tree.
    private func run(_ statement: SQLiteStatement, rows: Int) throws {
        try statement.run()
        for cell in bound { try cells.append(cell) }
        bound.removeAll(keepingCapacity: true)
        committedFID = lastFID
        count += rows
    }

    /// Binds the tape's next row to the parameters of row `row` of `statement`. A row without an
    /// id gets the next one after the largest so far, as AUTOINCREMENT would give it.
    private func bindRow(_ reader: inout GeoPackageTapeReader, _ statement: SQLiteStatement, row: Int) throws {
        var slot = Int32(row * columnCount + 1)
        let given = reader.raw(Int64.self)
        let fid = given == GeoPackageTape.noFID ? lastFID + 1 : given
        lastFID = max(lastFID, fid)
        statement.bind(slot, integer: fid)
        slot += 1
        switch try reader.tag() {
        case .point:
            let (x, y) = try reprojection.point(x: reader.raw(Double.self), y: reader.raw(Double.self))
            let blob = UnsafeMutableRawBufferPointer(
                rebasing: pointBlobs[row * GeoPackageBlob.pointSize..<(row + 1) * GeoPackageBlob.pointSize])
            GeoPackageBlob.point(x: x, y: y, srsID: srsID, into: blob)
            statement.bind(slot, blob: UnsafeRawBufferPointer(blob))
            include(GeoPackageBlob.Envelope(minX: x, maxX: x, minY: y, maxY: y), fid: fid)
        case .wkb:
            // Polygon layers insert one row per statement (`rowsPerInsert`): one blob at a time.
            guard rowsPerInsert == 1 else {
                throw GeoKitError(.sqlite, "a point layer's row holds another geometry than a point")
            }
            polygonBlob.removeAll()
            try GeoPackageBlob.geometry(
                wkb: reader.run(), multiPolygon: multiPolygon, srsID: srsID, reprojection: reprojection,
                into: polygonBlob)
            polygonBlob.withUnsafeBytes { blob in
                statement.bind(slot, blob: blob)
                if let envelope = GeoPackageBlob.envelope(blob) { include(envelope, fid: fid) }
            }
        default: statement.bindNull(slot)
        }
        if geometryColumn != nil { slot += 1 }
        for _ in 0..<fieldCount {
            switch try reader.tag() {
            case .integer: statement.bind(slot, integer: reader.raw(Int64.self))
            case .real: statement.bind(slot, real: reader.raw(Double.self))
            case .text: statement.bind(slot, text: reader.run())
            default: statement.bindNull(slot)
            }
            slot += 1
        }
    }

    /// Widens the layer's extent (the same row may come twice: see `insert`) and keeps the row's box.
    private func include(_ envelope: GeoPackageBlob.Envelope, fid: Int64) {
        if extent == nil { extent = envelope } else { extent!.include(envelope) }
        bound.append(RTreeCell(id: fid, envelope))
    }

    /// Packs the spatial index, records the extent, count and metadata, and commits.
    /// Errors (a full disk, say) are thrown.
    public func close() throws {
        guard let database else { return }
        defer { self.database = nil }
        (insertOne, insertMany) = (nil, nil)
        if let geometryColumn {
            if let extent, let ids = cells.ids {
                try GeoPackageRTree.build(
                    database, name: rtreeName(geometryColumn), cells: cells, extent: extent, ids: ids)
            }
            try database.execute(rtreeTriggers(geometryColumn))
        }
        let bounds = extent.map { "\($0.minX), \($0.minY), \($0.maxX), \($0.maxY)" } ?? "NULL, NULL, NULL, NULL"
        try database.execute(
            """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) \
            VALUES (\(literal(table)), '\(geometryColumn == nil ? "attributes" : "features")', \(literal(table)), \
            \(bounds), \(geometryColumn == nil ? "NULL" : String(srsID)));
            INSERT INTO gpkg_ogr_contents VALUES (\(literal(table)), \(count));
            CREATE TRIGGER \(quoted("trigger_insert_feature_count_" + table)) AFTER INSERT ON \(quoted(table)) BEGIN \
            UPDATE gpkg_ogr_contents SET feature_count = feature_count + 1 \
            WHERE lower(table_name) = lower(\(literal(table))); END;
            CREATE TRIGGER \(quoted("trigger_delete_feature_count_" + table)) AFTER DELETE ON \(quoted(table)) BEGIN \
            UPDATE gpkg_ogr_contents SET feature_count = feature_count - 1 \
            WHERE lower(table_name) = lower(\(literal(table))); END;
            """)
        if !metadata.isEmpty { try writeMetadata(database) }
        try database.execute("COMMIT;")
        try database.close()
    }

    private func rtreeName(_ column: String) -> String { "rtree_\(table)_\(column)" }

    /// The triggers that keep the index in step with later edits (GeoPackage 1.2, F.3).
    private func rtreeTriggers(_ column: String) -> String {
        let (t, g, i, r) = (quoted(table), quoted(column), quoted(fidColumn), quoted(rtreeName(column)))
        let values = "VALUES (NEW.\(i), ST_MinX(NEW.\(g)), ST_MaxX(NEW.\(g)), ST_MinY(NEW.\(g)), ST_MaxY(NEW.\(g)))"
        let name = { (suffix: String) in quoted(self.rtreeName(column) + suffix) }
        return """
            CREATE TRIGGER \(name("_insert")) AFTER INSERT ON \(t) WHEN (NEW.\(g) NOT NULL AND NOT ST_IsEmpty(NEW.\(g))) \
            BEGIN INSERT OR REPLACE INTO \(r) \(values); END;
            CREATE TRIGGER \(name("_update1")) AFTER UPDATE OF \(g) ON \(t) WHEN OLD.\(i) = NEW.\(i) AND \
            (NEW.\(g) NOTNULL AND NOT ST_IsEmpty(NEW.\(g))) BEGIN INSERT OR REPLACE INTO \(r) \(values); END;
            CREATE TRIGGER \(name("_update2")) AFTER UPDATE OF \(g) ON \(t) WHEN OLD.\(i) = NEW.\(i) AND \
            (NEW.\(g) ISNULL OR ST_IsEmpty(NEW.\(g))) BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); END;
            CREATE TRIGGER \(name("_update3")) AFTER UPDATE ON \(t) WHEN OLD.\(i) != NEW.\(i) AND \
            (NEW.\(g) NOTNULL AND NOT ST_IsEmpty(NEW.\(g))) BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); \
            INSERT OR REPLACE INTO \(r) \(values); END;
            CREATE TRIGGER \(name("_update4")) AFTER UPDATE ON \(t) WHEN OLD.\(i) != NEW.\(i) AND \
            (NEW.\(g) ISNULL OR ST_IsEmpty(NEW.\(g))) BEGIN DELETE FROM \(r) WHERE id IN (OLD.\(i), NEW.\(i)); END;
            CREATE TRIGGER \(name("_delete")) AFTER DELETE ON \(t) WHEN OLD.\(g) NOT NULL \
            BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); END;
            """
    }

    /// Dataset metadata in GDAL's XML form, which GDAL (and so QGIS and `ogrinfo`) reads back as metadata items.
    private func writeMetadata(_ database: SQLiteDatabase) throws {
        let items = metadata.map { "    <MDI key=\"\(Self.xmlEscaped($0.key))\">\(Self.xmlEscaped($0.value))</MDI>\n" }
        let document =
            "<GDALMultiDomainMetadata>\n  <Metadata>\n\(items.joined())  </Metadata>\n</GDALMultiDomainMetadata>\n"
        try database.execute(
            """
            CREATE TABLE gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, \
            md_scope TEXT NOT NULL DEFAULT 'dataset', md_standard_uri TEXT NOT NULL, \
            mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');
            CREATE TABLE gpkg_metadata_reference (reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, \
            row_id_value INTEGER, timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), \
            md_file_id INTEGER NOT NULL, md_parent_id INTEGER, \
            CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id), \
            CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
            INSERT INTO gpkg_extensions VALUES (NULL, NULL, 'gpkg_metadata', \
            'http://www.geopackage.org/spec120/#extension_metadata', 'read-write');
            INSERT INTO gpkg_extensions VALUES ('gpkg_metadata_reference', NULL, 'gpkg_metadata', \
            'http://www.geopackage.org/spec120/#extension_metadata', 'read-write');
            """)
        let row = try database.prepare(
            "INSERT INTO gpkg_metadata (id, md_scope, md_standard_uri, mime_type, metadata) "
                + "VALUES (1, 'dataset', 'http://gdal.org', 'text/xml', ?)")
        row.bind(1, text: document)
        try row.run()
        try database.execute(
            "INSERT INTO gpkg_metadata_reference (reference_scope, md_file_id) VALUES ('geopackage', 1);")
    }

    /// The required tables and the SRS rows: the three the specification asks for and the layer's own.
    private static func createCatalog(_ database: SQLiteDatabase, crs: SpatialReference, srsID: Int32) throws {
        try database.execute(
            """
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, \
            organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, \
            description TEXT);
            CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, \
            identifier TEXT UNIQUE, description TEXT DEFAULT '', \
            last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), \
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, \
            CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, \
            geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, \
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), \
            CONSTRAINT uk_gc_table_name UNIQUE (table_name), \
            CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), \
            CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, \
            definition TEXT NOT NULL, scope TEXT NOT NULL, \
            CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
            CREATE TABLE gpkg_ogr_contents (table_name TEXT NOT NULL PRIMARY KEY, feature_count INTEGER DEFAULT NULL);
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined Cartesian SRS', -1, 'NONE', -1, 'undefined', \
            'undefined Cartesian coordinate reference system');
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', \
            'undefined geographic coordinate reference system');
            """)
        let add = try database.prepare("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, NULL)")
        let wgs84 = try SpatialReference.wgs84()
        for (reference, id) in [(wgs84, Int32(4326))] + (srsID == 4326 ? [] : [(crs, srsID)]) {
            add.bind(1, text: reference.name)
            add.bind(2, integer: Int64(id))
            add.bind(3, text: id == 4326 || reference.authorityCode?.hasPrefix("EPSG:") == true ? "EPSG" : "NONE")
            add.bind(4, integer: Int64(id))
            add.bind(5, text: reference.wkt)
            try add.run()
        }
    }

    /// The EPSG code where the CRS has one, else the first id GeoPackage leaves to users.
    private static func srsID(_ crs: SpatialReference) -> Int32 {
        if let code = crs.authorityCode, code.hasPrefix("EPSG:"), let number = Int32(code.dropFirst(5)) {
            return number
        }
        return 100_000
    }

    private static func geometryTypeName(_ kind: VectorSink.GeometryKind) -> String {
        switch kind {
        case .point: "POINT"
        case .multiPolygon: "MULTIPOLYGON"
        case .none, .any: "GEOMETRY"
        }
    }

    private static func columnType(_ type: FieldType) -> String {
        switch type {
        case .integer: "INTEGER"
        case .real: "REAL"
        case .string: "TEXT"
        case .boolean: "BOOLEAN"
        }
    }

    private static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// An SQL string literal.
func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
