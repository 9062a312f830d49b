import GeoKit

/// The long table of `--apportion`: one row per polygon and unit it overlaps.
final class ApportionTable {
    private let sink: VectorSink

    init(path: String) throws {
        let fields = [
            FieldDefinition("row", .integer), FieldDefinition("fid", .integer),
            FieldDefinition("unit", .string), FieldDefinition("unit_name", .string),
            FieldDefinition("zone", .string), FieldDefinition("adcode", .string),
            FieldDefinition("area_m2", .real), FieldDefinition("share", .real),
        ]
        sink = try VectorSink(
            path: path, driver: "CSV", layerName: "apportion", fields: fields,
            geometry: .none, layerOptions: OutputFormat.csvLayerOptions)
    }

    func write(
        _ feature: SourceFeature, layer: ZoneLayer, byUnit: [(unit: Int, cell: Int, areaM2: Double)], totalM2: Double
    ) throws {
        for row in byUnit {
            let unit = layer.units[row.unit]
            try sink.write(
                [
                    .integer(Int64(feature.number)), .integer(feature.fid), .string(unit.id), .string(unit.name),
                    .string(unit.zone.rawValue), .string(layer.cells[row.cell].adcode),
                    .real(row.areaM2), .real(totalM2 > 0 ? row.areaM2 / totalM2 : 0),
                ], geometry: .none)
        }
    }

    func close() throws { try sink.close() }
}
