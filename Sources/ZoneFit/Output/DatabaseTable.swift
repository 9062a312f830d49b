import GeoKit

/// A table in PostgreSQL/PostGIS that an output goes to: the connection
/// (`PG:…`), the table's name (`schema.table` or on the search path) and what
/// happens when it exists.
public struct DatabaseTable: Sendable, Equatable {
    public var connection: String
    public var name: String
    public var mode: PostgresTableWriter.WriteMode

    public init(connection: String, name: String, mode: PostgresTableWriter.WriteMode = .create) {
        self.connection = connection
        self.name = name
        self.mode = mode
    }

    /// The table a database `output` names (nil for a file): `name`, else `defaultName`.
    public static func named(
        by output: String, name: String?, defaultName: String, mode: PostgresTableWriter.WriteMode
    ) -> DatabaseTable? {
        guard DataSourceName.isPostgreSQL(output) else { return nil }
        return DatabaseTable(connection: output, name: name ?? defaultName, mode: mode)
    }

    /// The table beside it that takes the rejected rows.
    public var rejectsName: String { name + "_rejects" }

    /// How the table is named in messages: the connection without its password, and the table.
    public var description: String { "\(DataSourceName.redacted(connection)) table \(name)" }
}
