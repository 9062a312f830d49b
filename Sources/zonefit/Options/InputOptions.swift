import ArgumentParser
import ZoneFit

/// The input side of a command, named as in GDAL's tools where the concept is GDAL's.
struct InputOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Enterprises or parks: CSV, XLSX, GeoJSON, GeoPackage, Shapefile (GBK or UTF-8), FlatGeobuf, a /vsizip/ or "
                + "/vsigzip/ path, a database (\"PG:host=… dbname=…\"; the password from PGPASSWORD or ~/.pgpass), "
                + "or any OGR source.",
            valueName: "input"))
    var input: String

    @Option(
        name: [.customLong("if", withSingleDash: true), .customLong("if")],
        help: ArgumentHelp(
            "Input format when the path does not tell: CSV for a pipe or /dev/stdin.", valueName: "format"))
    var inputFormat: String?

    @OptionGroup var layerOptions: LayerOptions

    @Flag(
        help: ArgumentHelp(
            "Overlay inside PostGIS: the input is a table of WGS84 points (-l); the scheme's cells are loaded into "
                + "the database once, and --where is the database's SQL."))
    var inDatabase = false

    @Option(
        name: .customLong("x"),
        help: ArgumentHelp(
            "Longitude/x column of a table (default: found by name: lon, lng, longitude, x, 经度).", valueName: "column"))
    var xField: String?

    @Option(
        name: .customLong("y"),
        help: ArgumentHelp(
            "Latitude/y column of a table (default: found by name: lat, latitude, y, 纬度).", valueName: "column"))
    var yField: String?

    @Option(
        name: [.customShort("s"), .customLong("src-crs")],
        help: ArgumentHelp(
            "Input CRS: an EPSG code (4326, 4490, 4544 …), any PROJ definition, or gcj02 (Amap, Tencent) / bd09 (Baidu). Default: the file's own CRS, else WGS84.",
            valueName: "crs"))
    var sourceCRS: String?

    /// `-s` as a `SourceCRS`; a CRS PROJ does not know is an error about this input.
    func parsedSourceCRS() throws -> SourceCRS? { try parseSourceCRS(sourceCRS, of: input) }

    func validate() throws {
        if (xField == nil) != (yField == nil) { throw ValidationError("--x and --y go together") }
    }
}

/// An `-s` option as a `SourceCRS` (nil without one); a CRS PROJ does not know is an error about `input`.
func parseSourceCRS(_ option: String?, of input: String) throws -> SourceCRS? {
    do {
        return try option.map(SourceCRS.init(option:))
    } catch let error as ZoneFitError {
        throw error.about(file: input)
    }
}
