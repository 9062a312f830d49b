/// An error reported by GEOS, GDAL/OGR, PROJ, SQLite or PostgreSQL, carrying the library's own
/// message, or by the system for zonefit's own file reads and writes.
public struct GeoKitError: Error, CustomStringConvertible, Sendable {
    public enum Library: String, Sendable {
        case geos = "GEOS"
        case gdal = "GDAL"
        case sqlite = "SQLite"
        case postgreSQL = "PostgreSQL"
        case system
    }
    public let library: Library
    public let message: String

    public init(_ library: Library, _ message: String) {
        self.library = library
        self.message = message
    }

    public var description: String { message }
}
