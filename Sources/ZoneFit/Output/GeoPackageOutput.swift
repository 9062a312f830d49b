import GeoKit

/// A GeoPackage written by zonefit's own writer (`GeoPackageWriter`), features given one at a
/// time and inserted a tape of them at a time (many rows a statement).
final class GeoPackageOutput: FeatureOutput {
    private let writer: GeoPackageWriter
    private let types: [FieldType]
    private let tape = ByteBuffer(capacity: 1 << 20)

    init(writer: GeoPackageWriter, fields: [FieldDefinition]) {
        self.writer = writer
        self.types = fields.map(\.type)
    }

    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws {
        GeoPackageTape.beginRow(fid: id, geometry: geometry, to: tape)
        // Every field, so the tape holds the whole row the writer reads.
        for (index, type) in types.enumerated() {
            GeoPackageTape.append(index < values.count ? values[index] : .null, as: type, to: tape)
        }
        if tape.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try writer.insert(tape)
        tape.removeAll()
    }

    func close(provenance: String) throws {
        try flush()
        writer.setMetadata(provenance, forKey: FeatureOutputFactory.provenanceKey)
        try writer.close()
    }
}
