import Foundation
import GeoKit

/// What `zonefit fit` was asked to do.
public struct FitRequest: Sendable {
    /// Enterprises to overlay for the load indicators (any input `overlay` takes).
    public var enterprises: OverlayRequest?
    /// Overrides the profile's indicators table.
    public var indicatorsTable: String?
    public var output: String
    public var format: String?
    /// The CRS of the unit layer (`OutputCRS`): nil for WGS84 lon/lat.
    public var targetCRS: String?
    /// A database output's table (default `fit`) and what happens when it exists.
    public var tableName: String?
    public var writeMode = PostgresTableWriter.WriteMode.create

    public init(output: String) { self.output = output }

    /// The output table, when the output is a database.
    var table: DatabaseTable? {
        DatabaseTable.named(by: output, name: tableName, defaultName: "fit", mode: writeMode)
    }

    /// A file beside the output with `ending` for its extension: `fit.csv` beside `fit.geojson`, or beside
    /// `fit.json` the document `fit.fit.json`, never the output itself. Beside a table, in the working folder,
    /// named after the table.
    func sidePath(_ ending: String) -> String {
        let stem =
            table.map { String($0.name.split(separator: ".").last ?? "fit") }
            ?? (output as NSString).deletingPathExtension
        let path = "\(stem).\(ending)"
        return path == output ? "\(stem).fit.\(ending)" : path
    }
}

/// The outcome of a fit run, for the printed table and the outputs.
public struct FitResult: Sendable {
    public var profile: FitProfile
    public var layer: ZoneLayer
    public var indicators: [FitProfile.Indicator]
    public var raw: [[Double]]
    public var score: FitScore
    public var sensitivity: FitSensitivity
    /// (unit, indicator, what was done): imputed with the median, or the indicator dropped.
    public var missing: [(unit: String, indicator: String, action: String)]
    public var dropped: [String]
    public var enterprises: OverlaySummary?
    /// Where the result went: the layer, then its side files.
    public var written: [String] = []
}

public enum FitRun {
    /// Places the enterprises (when the profile has enterprise indicators) in one pass that only
    /// counts them — no feature output — then scores. Their rejects go beside the fit output,
    /// published with it (a failed fit leaves nothing behind).
    public static func run(_ request: FitRequest, profile: FitProfile, rules: NoncoreProfile?, layer: ZoneLayer) throws
        -> FitResult
    {
        guard profile.needsEnterprises else {
            return try score(request, profile: profile, layer: layer, load: nil, enterprises: nil)
        }
        guard var overlay = request.enterprises else {
            throw ZoneFitError(
                file: profile.path, "has enterprise indicators, but no enterprises were given", setting: .enterprises)
        }
        guard let rules else {
            throw ZoneFitError("enterprise indicators need the relocation rule profile", setting: .rules)
        }
        let rejects = try AtomicOutput(
            overlay.rejects ?? request.sidePath("enterprises.rejects.csv"))
        overlay.rejects = rejects.temporaryPath
        overlay.output = nil
        overlay.hashesInput = true
        let load = try EnterpriseLoad(rules: rules)
        let enterprises = try OverlayRun.run(overlay, layer: layer, analyses: [load])
        let result = try score(request, profile: profile, layer: layer, load: load, enterprises: enterprises)
        try rejects.publish()
        return result
    }

    /// Scores the units and writes the fit outputs, with the enterprises' load already counted
    /// (by `run`, or by the report's single pass over the register).
    public static func score(
        _ request: FitRequest, profile: FitProfile, layer: ZoneLayer, load: EnterpriseLoad?,
        enterprises: OverlaySummary?
    ) throws -> FitResult {
        if profile.needsEnterprises && load == nil {
            throw ZoneFitError(
                file: profile.path, "has enterprise indicators, but no enterprises were given", setting: .enterprises)
        }
        let inputs = try FitInputs(
            profile: profile, tablePath: request.indicatorsTable ?? profile.indicatorsTable, layer: layer, load: load)
        let (indicators, raw, missing, dropped) = try applyMissingPolicy(profile: profile, layer: layer, inputs: inputs)
        var settings = FitScore.Settings()
        settings.normalisation = profile.normalisation
        settings.weighting = profile.weighting
        settings.composite = profile.composite
        settings.alpha = profile.alpha
        settings.beta = profile.beta
        settings.bands = profile.bands
        let keptIndexes = indicators.map { kept in profile.indicators.firstIndex { $0.id == kept.id }! }
        settings.ahpMatrix = profile.ahpMatrix.map { matrix in
            keptIndexes.map { i in keptIndexes.map { matrix[i][$0] } }
        }
        let keys = layer.units.map(\.id)
        let scoring = indicators.map {
            FitScore.Indicator(id: $0.id, subsystem: $0.subsystem, direction: $0.direction, fixedWeight: $0.fixedWeight)
        }
        let score: FitScore
        do {
            score = try FitScore(keys: keys, raw: raw, indicators: scoring, settings: settings)
        } catch let error as ZoneFitError {
            throw error.about(file: profile.path)
        }
        let sensitivity = FitSensitivity(
            score: score, keys: keys, raw: raw, settings: settings, runs: profile.runs,
            perturbation: profile.perturbation, seed: profile.seed)
        var result = FitResult(
            profile: profile, layer: layer, indicators: indicators, raw: raw, score: score, sensitivity: sensitivity,
            missing: missing, dropped: dropped, enterprises: enterprises)
        result.written = try FitOutput.write(result, to: request.output, format: request.format, inputs: request)
        return result
    }

    /// Drops or imputes missing values as the profile says, or fails naming each one.
    private static func applyMissingPolicy(profile: FitProfile, layer: ZoneLayer, inputs: FitInputs) throws
        -> ([FitProfile.Indicator], [[Double]], [(unit: String, indicator: String, action: String)], [String])
    {
        if profile.missing == .fail, let first = inputs.problems.first {
            throw ZoneFitError(
                file: profile.path,
                "unit \(first.unit), indicator \(first.indicator): \(first.reason) (missing = fail; \(inputs.problems.count) missing value(s) in all)"
            )
        }
        var kept: [Int] = []
        var dropped: [String] = []
        var actions: [(unit: String, indicator: String, action: String)] = []
        for (j, indicator) in profile.indicators.enumerated() {
            let column = inputs.values.map { $0[j] }
            let present = column.compactMap { $0 }
            let problems = inputs.problems.filter { $0.indicator == indicator.id }
            if present.isEmpty || (profile.missing == .drop && present.count < column.count) {
                dropped.append(indicator.id)
                for problem in problems {
                    actions.append((problem.unit, indicator.id, "indicator dropped: \(problem.reason)"))
                }
            } else {
                kept.append(j)
                for problem in problems {
                    actions.append((problem.unit, indicator.id, "median imputed: \(problem.reason)"))
                }
            }
        }
        let medians = kept.map { j -> Double in
            let sorted = inputs.values.compactMap { $0[j] }.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
        let raw = inputs.values.map { row in kept.enumerated().map { position, j in row[j] ?? medians[position] } }
        let indicators = kept.map { profile.indicators[$0] }
        for subsystem in [FitProfile.Subsystem.capacity, .load]
        where !indicators.contains(where: { $0.subsystem == subsystem }) {
            throw ZoneFitError(
                file: profile.path, "every \(subsystem.rawValue) indicator was dropped for missing values; cannot score"
            )
        }
        return (indicators, raw, actions, dropped)
    }
}
