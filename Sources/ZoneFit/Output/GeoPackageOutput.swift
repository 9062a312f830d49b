import GeoKit

/// A GeoPackage written by zonefit's own writer (`GeoPackageWriter`), one feature at a time.
final class GeoPackageOutput: FeatureOutput {
    private let writer: GeoPackageWriter
    private let types: [FieldType]
    private let tape = ByteBuffer(capacity: 4096)

    init(writer: GeoPackageWriter, fields: [FieldDefinition]) {
        self.writer = writer
        self.types = fields.map(\.type)
    }

    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws {
        tape.removeAll()
        GeoPackageTape.beginRow(fid: id, geometry: geometry, to: tape)
        // Every field, so the tape holds the whole row the writer reads.
        for (index, type) in types.enumerated() {
            GeoPackageTape.append(index < values.count ? values[index] : .null, as: type, to: tape)
        }
        try writer.insert(tape)
    }

    func close() throws { try writer.close() }
}
