import GeoKit

/// One layer of an OGR source as a command names it: a file, a `/vsi` path or a
/// connection string (`PG:…`), the layer, an SQL statement to read instead, and
/// an attribute filter — the input options of ogr2ogr (`-l`, `-sql`, `-where`).
public struct SourceReference: Sendable, Equatable {
    public var name: String
    public var layer: String?
    public var filter: String?
    public var sql: String?

    public init(_ name: String, layer: String? = nil, filter: String? = nil, sql: String? = nil) {
        self.name = name
        self.layer = layer
        self.filter = filter
        self.sql = sql
    }

    /// How a document names the source: a file by its name, a database by its connection (without
    /// the password) and layer or SQL.
    public var label: String {
        guard DataSourceName.kind(name) == .connection else {
            return (name.split(separator: "/").last.map(String.init) ?? name) + (layer.map { " · \($0)" } ?? "")
        }
        return DataSourceName.redacted(name) + " · " + (layer ?? sql ?? "")
    }

    /// Opens the layer (GDAL's errors are thrown as they are).
    func open(options: GDALOptions = []) throws -> VectorSource {
        try VectorSource(path: name, layer: layer, where: filter, sql: sql, openOptions: options)
    }
}
