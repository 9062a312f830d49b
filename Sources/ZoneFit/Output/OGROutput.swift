import GeoKit

/// An OGR-written output.
final class OGROutput: FeatureOutput {
    private let sink: VectorSink
    private let keepsGeometry: Bool
    /// The provenance goes into the dataset's metadata (FlatGeobuf's header).
    private let recordsProvenance: Bool

    init(sink: VectorSink, keepsGeometry: Bool, recordsProvenance: Bool) {
        self.sink = sink
        self.keepsGeometry = keepsGeometry
        self.recordsProvenance = recordsProvenance
    }

    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws {
        try sink.write(values, geometry: keepsGeometry ? geometry : .none, fid: id)
    }

    func close(provenance: String) throws {
        if recordsProvenance { sink.setMetadata(provenance, forKey: FeatureOutputFactory.provenanceKey) }
        try sink.close()
    }
}
