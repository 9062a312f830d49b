import GeoKit

/// What provenance records of one input, so that a later run can tell whether it
/// read the same data: a file's SHA-256 (for a `/vsi` path, of the archive member
/// as GDAL reads it), or for a database or other connection the hash of its rows
/// (`RowSetDigest`) with their count. The name is shown without its password.
public struct SourceIdentity: Sendable, Equatable {
    public enum Basis: String, Sendable {
        /// The SHA-256 of the bytes read.
        case bytes
        /// `RowSetDigest` of the rows read.
        case rows
    }

    public var name: String
    public var layer: String?
    public var sql: String?
    public var filter: String?
    public var sha256: String
    public var basis: Basis
    public var rows: Int?

    /// A file or `/vsi` path whose bytes were hashed (as they were streamed, or by `of(_:)`).
    public init(file path: String, sha256: String) {
        self.init(name: path, sha256: sha256, basis: .bytes)
    }

    init(
        name: String, layer: String? = nil, sql: String? = nil, filter: String? = nil, sha256: String,
        basis: Basis, rows: Int? = nil
    ) {
        self.name = DataSourceName.redacted(name)
        self.layer = layer
        self.sql = sql
        self.filter = filter
        self.sha256 = sha256
        self.basis = basis
        self.rows = rows
    }

    /// A source hashed by its rows as an overlay read them.
    init(rowsOf source: SourceReference, digest: RowSetDigest) {
        self.init(
            name: source.name, layer: source.layer, sql: source.sql, filter: source.filter, sha256: digest.hex,
            basis: .rows, rows: digest.rows)
    }

    /// The identity of `source`: its bytes for a file or `/vsi` path, else its rows, read here.
    public static func of(_ source: SourceReference) throws -> SourceIdentity {
        guard DataSourceName.kind(source.name) == .connection else {
            var identity = SourceIdentity(file: source.name, sha256: try Provenance.sha256(of: source.name))
            (identity.layer, identity.sql, identity.filter) = (source.layer, source.sql, source.filter)
            return identity
        }
        var digest = RowSetDigest()
        do {
            let reader = try source.open()
            while let feature = try reader.next() { digest.add(feature) }
        } catch let error as GeoKitError {
            throw ZoneFitError(file: source.name, error.message)
        }
        return SourceIdentity(rowsOf: source, digest: digest)
    }

    /// A JSON object with keys in a fixed order (the absent ones left out).
    var json: String {
        var text = "{\"path\":\(JSONText.string(name))"
        if let layer { text += ",\"layer\":\(JSONText.string(layer))" }
        if let sql { text += ",\"sql\":\(JSONText.string(sql))" }
        if let filter { text += ",\"where\":\(JSONText.string(filter))" }
        text += ",\"sha256\":\"\(sha256)\""
        if basis == .rows { text += ",\"sha256_of\":\"rows\",\"rows\":\(rows ?? 0)" }
        return text + "}"
    }
}
