import Foundation

/// The throw-away PostgreSQL/PostGIS server that `scripts/test.sh` starts with
/// `scripts/postgis.sh` for the run (on 127.0.0.1, a free port, a role with a
/// password), found from its `ZONEFIT_PG_*` variables. Each test takes a
/// database of its own, copied from the server's `register` (which holds PostGIS).
public struct PostGISServer: Sendable {
    public let port: String
    public let user: String
    public let password: String

    /// Whether the test command started a server (scripts/test.sh), so that its suite must run.
    public static let required = ProcessInfo.processInfo.environment["ZONEFIT_PG_REQUIRED"] == "1"

    /// The server of this test run; nil when the tests run without one (plain `swift test`).
    public static let current: PostGISServer? = {
        let environment = ProcessInfo.processInfo.environment
        guard let port = environment["ZONEFIT_PG_PORT"], let user = environment["ZONEFIT_PG_USER"],
            let password = environment["ZONEFIT_PG_PASSWORD"]
        else { return nil }
        return PostGISServer(port: port, user: user, password: password)
    }()

    /// A GDAL connection string for `database`, with the password in it or (nil) without.
    public func connection(_ database: String, password: String? = nil) -> String {
        "PG:host=127.0.0.1 port=\(port) dbname=\(database) user=\(user)" + (password.map { " password=\($0)" } ?? "")
    }

    /// The environment that gives libpq (psql, ogr2ogr, zonefit) the password.
    public var passwordEnvironment: [String: String] { ["PGPASSWORD": password] }

    /// A new database with PostGIS, named for the test.
    public func newDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        _ = try psql("CREATE DATABASE \(name) TEMPLATE register", database: "postgres")
        return name
    }

    /// Runs `sql` with psql and returns its rows unaligned (`|` between values), one per line.
    @discardableResult
    public func psql(_ sql: String, database: String) throws -> String {
        let result = try Program.output(
            of: [
                "psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", port, "-U", user, "-d",
                database, "-c", sql,
            ], environment: passwordEnvironment)
        guard result.status == 0 else { throw Failure("psql \(sql): \(result.text)") }
        return result.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Loads `file` into table `table` with ogr2ogr (`options` as ogr2ogr takes them).
    public func load(_ file: String, table: String, database: String, options: [String] = []) throws {
        let result = try Program.output(
            of: ["ogr2ogr", "-f", "PostgreSQL", connection(database), file, "-nln", table] + options,
            environment: passwordEnvironment)
        guard result.status == 0 else { throw Failure("ogr2ogr \(file): \(result.text)") }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
