import GeoKit

/// Where output features go: the streaming GeoJSON writer or an OGR driver.
protocol FeatureOutput: AnyObject {
    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws
    func close() throws
    /// What the run should tell about how the output was written (renamed fields …).
    var notes: [String] { get }
}

extension FeatureOutput {
    var notes: [String] { [] }
}

extension GeoJSONWriter: FeatureOutput {}

enum FeatureOutputFactory {
    /// The metadata item that holds a run's provenance in a GeoPackage or FlatGeobuf.
    static let provenanceKey = "ZONEFIT_PROVENANCE"

    /// Opens an output of `format` at the temporary path of `file`.
    /// `polygons` says whether features may carry polygons (tables then get a WKT column).
    /// `crs`: the CRS it is written in (`OutputCRS`; nil: WGS84), the features coming in WGS84.
    /// `mixed`: the features may hold points and polygons both (a source that declares neither):
    /// the layer then declares any geometry.
    static func open(
        _ file: AtomicOutput, format: OutputFormat, layerName: String, fields: [FieldDefinition],
        polygons: Bool, mixed: Bool = false, provenance: String, crs: SpatialReference? = nil,
        shapefile: ShapefileOptions = .init()
    ) throws -> FeatureOutput {
        let path = file.temporaryPath
        let kind: VectorSink.GeometryKind = mixed ? .any : polygons ? .multiPolygon : .point
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
        case .geopackage:
            let writer = try GeoPackageWriter(
                path: path, table: layerName, fields: fields, geometry: kind, crs: crs ?? .wgs84())
            writer.setMetadata(provenance, forKey: provenanceKey)
            return GeoPackageOutput(writer: writer, fields: fields)
        case .shapefile:
            return try ShapefileOutput(
                path: path, target: file.finalPath, fields: fields, polygons: polygons, crs: crs, options: shapefile)
        case .flatgeobuf:
            let sink = try VectorSink(
                path: path, driver: format.rawValue, layerName: layerName, fields: fields,
                geometry: kind, crs: crs)
            sink.setMetadata(provenance, forKey: provenanceKey)
            return OGROutput(sink: sink, keepsGeometry: true)
        }
    }
}
