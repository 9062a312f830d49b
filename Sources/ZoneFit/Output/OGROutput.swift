import GeoKit

/// An OGR-written output.
final class OGROutput: FeatureOutput {
    private let sink: VectorSink
    private let keepsGeometry: Bool

    init(sink: VectorSink, keepsGeometry: Bool) {
        self.sink = sink
        self.keepsGeometry = keepsGeometry
    }

    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws {
        try sink.write(values, geometry: keepsGeometry ? geometry : .none, fid: id)
    }

    func close() throws { try sink.close() }
}
