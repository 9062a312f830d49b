import Foundation
import ZoneFit

/// The printed per-unit relocation table.
enum RelocationTable {
    static func render(_ summary: RelocationSummary, layer: ZoneLayer, profile: NoncoreProfile) -> String {
        let categories = summary.categories
        // A register without land figures frees no data, not 0 ha.
        func land(_ m2: Double, per unit: Double, format: String) -> String {
            summary.hasLandData ? String(format: format, m2 / unit) : "no data"
        }
        // Only a register placed by its entries has firms whose unit is uncertain.
        let possibly = summary.possiblyFlaggedRows > 0
        let header =
            ["unit", "name", "core"] + categories.map { profile.categories[$0]?.name ?? $0 }
            + ["flagged", "freed ha", "freed 亩", "employees", "unknown code"] + (possibly ? ["possibly"] : [])
        var rows = summary.ordered(layer).map { unit in
            [unit.unit, unit.name, unit.isCore ? "yes" : ""] + categories.map { String(unit.byCategory[$0] ?? 0) }
                + [
                    String(unit.flagged), land(unit.freedLandM2, per: 10_000, format: "%.1f"),
                    land(unit.freedLandM2, per: 666.67, format: "%.0f"), String(format: "%.0f", unit.employees),
                    String(unit.unknownCodes),
                ] + (possibly ? [String(unit.possiblyFlagged)] : [])
        }
        let all = summary.ordered(layer)
        rows.append(
            ["total", "", ""] + categories.map { c in String(all.map { $0.byCategory[c] ?? 0 }.reduce(0, +)) }
                + [
                    String(summary.totalFlagged),
                    land(all.map(\.freedLandM2).reduce(0, +), per: 10_000, format: "%.1f"),
                    land(all.map(\.freedLandM2).reduce(0, +), per: 666.67, format: "%.0f"),
                    String(format: "%.0f", all.map(\.employees).reduce(0, +)),
                    String(all.map(\.unknownCodes).reduce(0, +)),
                ] + (possibly ? [String(summary.possiblyFlaggedRows)] : []))
        return TextTable.render(header: header, rows: rows, rightAligned: Set(3..<header.count))
    }
}
