import GeoKit

/// Where output features go: the streaming GeoJSON writer or an OGR driver.
protocol FeatureOutput: AnyObject {
    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws
    func close() throws
}

extension GeoJSONWriter: FeatureOutput {}

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
            let layerOptions =
                format == .csv ? OutputFormat.csvLayerOptions + (polygons ? ["GEOMETRY=AS_WKT"] : []) : []
            let sink = try VectorSink(
                path: path, driver: format.rawValue, layerName: layerName, fields: fields,
                geometry: polygons && format == .csv ? .any : .none, layerOptions: layerOptions)
            return OGROutput(sink: sink, keepsGeometry: polygons && format == .csv)
        case .geopackage, .flatgeobuf:
            let sink = try VectorSink(
                path: path, driver: format.rawValue, layerName: layerName, fields: fields,
                geometry: polygons ? .multiPolygon : .point,
                layerOptions: format == .geopackage ? ["SPATIAL_INDEX=YES"] : [])
            sink.setMetadata(provenance, forKey: "ZONEFIT_PROVENANCE")
            return OGROutput(sink: sink, keepsGeometry: true)
        }
    }
}
