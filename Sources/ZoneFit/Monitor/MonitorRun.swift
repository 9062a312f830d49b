import Foundation
import GeoKit

/// What `zonefit monitor` is asked: the periods of a register, and how each is read.
public struct MonitorRequest: Sendable {
    public var periods: [RegisterPeriod]
    /// How every period is read (its input is set per period).
    public var template: OverlayRequest
    /// The folder the series, charts and rejects go to.
    public var outputDirectory: String

    public init(periods: [RegisterPeriod], template: OverlayRequest, outputDirectory: String) {
        (self.periods, self.template, self.outputDirectory) = (periods, template, outputDirectory)
    }
}

/// One period as `monitor` counts it.
public struct PeriodTally: Sendable {
    public var period: RegisterPeriod
    public var placed: OverlaySummary
    public var firmsByUnit: [String: Int]
    public var relocation: RelocationSummary
    public var targets: [TargetTable.Row]
}

/// Each period placed and counted as `report` counts a register (relocate with
/// the report's tally), one after another: per unit the firms, the flagged
/// firms and their land; city-wide every target the register can measure.
/// Written as series (units.csv, targets.csv, monitor.json) and a chart per
/// target and for the firms and flagged firms (charts/*.svg), into a folder
/// moved into place only when every period was read.
public enum MonitorRun {
    public static func run(
        _ request: MonitorRequest, layer: ZoneLayer, rules: NoncoreProfile, targets: TargetTable
    ) throws -> (tallies: [PeriodTally], files: [String]) {
        let folder = try ReportFolder(request.outputDirectory)
        try FileManager.default.createDirectory(atPath: folder.path("rejects"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.path("charts"), withIntermediateDirectories: true)
        var tallies: [PeriodTally] = []
        for period in request.periods {
            var overlay = request.template
            overlay.input = period.path
            overlay.output = nil
            overlay.rejects = folder.path("rejects/\(period.label).rejects.csv")
            overlay.hashesInput = true
            let relocation = try Relocation(profile: rules, parks: nil, layer: layer, top: 1, flaggedOnly: false)
            let tally = ReportTally(relocation: relocation, rules: rules, keepTop: 0)
            let placed = try OverlayRun.run(overlay, layer: layer, analyses: [tally])
            tallies.append(
                PeriodTally(
                    period: period, placed: placed, firmsByUnit: tally.firmsByUnit, relocation: relocation.summary,
                    targets: targets.rows(tally.totals, baseline: [:])))
        }
        try units(tallies, layer: layer).write(toFile: folder.path("units.csv"), atomically: false, encoding: .utf8)
        try targetSeries(tallies).write(toFile: folder.path("targets.csv"), atomically: false, encoding: .utf8)
        try json(tallies, layer: layer).write(toFile: folder.path("monitor.json"), atomically: false, encoding: .utf8)
        for (name, chart) in charts(tallies, targets: targets) {
            try chart.svg().write(toFile: folder.path("charts/\(name).svg"), atomically: false, encoding: .utf8)
        }
        return (tallies, try folder.publish())
    }

    /// Per period and unit: firms, flagged firms, their land, possibly flagged firms (central units).
    static func units(_ tallies: [PeriodTally], layer: ZoneLayer) -> String {
        var rows = [
            ["period", "unit", "name", "zone", "is_core", "firms", "flagged", "freed_land_m2", "possibly_flagged"]
        ]
        for tally in tallies {
            for unit in layer.units {
                let totals = tally.relocation.units[unit.id]
                let central = unit.zone == .central
                rows.append([
                    tally.period.label, unit.id, unit.name, unit.zone.rawValue, String(unit.isCore),
                    String(tally.firmsByUnit[unit.id] ?? 0), central ? String(totals?.flagged ?? 0) : "",
                    central && tally.relocation.hasLandData ? ReportTables.number(totals?.freedLandM2 ?? 0) : "",
                    central ? String(totals?.possiblyFlagged ?? 0) : "",
                ])
            }
        }
        return ReportTables.csv(rows)
    }

    /// Per period and target: the measured value (empty where the register cannot measure it), its status, and
    /// its change since the first period.
    static func targetSeries(_ tallies: [PeriodTally]) -> String {
        var rows = [["period", "target", "name", "value", "unit", "status", "change_since_first_percent"]]
        var first: [String: Double] = [:]
        for row in tallies.first?.targets ?? [] { first[row.target.id] = row.value }
        for tally in tallies {
            for row in tally.targets {
                var change: Double?
                if let value = row.value, let base = first[row.target.id], base != 0 {
                    change = 100 * (value - base) / base
                }
                rows.append([
                    tally.period.label, row.target.id, row.target.name, ReportTables.number(row.value),
                    row.target.measuredUnit ?? row.target.unit, row.status.rawValue, ReportTables.number(change),
                ])
            }
        }
        return ReportTables.csv(rows)
    }

    static func json(_ tallies: [PeriodTally], layer: ZoneLayer) -> String {
        let periods = tallies.map { tally in
            let units = layer.units.map { unit in
                "{\"unit\":\(JSONText.string(unit.id)),\"firms\":\(tally.firmsByUnit[unit.id] ?? 0),"
                    + "\"flagged\":\(tally.relocation.units[unit.id]?.flagged ?? 0)}"
            }
            let targets = tally.targets.map { row in
                "{\"target\":\(JSONText.string(row.target.id)),\"value\":\(row.value.map(JSONText.number) ?? "null"),"
                    + "\"status\":\(JSONText.string(row.status.rawValue))}"
            }
            return "{\"period\":\(JSONText.string(tally.period.label)),\"file\":\(JSONText.string(tally.period.path)),"
                + "\"read\":\(tally.placed.read),\"placed\":\(tally.placed.written),\"rejected\":\(tally.placed.rejected),"
                + "\"units\":[\(units.joined(separator: ","))],\"targets\":[\(targets.joined(separator: ","))]}"
        }
        return "{\"periods\":[\n" + periods.joined(separator: ",\n") + "\n]}\n"
    }

    /// The firms and flagged firms of the city, and each target the register measures in some period.
    static func charts(_ tallies: [PeriodTally], targets: TargetTable) -> [(String, TrendChart)] {
        let labels = tallies.map(\.period.label)
        var charts = [
            (
                "firms",
                TrendChart(
                    title: "企业数", titleEn: "Firms", unit: "家 firms", labels: labels,
                    values: tallies.map { Double($0.firmsByUnit.values.reduce(0, +)) }, target: nil)
            ),
            (
                "flagged",
                TrendChart(
                    title: "中心城区疏解对象", titleEn: "Flagged in the central city", unit: "家 firms", labels: labels,
                    values: tallies.map { Double($0.relocation.totalFlagged) }, target: nil)
            ),
        ]
        for (index, target) in targets.targets.enumerated() {
            let values = tallies.map { $0.targets[index].value }
            guard values.contains(where: { $0 != nil }) else { continue }
            let level = [.atLeast, .moreThan, .atMost].contains(target.comparison) ? target.target : nil
            charts.append(
                (
                    "target-\(target.id)",
                    TrendChart(
                        title: target.name, titleEn: target.nameEn, unit: target.measuredUnit ?? target.unit,
                        labels: labels, values: values, target: level)
                ))
        }
        return charts
    }
}
