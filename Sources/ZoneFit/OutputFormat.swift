import GeoKit

/// The output formats zonefit writes, chosen by `-f` or the file's extension.
public enum OutputFormat: String, Sendable, CaseIterable {
    case geojson = "GeoJSON"
    case geojsonSeq = "GeoJSONSeq"
    case geopackage = "GPKG"
    case flatgeobuf = "FlatGeobuf"
    case csv = "CSV"
    case xlsx = "XLSX"

    static let extensions: [String: OutputFormat] = [
        "geojson": .geojson, "json": .geojson, "geojsonl": .geojsonSeq, "geojsons": .geojsonSeq,
        "geojsonseq": .geojsonSeq, "jsonl": .geojsonSeq, "gpkg": .geopackage, "fgb": .flatgeobuf,
        "csv": .csv, "xlsx": .xlsx,
    ]

    /// `-f` wins (GDAL driver names, case-insensitive); else the extension.
    public static func resolve(path: String, format: String?) throws -> OutputFormat {
        if let format {
            guard let chosen = allCases.first(where: { $0.rawValue.lowercased() == format.lowercased() }) else {
                throw ZoneFitError(file: path, "-f \(format): expected one of \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return chosen
        }
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard path.contains("."), let chosen = extensions[ext] else {
            throw ZoneFitError(file: path, "cannot tell the output format from the extension; use -f (\(allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return chosen
    }

    /// CSV as Excel opens it: a UTF-8 BOM (or Chinese text shows garbled) and quotes only where needed.
    static let csvLayerOptions: GDALOptions = ["WRITE_BOM=YES", "STRING_QUOTING=IF_NEEDED"]

    /// Tables without a geometry column: points travel as lon/lat columns.
    var isTabular: Bool { self == .csv || self == .xlsx }

    /// Formats that store each feature's id (GeoJSON `id`, GeoPackage FID); the others
    /// get the input's FID column as a field.
    var keepsFeatureID: Bool { self == .geojson || self == .geojsonSeq || self == .geopackage }
}

/// Where output features go: the streaming GeoJSON writer or an OGR driver.
protocol FeatureOutput: AnyObject {
    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws
    func close() throws
}

extension GeoJSONWriter: FeatureOutput {}

/// An OGR-written output.
final class OGROutput: FeatureOutput {
    private let sink: VectorSink
    private let keepsGeometry: Bool

    init(sink: VectorSink, keepsGeometry: Bool) {
        self.sink = sink
        self.keepsGeometry = keepsGeometry
    }

    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws {
        try sink.write(values, geometry: keepsGeometry ? geometry : .none, fid: id)
    }

    func close() throws { try sink.close() }
}

enum FeatureOutputFactory {
    /// Opens an output of `format` at `path` (a temporary path; see `AtomicOutput`).
    /// `polygons` says whether features may carry polygons (tables then get a WKT column).
    static func open(
        path: String, format: OutputFormat, layerName: String, fields: [FieldDefinition],
        polygons: Bool, provenance: String
    ) throws -> FeatureOutput {
        switch format {
        case .geojson, .geojsonSeq:
            return try GeoJSONWriter(
                path: path, layout: format == .geojson ? .featureCollection : .sequence, name: layerName,
                fields: fields, members: format == .geojson ? [("provenance", provenance)] : [])
        case .csv, .xlsx:
            let layerOptions = format == .csv ? OutputFormat.csvLayerOptions + (polygons ? ["GEOMETRY=AS_WKT"] : []) : []
            let sink = try VectorSink(
                path: path, driver: format.rawValue, layerName: layerName, fields: fields,
                geometry: polygons && format == .csv ? .any : .none, layerOptions: layerOptions)
            return OGROutput(sink: sink, keepsGeometry: polygons && format == .csv)
        case .geopackage, .flatgeobuf:
            let sink = try VectorSink(
                path: path, driver: format.rawValue, layerName: layerName, fields: fields,
                geometry: polygons ? .any : .point, layerOptions: format == .geopackage ? ["SPATIAL_INDEX=YES"] : [])
            sink.setMetadata(provenance, forKey: "ZONEFIT_PROVENANCE")
            return OGROutput(sink: sink, keepsGeometry: true)
        }
    }
}
