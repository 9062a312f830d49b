/// How the rows `PostgresTableWriter.insert` takes are laid out, for formatting
/// them on other threads: in COPY text (`PostgresCopyText`), the id first where
/// the table keeps the ids given, then the fields in the order given, then the
/// point in the table's CRS; each row ended by a newline. One per thread: it
/// holds a coordinate transformation, which is not thread-safe.
public final class PostgresRowFormat {
    /// Whether a row begins with its id (a table made by the run) or not (one added to).
    public let keepsIDs: Bool
    private let srid: Int32
    private let reprojection: OutputReprojection

    init(keepsIDs: Bool, srid: Int32, target: SpatialReference) throws {
        self.keepsIDs = keepsIDs
        self.srid = srid
        reprojection = try OutputReprojection(target)
    }

    /// The row's geometry cell: a WGS84 lon/lat point, in the table's CRS.
    public func appendPoint(lon: Double, lat: Double, to out: ByteBuffer) throws {
        let (x, y) = try reprojection.point(x: lon, y: lat)
        PostgresCopyText.appendPoint(x: x, y: y, srid: srid, to: out)
    }
}
