import GeoKit

/// The rejects file: one CSV row per rejected input row, with its number, id,
/// reason code, a sentence of detail, and the input's own fields (as text).
final class RejectsTable {
    /// What zonefit says of a rejected row, before the input's own fields.
    struct Entry: Sendable {
        var number: Int
        var fid: Int64
        var reason: RejectReason
        var detail: String

        init(number: Int, fid: Int64, reason: RejectReason, detail: String) {
            (self.number, self.fid, self.reason, self.detail) = (number, fid, reason, detail)
        }

        init(_ feature: SourceFeature, reason: RejectReason, detail: String) {
            self.init(number: feature.number, fid: feature.fid, reason: reason, detail: detail)
        }
    }

    static let layout = RowLayout<Entry>(columns: [
        .integer("row") { $0.number },
        .init(field: FieldDefinition("fid", .integer)) { .integer($0.fid) },
        .text("reason") { $0.reason.rawValue },
        .text("detail") { $0.detail },
    ])

    /// The header: zonefit's fields, then the input's.
    static func fields(input: [FieldDefinition]) -> [FieldDefinition] {
        layout.fields + input.map { FieldDefinition($0.name, .string) }
    }

    private let sink: VectorSink

    init(path: String, inputFields: [FieldDefinition]) throws {
        do {
            sink = try VectorSink(
                path: path, driver: "CSV", layerName: "rejects", fields: Self.fields(input: inputFields),
                geometry: .none, layerOptions: OutputFormat.csvLayerOptions)
        } catch let error as GeoKitError {
            throw ZoneFitError(file: path, "cannot create the rejects file: \(error.message)")
        }
    }

    func write(_ entry: Entry, fields: [FieldValue]) throws {
        try sink.write(Self.layout.values(entry) + fields, geometry: .none)
    }

    func close() throws { try sink.close() }
}
