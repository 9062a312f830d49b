import GeoKit

/// A small table without geometry written as CSV through OGR, with the options every zonefit CSV has
/// (a UTF-8 BOM, quotes only where needed): the side tables beside a layer (fit, clusters, summaries).
enum CSVTable {
    static func write(_ rows: [[FieldValue]], fields: [FieldDefinition], layer: String, to path: String) throws {
        let sink = try VectorSink(
            path: path, driver: "CSV", layerName: layer, fields: fields, geometry: .none,
            layerOptions: OutputFormat.csvLayerOptions)
        for row in rows { try sink.write(row, geometry: .none) }
        try sink.close()
    }
}
