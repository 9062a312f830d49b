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
        let (snapshot, placedBefore) = try index(
            request.before, key: request.key, rules: rules, layer: layer, rejects: rejects[0].temporaryPath)
        let output = try LayerOutput(
            path: request.output, format: format, table: nil, layerName: "changes",
            fields: FirmChange.layout(layer, texts: snapshot.texts).fields,
            crs: OutputCRS.resolve(nil, format: format, output: request.output), points: true)
        let diff = try comparison(
            against: snapshot, layer: layer, rules: rules, parks: request.parks, parkColumns: request.parkColumns,
            everyFirm: request.everyFirm, output: output)
        var after = request.after
        (after.output, after.rejects, after.hashesInput) = (nil, rejects[1].temporaryPath, true)
        let placedAfter = try OverlayRun.run(after, layer: layer, analyses: [diff])
        try conclude(diff, input: request.after.input)

        let provenance = try Provenance(
            command: "diff", inputs: [placedBefore.input, placedAfter.input].compactMap { $0 }, scheme: layer.scheme,
            profile: (rules.id, rules.path))
        try output.close(provenance: provenance.json)
        if let summary { try diff.summary.write(to: summary, layer: layer) }
        if let progress { try diff.progress.write(to: progress, layer: layer) }
        try output.publish()
        for file in [summary, progress].compactMap({ $0 }) + rejects { try file.publish() }
        return DiffResult(
            summary: diff.summary, progress: diff.progress, before: placedBefore, after: placedAfter,
            written: diff.written,
            unkeyed: (snapshot.unkeyed, diff.unkeyed),
            files: [request.output] + [request.summary, request.progress].compactMap { $0 } + rejects.map(\.finalPath))
    }

    /// The earlier register placed, with `alongside` in the same pass, and indexed by key (`key`, else the
    /// USCC); a key that repeats stops the run.
    static func index(
        _ request: OverlayRequest, key: String?, rules: NoncoreProfile, layer: ZoneLayer, rejects: String,
        alongside: [any PlacementAnalysis] = []
    ) throws -> (snapshot: SnapshotIndex, placed: OverlaySummary) {
        let snapshot = try SnapshotIndex(rules: rules, keyField: key)
        var before = request
        (before.output, before.rejects, before.hashesInput) = (nil, rejects, true)
        let placed = try OverlayRun.run(before, layer: layer, analyses: [snapshot] + alongside)
        snapshot.buildIndex(threads: request.workers)
        if let repeated = snapshot.repeated {
            throw repeatedKey(repeated, count: snapshot.repeats, in: request.input, field: key)
        }
        return (snapshot, placed)
    }

    /// The later register's comparison with `snapshot`, for its pass: each change written into `output`
    /// (`FirmChange.layout`) and handed to `also`; with `parks`, the receiving park a relocated firm lies in.
    static func comparison(
        against snapshot: SnapshotIndex, layer: ZoneLayer, rules: NoncoreProfile, parks: SourceReference?,
        parkColumns: ParkColumnNames, everyFirm: Bool, output: LayerOutput,
        also: @escaping (FirmChange) -> Void = { _ in }
    ) throws -> RegisterDiff {
        let finder = try parks.map {
            try ParkFinder(
                ReceivingSites(
                    $0, layer: layer, classification: rules.classification, categories: rules.categories,
                    columnNames: parkColumns))
        }
        let layout = FirmChange.layout(layer, texts: snapshot.texts)
        return RegisterDiff(before: snapshot, layer: layer, everyFirm: everyFirm, parks: finder) { change, number in
            try output.write(
                id: Int64(number), values: layout.values(change), point: change.position.map { ($0.lon, $0.lat) })
            also(change)
        }
    }

    /// After the later register's pass over `input`: a key that repeats in it stops the run; the exits
    /// (the earlier firms it does not hold) are written.
    static func conclude(_ diff: RegisterDiff, input: String) throws {
        if let repeated = diff.repeated {
            throw repeatedKey(repeated, count: diff.repeats, in: input, field: diff.before.keyField)
        }
        diff.finish()
        if let error = diff.writeError { throw error }
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
