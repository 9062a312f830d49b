import ArgumentParser
import Foundation
import ZoneFit

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Score each unit's resource-environment fit (资源环境匹配度) with every indicator in the open.",
        discussion: """
            Two subsystems from the fit profile: capacity (资源环境承载: water, ecological constraints, \
            developable land, air) and industrial load (产业负荷, aggregated from the overlaid enterprises: \
            energy and water per 10,000 yuan of value added, industrial land, output per mu, green, high-tech \
            and non-core shares). Values are min-max normalised with direction and shifted into [0.01, 1]; \
            weights come from the entropy method, AHP (CR ≥ 0.10 is refused) or the profile; U1 and U2 are the \
            weighted subsystem indices; C = 2√(U1·U2)/(U1+U2), T = αU1 + βU2, D = √(C·T), graded in ten \
            bands from 极度失调 to 优质协调 and ranked by D. The composite (weighted sum or TOPSIS) is reported \
            beside it. Stability: the share of Monte-Carlo weight perturbations that keep each unit's rank, \
            its rank range, and the indicator whose removal moves the ranking most.

            Writes the unit polygons (-o, any output format) and beside them <stem>.csv and <stem>.json \
            (<stem>.fit.json when -o is itself <stem>.json); into a PostGIS table, the table and its comment. \
            Missing values follow the profile's policy (drop the indicator or impute the median) and are \
            reported; --strict fails instead.
            """)

    @OptionGroup var enterpriseOptions: EnterpriseOptions

    @OptionGroup var schemeOptions: SchemeOptions

    @OptionGroup var fitProfileOptions: FitProfileOptions

    @Option(
        help: ArgumentHelp("Indicators table (CSV with a `unit` column); overrides the profile's.", valueName: "file"))
    var indicators: String?

    @OptionGroup var rulesOptions: RulesOptions

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Output file for the unit polygons (.geojson, .gpkg, .fgb, .shp, .csv …), or a PostGIS database, "
                + "\"PG:host=… dbname=…\" (table fit unless --nln; the JSON document is the table's comment).",
            valueName: "file"))
    var output: String

    @Option(
        name: [.customShort("f"), .customLong("of")],
        help: "Output format: GeoJSON, GeoJSONSeq, GPKG, FlatGeobuf, \"ESRI Shapefile\", CSV, XLSX, PostgreSQL.")
    var format: String?

    @OptionGroup var tableOptions: TableOptions

    @OptionGroup var outputCRS: OutputCRSOption

    @Option(help: ArgumentHelp("Weighting method: entropy, ahp or fixed (overrides the profile).", valueName: "method"))
    var method: FitProfile.Weighting?

    @Option(
        help: ArgumentHelp(
            "Fixed weights, e.g. water_per_km2=0.2,pm25_headroom=0.1 (implies --method fixed).", valueName: "id=w,…"))
    var weights: String?

    @Option(help: ArgumentHelp("Composite: weighted_sum or topsis (overrides the profile).", valueName: "method"))
    var composite: FitProfile.Composite?

    @Option(help: ArgumentHelp("Monte-Carlo runs for rank stability (overrides the profile).", valueName: "n"))
    var runs: Int?

    @Option(help: ArgumentHelp("Random seed of the stability runs (overrides the profile).", valueName: "n"))
    var seed: UInt64?

    @Flag(help: "Fail on any missing or bad indicator value instead of dropping or imputing it.")
    var strict = false

    func validate() throws {
        try tableOptions.check(output: output, format: format)
        if let runs, runs < 0 { throw ValidationError("--runs takes a number ≥ 0") }
        if weights != nil, let method, method != .fixed { throw ValidationError("--weights goes with --method fixed") }
    }

    func run() throws {
        try reportingErrors {
            let layer = try schemeOptions.build()
            var fitProfile = try fitProfileOptions.load()
            try applyOverrides(to: &fitProfile)
            let noncore = fitProfile.needsEnterprises ? try rulesOptions.load() : nil
            var request = FitRequest(output: output)
            request.format = format
            request.targetCRS = outputCRS.dstCRS
            request.tableName = tableOptions.tableName
            request.writeMode = tableOptions.writeMode
            request.indicatorsTable = indicators
            request.enterprises = try enterpriseOptions.overlayRequest(output: output)
            let result = try FitRun.run(request, profile: fitProfile, rules: noncore, layer: layer)
            if let summary = result.enterprises {
                for line in summary.reading { note("enterprises \(line)") }
                // Firms whose unit is uncertain are in no unit's load: the line says how many.
                for line in summary.report(layer)
                where ["reconciliation", "rejected", "unit uncertain"].contains(where: line.hasPrefix) {
                    note("enterprises \(line)")
                }
            }
            print(FitTable.render(result))
            for entry in result.missing { note("missing: unit \(entry.unit), \(entry.indicator): \(entry.action)") }
            for id in result.score.constant {
                note("note: indicator \(id) does not vary between units; its entropy weight is 0")
            }
            note("wrote \(layer.units.count) units to \(result.written.joined(separator: ", "))")
        }
    }

    private func applyOverrides(to profile: inout FitProfile) throws {
        if strict { profile.missing = .fail }
        if let method { profile.weighting = method }
        if let composite { profile.composite = composite }
        if let runs { profile.runs = runs }
        if let seed { profile.seed = seed }
        guard let weights else { return }
        var given: [String: Double] = [:]
        for pair in weights.split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let value = Double(parts[1]) else {
                throw ZoneFitError("--weights: '\(pair)' is not id=weight")
            }
            given[String(parts[0]).trimmingCharacters(in: .whitespaces)] = value
        }
        try profile.useFixedWeights(given)
    }
}

extension FitProfile.Weighting: ExpressibleByArgument {}
extension FitProfile.Composite: ExpressibleByArgument {}
