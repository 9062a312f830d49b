import CGDAL

/// A database GDAL writes to (PostgreSQL/PostGIS), opened for update, whose
/// writes form one transaction: tables created, rows loaded with COPY
/// (`PG_USE_COPY`), indexes and comments, all committed by `commit()` or rolled
/// back when the database is let go without it, so a failed run leaves no
/// table behind (and an overwritten table as it was).
public final class VectorDatabase {
    /// What happens to a table that already exists.
    public enum WriteMode: Sendable, Equatable {
        /// Refuse it.
        case create
        /// Replace it (dropped and created again, in the transaction).
        case overwrite
        /// Add the rows to it, creating the columns it lacks.
        case append
    }

    private var dataset: UnsafeMutableRawPointer?
    private var committed = false

    /// Opens `connection` (`PG:…`) for update and begins the transaction.
    public init(connection: String) throws {
        _ = GDALRuntime.registered
        // COPY is many times faster than one INSERT per row; GDAL uses it only when asked for a table it did not create.
        CPLSetConfigOption("PG_USE_COPY", "YES")
        let drivers = CStringList(["PostgreSQL"])
        let dataset = try gdalCall("cannot connect") {
            GDALOpenEx(connection, UInt32(GDAL_OF_VECTOR | GDAL_OF_UPDATE), drivers.constPointer, nil, nil)
        }
        do {
            try ogrCheck("cannot begin a transaction") { GDALDatasetStartTransaction(dataset, 0) }
        } catch {
            GDALClose(dataset)
            throw error
        }
        self.dataset = dataset
    }

    deinit {
        guard let dataset else { return }
        if !committed { _ = GDALDatasetRollbackTransaction(dataset) }
        GDALClose(dataset)
    }

    /// True when the database has a table (or view) of that name, schema-qualified or on the search path.
    public func hasLayer(_ name: String) -> Bool {
        guard let dataset else { return false }
        let found = GDALDatasetGetLayerByName(dataset, name) != nil
        CPLErrorReset()
        return found
    }

    /// A sink for table `name`: created (or, with `.overwrite`, created again; with `.append`, reused
    /// when it exists) with `fields` and `geometry` in `crs` (nil: WGS84), geometries coming in WGS84.
    /// The table has no spatial index until `execute` builds one after the load. `fidColumn` names
    /// its key column (a new table's), which holds the ids written.
    public func layer(
        _ name: String, fields: [FieldDefinition], geometry: VectorSink.GeometryKind, crs: SpatialReference?,
        mode: WriteMode, fidColumn: String = "fid"
    ) throws -> VectorSink {
        guard let dataset else { throw GeoKitError(.gdal, "the database is closed") }
        var reprojection = try OutputReprojection(crs ?? SpatialReference.wgs84())
        let exists = hasLayer(name)
        if exists && mode == .create {
            throw GeoKitError(.gdal, "table '\(name)' exists already")
        }
        let layer: UnsafeMutableRawPointer
        if exists && mode == .append, let found = GDALDatasetGetLayerByName(dataset, name) {
            layer = found
            // Rows added to a table go into its CRS: another would be stored under the table's SRID.
            if geometry != .none, let handle = OGR_L_GetSpatialRef(found) {
                let own = try SpatialReference(cloning: handle)
                if let crs, !crs.isSame(as: own) {
                    throw GeoKitError(
                        .gdal,
                        "table '\(name)' is in \(own.authorityCode ?? "another CRS"), not \(crs.authorityCode ?? "the one asked for")"
                    )
                }
                reprojection = try OutputReprojection(own)
            }
        } else {
            // Names kept as given (Chinese, upper case); text without a width, as the other outputs have it.
            var options = [
                "GEOMETRY_NAME=geom", "FID=\(fidColumn)", "SPATIAL_INDEX=NONE", "LAUNDER=NO", "PRECISION=NO",
            ]
            if exists { options.append("OVERWRITE=YES") }
            layer = try VectorSink.createLayer(
                in: dataset, name: name, geometry: geometry, crs: reprojection.target, options: options)
        }
        return try VectorSink(layer: layer, owning: nil, fields: fields, geometry: geometry, reprojection: reprojection)
    }

    /// Runs a statement that returns no rows (CREATE INDEX, COMMENT …), in the transaction.
    public func execute(_ sql: String) throws {
        guard let dataset else { throw GeoKitError(.gdal, "the database is closed") }
        CPLErrorReset()
        if let result = GDALDatasetExecuteSQL(dataset, sql, nil, nil) { GDALDatasetReleaseResultSet(dataset, result) }
        if let failure = gdalLastFailure() { throw GeoKitError(.gdal, failure) }
    }

    /// Commits everything written and closes the connection.
    public func commit() throws {
        guard let dataset else { return }
        try ogrCheck("cannot commit") { GDALDatasetCommitTransaction(dataset) }
        committed = true
        self.dataset = nil
        CPLErrorReset()
        GDALClose(dataset)
        if let failure = gdalLastFailure() { throw GeoKitError(.gdal, failure) }
    }
}
