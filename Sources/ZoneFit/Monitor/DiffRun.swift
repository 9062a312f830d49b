import Foundation
import GeoKit

/// What `zonefit diff` is asked: two registers, each placed as `overlay` places it, matched by key.
public struct DiffRequest: Sendable {
    public var before: OverlayRequest
    public var after: OverlayRequest
    /// The changes, one row per changed firm (every firm with `everyFirm`).
    public var output: String
    public var format: String?
    public var summary: String?
    /// The relocation progress table (CSV, or JSON by extension).
    public var progress: String?
    /// The field firms are matched by; nil: the USCC.
    public var key: String?
    public var everyFirm = false
    /// The receiving parks, for where relocated firms went; their headers named by `parkColumns`.
    public var parks: SourceReference?
    public var parkColumns = ParkColumnNames()

    public init(before: OverlayRequest, after: OverlayRequest, output: String) {
        (self.before, self.after, self.output) = (before, after, output)
    }

    /// A file beside the output: `changes.before.rejects.csv` beside `changes.csv`.
    public func sidePath(_ ending: String) -> String { (output as NSString).deletingPathExtension + "." + ending }
}

public struct DiffResult: Sendable {
    public var summary: ChangeSummary
    public var progress: RelocationProgress
    public var before: OverlaySummary
    public var after: OverlaySummary
    /// Rows written to the output; placed rows with an empty key in each register (not compared).
    public var written: Int
    public var unkeyed: (before: Int, after: Int)
    public var files: [String]
}

/// Places the earlier register, keeping each firm's state by key (`SnapshotIndex`), then the later one
/// against it (`RegisterDiff`), writing the changes as they are found and the exits at the end. Both
/// registers' rejects go beside the output; nothing is published unless the whole run succeeds.
public enum DiffRun {
    public static func run(_ request: DiffRequest, rules: NoncoreProfile, layer: ZoneLayer) throws -> DiffResult {
        let format = try OutputFormat.resolve(path: request.output, format: request.format)
        let rejects = try ["before", "after"].map { try AtomicOutput(request.sidePath("\($0).rejects.csv")) }
        // Every output under a temporary name until the whole run has succeeded.
        let summary = try request.summary.map { try AtomicOutput($0) }
        let progress = try request.progress.map { try AtomicOutput($0) }
        let snapshot = try SnapshotIndex(rules: rules, keyField: request.key)
        var before = request.before
        (before.output, before.rejects, before.hashesInput) = (nil, rejects[0].temporaryPath, true)
        let placedBefore = try OverlayRun.run(before, layer: layer, analyses: [snapshot])
        snapshot.buildIndex(threads: request.before.workers)
        if let repeated = snapshot.repeated {
            throw repeatedKey(repeated, count: snapshot.repeats, in: request.before.input, field: snapshot.keyField)
        }

        let layout = FirmChange.layout(layer, texts: snapshot.texts)
        let output = try LayerOutput(
            path: request.output, format: format, table: nil, layerName: "changes", fields: layout.fields,
            crs: OutputCRS.resolve(nil, format: format, output: request.output), points: true)
        var written = 0
        let parks = try request.parks.map {
            try ParkFinder(
                ReceivingSites(
                    $0, layer: layer, classification: rules.classification, categories: rules.categories,
                    columnNames: request.parkColumns))
        }
        let diff = RegisterDiff(before: snapshot, layer: layer, everyFirm: request.everyFirm, parks: parks) { change in
            written += 1
            try output.write(
                id: Int64(written), values: layout.values(change), point: change.position.map { ($0.lon, $0.lat) })
        }
        var after = request.after
        (after.output, after.rejects, after.hashesInput) = (nil, rejects[1].temporaryPath, true)
        let placedAfter = try OverlayRun.run(after, layer: layer, analyses: [diff])
        if let repeated = diff.repeated {
            throw repeatedKey(repeated, count: diff.repeats, in: request.after.input, field: snapshot.keyField)
        }
        diff.finish()
        if let error = diff.writeError { throw error }

        let provenance = try Provenance(
            command: "diff", inputs: [placedBefore.input, placedAfter.input].compactMap { $0 }, scheme: layer.scheme,
            profile: (rules.id, rules.path))
        try output.close(provenance: provenance.json)
        if let summary { try diff.summary.write(to: summary, layer: layer) }
        if let progress { try diff.progress.write(to: progress, layer: layer) }
        try output.publish()
        for file in [summary, progress].compactMap({ $0 }) + rejects { try file.publish() }
        return DiffResult(
            summary: diff.summary, progress: diff.progress, before: placedBefore, after: placedAfter, written: written,
            unkeyed: (snapshot.unkeyed, diff.unkeyed),
            files: [request.output] + [request.summary, request.progress].compactMap { $0 } + rejects.map(\.finalPath))
    }

    private static func repeatedKey(
        _ repeated: (key: String, first: Int, again: Int), count: Int, in file: String, field: String?
    ) -> ZoneFitError {
        ZoneFitError(
            file: file,
            "rows \(repeated.first) and \(repeated.again): \(field ?? "USCC") '\(repeated.key)' appears twice "
                + "(\(count) repeated key\(count == 1 ? "" : "s") in all); firms are matched by it, so it must be unique",
            setting: .key)
    }
}
