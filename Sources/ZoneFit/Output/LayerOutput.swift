import GeoKit

/// A layer written row by row — the units, a fit result, a diff's changes — into a file (under
/// a temporary name until `publish`) or into a database table (in one
/// transaction until `publish`), so a failed run leaves neither behind.
final class LayerOutput {
    /// Where the layer goes, as a message names it (a table without the connection's password).
    let destination: String
    private let file: AtomicOutput?
    private let database: DatabaseOutput?
    private let features: FeatureOutput

    /// `table`: the database table `path` names (nil for a file); `crs`: see `FeatureOutputFactory.open`;
    /// `points`: a layer of points (else of polygons).
    init(
        path: String, format: OutputFormat, table: DatabaseTable?, layerName: String, fields: [FieldDefinition],
        crs: SpatialReference?, points: Bool = false
    ) throws {
        if let table {
            let database = try DatabaseOutput(
                table, fields: fields, geometry: points ? .point : .multiPolygon, crs: crs, rejectsToTable: false)
            (self.database, file, features, destination) = (database, nil, database, table.description)
        } else {
            let file = try AtomicOutput(path, companions: format.companions)
            features = try FeatureOutputFactory.open(
                file, format: format, layerName: layerName, fields: fields, polygons: !points, crs: crs)
            (database, self.file, destination) = (nil, file, path)
        }
    }

    func write(id: Int64, values: [FieldValue], polygon wkb: [UInt8]) throws {
        try features.write(id: id, values: values, geometry: .wkb(wkb))
    }

    func write(id: Int64, values: [FieldValue], point: (x: Double, y: Double)?) throws {
        try features.write(id: id, values: values, geometry: point.map { .point(x: $0.x, y: $0.y) } ?? .none)
    }

    /// Ends the layer with its provenance (a JSON object; a table's comment).
    func close(provenance: String) throws { try features.close(provenance: provenance) }

    /// Commits the table or moves the file into place.
    func publish() throws {
        try database?.commit(rejects: nil, fields: [])
        try file?.publish()
    }
}
