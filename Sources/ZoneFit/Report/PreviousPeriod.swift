import Foundation

/// The previous period's register in `report --previous`: placed before the
/// report's pass (indexed by key as `diff` indexes it, its targets measured as
/// the report measures them), then compared with the current register in the
/// report's own pass, the changes written into data/ beside the other tables.
final class PreviousPeriod {
    /// The analysis that runs in the report's pass.
    let comparison: RegisterDiff
    private let tally: ReportTally
    private let placed: OverlaySummary
    /// The previous register as it was read (its SHA-256 taken on the way), for the provenance.
    var input: SourceIdentity? { placed.input }
    private let output: LayerOutput
    private let files: (summary: AtomicOutput, progress: AtomicOutput)
    private let name: String
    private let parksGiven: Bool
    /// The conflicts the comparison finds, as it writes them.
    private final class Conflicts { var found: [ReportChanges.Conflict] = [] }
    private let conflicts = Conflicts()

    init(_ previous: OverlayRequest, request: ReportRequest, layer: ZoneLayer, rules: NoncoreProfile, data: String)
        throws
    {
        tally = ReportTally(
            relocation: try Relocation(profile: rules, parks: nil, layer: layer, top: 1, flaggedOnly: false),
            rules: rules, keepTop: 0)
        let snapshot: SnapshotIndex
        (snapshot, placed) = try DiffRun.index(
            previous, key: nil, rules: rules, layer: layer, rejects: "\(data)/previous.rejects.csv",
            alongside: [tally])
        let path = "\(data)/changes.csv"
        output = try LayerOutput(
            path: path, format: .csv, table: nil, layerName: "changes",
            fields: FirmChange.layout(layer, texts: snapshot.texts).fields,
            crs: OutputCRS.resolve(nil, format: .csv, output: path), points: true)
        files = (try AtomicOutput("\(data)/changes-summary.csv"), try AtomicOutput("\(data)/progress.csv"))
        name = previous.source.label
        parksGiven = request.parks != nil
        let conflicts = conflicts
        comparison = try DiffRun.comparison(
            against: snapshot, layer: layer, rules: rules, parks: request.parks, parkColumns: request.parkColumns,
            everyFirm: false, output: output
        ) { change in
            guard RelocationProgress.isConflict(change, layer: layer), let after = change.after, let unit = after.unit
            else { return }
            conflicts.found.append(
                .init(
                    key: change.key.description, name: change.name, unit: layer.units[unit].id,
                    code: snapshot.texts[after.code], category: snapshot.texts[after.category],
                    entered: change.kind == .entered))
        }
    }

    /// Once the report's pass over `input` is over: the exits written, the tables published into data/, and
    /// what the report's section reads.
    func finish(
        after: OverlaySummary, input: String, layer: ZoneLayer, rules: NoncoreProfile, targets: TargetTable,
        baseline: [String: Double]
    ) throws -> ReportChanges {
        try DiffRun.conclude(comparison, input: input)
        let provenance = try Provenance(
            command: "report --previous", inputs: [placed.input, after.input].compactMap { $0 },
            scheme: layer.scheme, profile: (rules.id, rules.path))
        try output.close(provenance: provenance.json)
        try comparison.summary.write(to: files.summary, layer: layer)
        try comparison.progress.write(to: files.progress, layer: layer)
        try output.publish()
        try files.summary.publish()
        try files.progress.publish()
        return ReportChanges(
            previousName: name, summary: comparison.summary, progress: comparison.progress, conflicts: conflicts.found,
            previousTargets: targets.rows(tally.totals, baseline: baseline), parksGiven: parksGiven)
    }
}
