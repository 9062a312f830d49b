import GeoKit

/// Where output features go: the streaming GeoJSON writer or an OGR driver.
protocol FeatureOutput: AnyObject {
    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws
    /// Finishes the output, recording the run's provenance (a JSON object) where the format has a
    /// place for it. It comes at the end: a database source's row hash is known only once it is read.
    func close(provenance: String) throws
    /// What the run should tell about how the output was written (renamed fields …).
    var notes: [String] { get }
}

extension FeatureOutput {
    var notes: [String] { [] }
}

extension GeoJSONWriter: FeatureOutput {
    /// A FeatureCollection's `provenance` member (a GeoJSONSeq has no place for one).
    func close(provenance: String) throws { try close(members: [("provenance", provenance)]) }
}

enum FeatureOutputFactory {
    /// What a layer declares: points, polygons (as MultiPolygon) or, for a source of both, any geometry.
    static func geometryKind(polygons: Bool, mixed: Bool) -> VectorSink.GeometryKind {
        mixed ? .any : polygons ? .multiPolygon : .point
    }

    /// The metadata item that holds a run's provenance in a GeoPackage or FlatGeobuf.
    static let provenanceKey = "ZONEFIT_PROVENANCE"

    /// Opens an output of `format` at the temporary path of `file` (a table in a database is a
    /// `DatabaseOutput`).
    /// `polygons` says whether features may carry polygons (tables then get a WKT column).
    /// `crs`: the CRS it is written in (`OutputCRS`; nil: WGS84), the features coming in WGS84.
    /// `mixed`: the features may hold points and polygons both (a source that declares neither):
    /// the layer then declares any geometry.
    static func open(
        _ file: AtomicOutput, format: OutputFormat, layerName: String, fields: [FieldDefinition],
        polygons: Bool, mixed: Bool = false, crs: SpatialReference? = nil,
        shapefile: ShapefileOptions = .init()
    ) throws -> FeatureOutput {
        let kind = geometryKind(polygons: polygons, mixed: mixed)
        let path = file.temporaryPath
        switch format {
        case .postgreSQL:
            throw ZoneFitError(file: file.finalPath, "a PostgreSQL output is a connection string and a table name")
        case .geojson, .geojsonSeq:
            return try GeoJSONWriter(
                path: path, layout: format == .geojson ? .featureCollection : .sequence, name: layerName,
                fields: fields)
        case .csv, .xlsx:
            let layerOptions =
                format == .csv ? OutputFormat.csvLayerOptions + (polygons ? ["GEOMETRY=AS_WKT"] : []) : []
            let sink = try VectorSink(
                path: path, driver: format.rawValue, layerName: layerName, fields: fields,
                geometry: polygons && format == .csv ? .any : .none, layerOptions: layerOptions)
            return OGROutput(sink: sink, keepsGeometry: polygons && format == .csv, recordsProvenance: false)
        case .geopackage:
            let writer = try GeoPackageWriter(
                path: path, table: layerName, fields: fields, geometry: kind, crs: crs ?? .wgs84())
            return GeoPackageOutput(writer: writer, fields: fields)
        case .shapefile:
            return try ShapefileOutput(
                path: path, target: file.finalPath, fields: fields, polygons: polygons, crs: crs, options: shapefile)
        case .flatgeobuf:
            let sink = try VectorSink(
                path: path, driver: format.rawValue, layerName: layerName, fields: fields,
                geometry: kind, crs: crs)
            return OGROutput(sink: sink, keepsGeometry: true, recordsProvenance: true)
        }
    }
}
