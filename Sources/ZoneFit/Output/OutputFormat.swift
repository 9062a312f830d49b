import GeoKit

/// The output formats zonefit writes, chosen by `-f` or the file's extension.
public enum OutputFormat: String, Sendable, CaseIterable {
    case geojson = "GeoJSON"
    case geojsonSeq = "GeoJSONSeq"
    case geopackage = "GPKG"
    case flatgeobuf = "FlatGeobuf"
    case csv = "CSV"
    case xlsx = "XLSX"
    case shapefile = "ESRI Shapefile"
    /// A table in PostgreSQL/PostGIS, named by a connection (`PG:…`) and a table name (`DatabaseTable`).
    case postgreSQL = "PostgreSQL"

    static let extensions: [String: OutputFormat] = [
        "geojson": .geojson, "json": .geojson, "geojsonl": .geojsonSeq, "geojsons": .geojsonSeq,
        "geojsonseq": .geojsonSeq, "jsonl": .geojsonSeq, "gpkg": .geopackage, "fgb": .flatgeobuf,
        "csv": .csv, "xlsx": .xlsx, "shp": .shapefile,
    ]

    /// A named format wins (GDAL driver names, case-insensitive); else the extension, or a `PG:` connection.
    public static func resolve(path: String, format: String?) throws -> OutputFormat {
        let isDatabase = DataSourceName.isPostgreSQL(path)
        if let format {
            let named = ["shapefile": OutputFormat.shapefile, "shp": .shapefile, "pg": .postgreSQL][format.lowercased()]
            guard let chosen = named ?? allCases.first(where: { $0.rawValue.lowercased() == format.lowercased() })
            else {
                throw ZoneFitError(
                    file: path,
                    "output format '\(format)': expected one of \(allCases.map(\.rawValue).joined(separator: ", "))",
                    setting: .outputFormat)
            }
            guard chosen != .shapefile || path.lowercased().hasSuffix(".shp") else {
                throw ZoneFitError(file: path, "a Shapefile output is named NAME.shp", setting: .outputFormat)
            }
            guard (chosen == .postgreSQL) == isDatabase else {
                throw ZoneFitError(
                    file: path,
                    isDatabase
                        ? "a PostgreSQL connection takes format PostgreSQL"
                        : "a PostgreSQL output is a connection string (\"PG:host=… dbname=…\")",
                    setting: .outputFormat)
            }
            return chosen
        }
        if isDatabase { return .postgreSQL }
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard path.contains("."), let chosen = extensions[ext] else {
            throw ZoneFitError(
                file: path,
                "cannot tell the output format from the extension; name it (\(allCases.map(\.rawValue).joined(separator: ", ")))",
                setting: .outputFormat)
        }
        return chosen
    }

    /// CSV as Excel opens it: a UTF-8 BOM (or Chinese text shows garbled) and quotes only where needed.
    static let csvLayerOptions: GDALOptions = ["WRITE_BOM=YES", "STRING_QUOTING=IF_NEEDED"]

    /// The files written beside the named one, by the ending that replaces its extension: a Shapefile's
    /// sidecars, its field-name mapping and its long texts (see `ShapefileOutput`).
    var companions: [String] {
        self == .shapefile ? ["shx", "dbf", "prj", "cpg", "fields.csv", "long-text.csv"] : []
    }

    /// Formats that record their CRS, and so can be written in another than WGS84 (see `OutputCRS`).
    var recordsCRS: Bool { [.geopackage, .flatgeobuf, .shapefile, .postgreSQL].contains(self) }

    /// Tables without a geometry column: points travel as lon/lat columns.
    var isTabular: Bool { self == .csv || self == .xlsx }

    /// Formats whose streaming output records the run's provenance (a GeoJSON FeatureCollection's
    /// member, GeoPackage metadata); a GeoJSONSeq or CSV has nowhere to put it.
    var carriesProvenance: Bool { self == .geojson || self == .geopackage || self == .postgreSQL }

    /// Formats that store each feature's id (GeoJSON `id`, GeoPackage FID); the others
    /// get the input's FID column as a field.
    var keepsFeatureID: Bool { [.geojson, .geojsonSeq, .geopackage, .postgreSQL].contains(self) }
}
