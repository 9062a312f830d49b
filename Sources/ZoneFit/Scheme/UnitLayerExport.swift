import Foundation
import GeoKit

/// Writes the statistical units of a built scheme as a polygon layer.
public enum UnitLayerExport {
    static let fields = [
        FieldDefinition("unit", .string), FieldDefinition("name", .string), FieldDefinition("name_en", .string),
        FieldDefinition("zone", .string), FieldDefinition("is_core", .boolean), FieldDefinition("adcodes", .string),
        FieldDefinition("area_km2", .real), FieldDefinition("provenance", .string),
    ]

    /// `crs`: the layer's CRS (`OutputCRS`; nil: WGS84 lon/lat); `tableName`: a database output's table
    /// (default `units`) and what happens when it exists.
    /// Returns where the layer went, as a message names it.
    @discardableResult
    public static func write(
        _ layer: ZoneLayer, to path: String, format: String? = nil, crs: String? = nil, tableName: String? = nil,
        writeMode: PostgresTableWriter.WriteMode = .create
    ) throws -> String {
        let chosen = try OutputFormat.resolve(path: path, format: format)
        let target = try OutputCRS.resolve(crs, format: chosen, output: path)
        let provenance = try Provenance(
            command: "zones",
            sources: ([layer.scheme.districtsPath] + (layer.scheme.functionalAreasPath.map { [$0] } ?? []))
                .map { SourceReference($0) }, scheme: layer.scheme)
        let output = try LayerOutput(
            path: path, format: chosen,
            table: DatabaseTable.named(by: path, name: tableName, defaultName: "units", mode: writeMode),
            layerName: "units", fields: fields, crs: target)
        for (index, unit) in layer.units.enumerated() {
            try output.write(
                id: Int64(index + 1),
                values: [
                    .string(unit.id), .string(unit.name), .string(unit.nameEn), .string(unit.zone.rawValue),
                    .boolean(unit.isCore), .string(unit.adcodes.joined(separator: ",")), .real(unit.areaKm2),
                    unit.provenance.map(FieldValue.string) ?? .null,
                ],
                polygon: unit.wkb)
        }
        try output.close(provenance: provenance.json)
        try output.publish()
        return output.destination
    }
}
