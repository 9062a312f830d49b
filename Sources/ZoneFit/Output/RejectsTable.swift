import GeoKit

/// The rejects file: one CSV row per rejected input row, with its number, id,
/// reason code, a sentence of detail, and the input's own fields.
final class RejectsTable {
    private let sink: VectorSink

    init(path: String, inputFields: [FieldDefinition]) throws {
        let fields = [FieldDefinition("row", .integer), FieldDefinition("fid", .integer),
                      FieldDefinition("reason", .string), FieldDefinition("detail", .string)]
            + inputFields.map { FieldDefinition($0.name, .string) }
        do {
            sink = try VectorSink(path: path, driver: "CSV", layerName: "rejects", fields: fields,
                                  geometry: .none, layerOptions: OutputFormat.csvLayerOptions)
        } catch let error as GeoKitError {
            throw ZoneFitError(file: path, "cannot create the rejects file: \(error.message)")
        }
    }

    func write(_ feature: SourceFeature, reason: RejectReason, detail: String) throws {
        try sink.write([.integer(Int64(feature.number)), .integer(feature.fid), .string(reason.rawValue), .string(detail)]
            + feature.values, geometry: .none)
    }

    func close() throws { try sink.close() }
}
