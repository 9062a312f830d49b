import Foundation
import GeoKit

/// The files an overlay run writes — the features (none when only analyses
/// consume the placements), the rejects and the apportion table — each under a
/// temporary name until `publish`, so a failed run leaves none of them behind.
/// Features that go to a database table are committed there in `publish`,
/// with the rejects beside them.
final class OverlayFiles {
    let output: AtomicOutput?
    let table: DatabaseTable?
    /// The database output, once opened, which takes the rejects.
    private var database: DatabaseOutput?
    private let rejectsToTable: Bool
    let rejects: AtomicOutput
    let apportion: AtomicOutput?
    /// Beside a CSV output, its `.csvt`: the column types GDAL and QGIS read with it.
    let columnTypes: AtomicOutput?

    /// `format`: the output's format, as the run resolved it.
    init(_ request: OverlayRequest, format: OutputFormat?) throws {
        let table = request.table
        self.table = table
        output = try request.output.flatMap {
            table == nil ? try AtomicOutput($0, companions: format?.companions ?? []) : nil
        }
        rejects = try AtomicOutput(request.rejectsPath)
        rejectsToTable = table != nil && request.rejects == nil
        apportion = try request.apportion.map { try AtomicOutput($0) }
        columnTypes = try request.output.flatMap { path in
            format == .csv ? try AtomicOutput((path as NSString).deletingPathExtension + ".csvt") : nil
        }
    }

    /// Writes the `.csvt` of a CSV output with `fields` (nothing for other formats); `wkt`: see `ColumnTypes.csvt`.
    func writeColumnTypes(_ fields: [FieldDefinition], wkt: Bool = false) throws {
        guard let columnTypes else { return }
        do {
            try ColumnTypes.csvt(fields, wkt: wkt).write(
                toFile: columnTypes.temporaryPath, atomically: false, encoding: .utf8)
        } catch {
            throw ZoneFitError(file: columnTypes.finalPath, "cannot write: \(error.localizedDescription)")
        }
    }

    /// The output's layer name: the file's stem.
    static func layerName(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    /// The feature output: in the table, or in the file (nil when there is neither).
    func openOutput(
        format: OutputFormat, fields: [FieldDefinition], polygons: Bool, mixed: Bool, crs: SpatialReference?,
        shapefile: ShapefileOptions
    ) throws -> FeatureOutput? {
        if let database = try openDatabase(
            fields: fields, geometry: FeatureOutputFactory.geometryKind(polygons: polygons, mixed: mixed), crs: crs)
        {
            return database
        }
        guard let output else { return nil }
        do {
            return try FeatureOutputFactory.open(
                output, format: format, layerName: Self.layerName(output.finalPath), fields: fields,
                polygons: polygons, mixed: mixed, crs: crs, shapefile: shapefile)
        } catch let error as GeoKitError {
            throw ZoneFitError(file: output.finalPath, "cannot create the output: \(error.message)")
        }
    }

    /// The output table, when the features go to one (nil otherwise).
    func openDatabase(fields: [FieldDefinition], geometry: VectorSink.GeometryKind, crs: SpatialReference?) throws
        -> DatabaseOutput?
    {
        guard let table else { return nil }
        let database = try DatabaseOutput(
            table, fields: fields, geometry: geometry, crs: crs, rejectsToTable: rejectsToTable)
        self.database = database
        return database
    }

    /// Commits a database output (with the rejects, `rejectsFields`, in the table beside it unless they
    /// go to a file), then moves the files into place.
    func publish(rejectsFields: [FieldDefinition] = []) throws {
        if let database {
            try database.commit(rejects: rejectsToTable ? rejects.temporaryPath : nil, fields: rejectsFields)
        }
        try output?.publish()
        try columnTypes?.publish()
        if !rejectsToTable { try rejects.publish() }
        try apportion?.publish()
    }
}
