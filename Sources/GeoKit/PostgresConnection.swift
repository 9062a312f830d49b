import CLibPQ
import Foundation

/// One libpq connection to PostgreSQL, used from one thread: statements,
/// queries with text parameters and results, and COPY … FROM STDIN.
///
/// zonefit loads its output tables through libpq rather than GDAL's PostgreSQL
/// driver: that driver builds an OGR feature per row and prints each real with
/// `printf` on the writer's one thread, which a profile of a 1M-row load showed
/// as a fifth of the run. libpq's own messages never hold the password.
public final class PostgresConnection {
    private let connection: OpaquePointer
    private var copying = false

    /// Connects to `name`, a GDAL PostgreSQL data source name (`PG:…`) or a libpq URI; tables named
    /// without a schema are then found and made in its `active_schema` first.
    public init(_ name: String) throws {
        let parsed = PostgresConnectionString(name)
        guard let connection = PQconnectdb(parsed.conninfo) else {
            throw GeoKitError(.postgreSQL, "cannot connect: out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.oneLine(PQerrorMessage(connection))
            PQfinish(connection)
            throw GeoKitError(.postgreSQL, "cannot connect: \(message)")
        }
        self.connection = connection
        // Messages and names come and go as UTF-8 whatever the database's default.
        try execute("SET client_encoding TO 'UTF8'; SET client_min_messages TO warning")
        if let schema = parsed.activeSchema {
            _ = try values(
                "SELECT set_config('search_path', quote_ident($1) || ', ' || current_setting('search_path'), false)",
                [schema])
        }
    }

    /// Closing without `COMMIT` rolls back whatever the open transaction wrote.
    deinit { PQfinish(connection) }

    /// Runs statements that return no rows.
    public func execute(_ sql: String) throws {
        PQclear(try succeeded(PQexec(connection, sql), sql))
    }

    /// The rows of a query, each value as text (nil for NULL); `parameters` are `$1`, `$2` … as text.
    public func values(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let held = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in held { free(pointer) } }
        let pointers = held.map { UnsafePointer($0) }
        let result = try succeeded(
            PQexecParams(connection, sql, Int32(parameters.count), nil, pointers, nil, nil, 0), sql)
        defer { PQclear(result) }
        return (0..<PQntuples(result)).map { row in
            (0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) != 0 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    /// True when `name` (`schema.table`, or on the search path) is a table or view.
    public func hasTable(_ name: String) throws -> Bool {
        try values("SELECT to_regclass($1) IS NOT NULL", [Self.identifier(name)]).first?.first == "t"
    }

    /// `name` quoted for SQL, schema and table each ("a"."b").
    public static func identifier(_ name: String) -> String {
        name.split(separator: ".", maxSplits: 1).map { identifier(column: String($0)) }.joined(separator: ".")
    }

    /// One name (a column's) quoted for SQL, as written.
    public static func identifier(column name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Starts `COPY … FROM STDIN` (text format); `putCopyData` sends its rows, `endCopy` ends it.
    public func beginCopy(_ sql: String) throws {
        guard let result = PQexec(connection, sql) else { throw failure(sql) }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_IN else { throw failure(sql, result) }
        copying = true
    }

    /// Sends the bytes of whole COPY rows.
    public func putCopyData(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        let sent = bytes.withMemoryRebound(to: CChar.self) {
            PQputCopyData(connection, $0.baseAddress, Int32($0.count))
        }
        guard sent == 1 else { throw GeoKitError(.postgreSQL, "COPY: \(Self.oneLine(PQerrorMessage(connection)))") }
    }

    /// Ends the COPY; the server's verdict on its rows (a value that does not fit its column …) comes here.
    public func endCopy() throws {
        guard copying else { return }
        copying = false
        guard PQputCopyEnd(connection, nil) == 1 else {
            throw GeoKitError(.postgreSQL, "COPY: \(Self.oneLine(PQerrorMessage(connection)))")
        }
        var failed: GeoKitError?
        while let result = PQgetResult(connection) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, failed == nil { failed = failure("COPY", result) }
            PQclear(result)
        }
        if let failed { throw failed }
    }

    /// The result of a statement that succeeded; the caller clears it.
    private func succeeded(_ result: OpaquePointer?, _ sql: String) throws -> OpaquePointer {
        guard let result else { throw failure(sql) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            defer { PQclear(result) }
            throw failure(sql, result)
        }
        return result
    }

    /// The server's message on one line ("ERROR:" dropped; the row and column it names kept).
    private func failure(_ sql: String, _ result: OpaquePointer? = nil) -> GeoKitError {
        let text = result.map { PQresultErrorMessage($0) } ?? PQerrorMessage(connection)
        let message = Self.oneLine(text)
        return GeoKitError(.postgreSQL, message.isEmpty ? "the statement failed: \(sql.prefix(80))" : message)
    }

    private static func oneLine(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text).split(whereSeparator: \.isNewline)
            .map { line in
                var line = line.drop(while: \.isWhitespace)
                if line.hasPrefix("ERROR:") { line = line.dropFirst(6).drop(while: \.isWhitespace) }
                return line.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
