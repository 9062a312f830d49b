import Foundation
import GeoKit

/// The files an overlay run writes — the features (none when only analyses
/// consume the placements), the rejects and the apportion table — each under a
/// temporary name until `publish()`, so a failed run leaves none of them behind.
final class OverlayFiles {
    let output: AtomicOutput?
    let rejects: AtomicOutput
    let apportion: AtomicOutput?
    /// Beside a CSV output, its `.csvt`: the column types GDAL and QGIS read with it.
    let columnTypes: AtomicOutput?

    /// `format`: the output's format, as the run resolved it.
    init(_ request: OverlayRequest, format: OutputFormat?) throws {
        output = try request.output.map { try AtomicOutput($0, companions: format?.companions ?? []) }
        rejects = try AtomicOutput(request.rejectsPath)
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

    func publish() throws {
        try output?.publish()
        try columnTypes?.publish()
        try rejects.publish()
        try apportion?.publish()
    }
}
