import Foundation
import ZoneFit

/// The printed forms of a built scheme: the unit table and the check lines.
enum UnitTable {
    static func render(_ layer: ZoneLayer) -> String {
        let header = ["unit", "name", "zone", "core", "district(s)", "area km²"]
        let rows = layer.units.map { unit in
            [
                unit.id, unit.name, unit.zone.rawValue, unit.isCore ? "yes" : "", unit.adcodes.joined(separator: ","),
                String(format: "%.1f", unit.areaKm2),
            ]
        }
        let total = String(format: "%.1f", layer.units.map(\.areaKm2).reduce(0, +))
        return TextTable.render(header: header, rows: rows + [["total", "", "", "", "", total]], rightAligned: [5])
    }

    static func checks(_ layer: ZoneLayer, _ tiling: ZoneTiling) -> [String] {
        let checks = layer.checks
        var lines = [
            "scheme \(layer.scheme.id): \(layer.units.count) units, \(layer.cells.count) cells",
            String(
                format:
                    "check: city ground no district covers %.3f m², district ground outside the city %.3f m², overlaps between districts %.3f m², between units %.3f m²",
                tiling.gapM2, tiling.outsideCityM2, tiling.overlapM2, tiling.unitOverlapM2),
        ]
        if layer.scheme.cityPath == nil {
            lines.append("check: the scheme names no city_file; gaps are the holes inside the union of the districts")
        }
        for sliver in checks.slivers {
            lines.append("check: overlay sliver under 1 m² (kept, not listed as a district): \(sliver)")
        }
        for (id, area) in checks.clippedM2.sorted(by: { $0.key < $1.key }) where area > 1 {
            lines.append(String(format: "check: functional area %@: %.0f m² outside the city clipped away", id, area))
        }
        for (id, area) in checks.functionalOverlapM2.sorted(by: { $0.key < $1.key }) where area > 1 {
            lines.append(
                String(format: "check: functional area %@: %.0f m² already taken by an earlier area", id, area))
        }
        for repair in checks.repaired { lines.append("check: repaired with MakeValid: \(repair)") }
        if tiling.gapM2 > 1 || tiling.overlapM2 > 1 || tiling.outsideCityM2 > 1 {
            lines.append("warning: the district layer does not tile the city (gaps or overlaps above 1 m²)")
        }
        return lines
    }
}
