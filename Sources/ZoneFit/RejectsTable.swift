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

/// The long table of `--apportion`: one row per polygon and unit it overlaps.
final class ApportionTable {
    private let sink: VectorSink

    init(path: String) throws {
        let fields = [FieldDefinition("row", .integer), FieldDefinition("fid", .integer),
                      FieldDefinition("unit", .string), FieldDefinition("unit_name", .string),
                      FieldDefinition("zone", .string), FieldDefinition("adcode", .string),
                      FieldDefinition("area_m2", .real), FieldDefinition("share", .real)]
        sink = try VectorSink(path: path, driver: "CSV", layerName: "apportion", fields: fields,
                              geometry: .none, layerOptions: OutputFormat.csvLayerOptions)
    }

    func write(_ feature: SourceFeature, layer: ZoneLayer, byUnit: [(unit: Int, cell: Int, areaM2: Double)], totalM2: Double) throws {
        for row in byUnit {
            let unit = layer.units[row.unit]
            try sink.write([.integer(Int64(feature.number)), .integer(feature.fid), .string(unit.id), .string(unit.name),
                            .string(unit.zone.rawValue), .string(layer.cells[row.cell].adcode),
                            .real(row.areaM2), .real(totalM2 > 0 ? row.areaM2 / totalM2 : 0)], geometry: .none)
        }
    }

    func close() throws { try sink.close() }
}
