import Foundation
import GeoKit

/// Gathers each unit's raw indicator values from their sources: the
/// indicators table, the constraint layers (share of the unit's area, GEOS
/// in the scheme's projected CRS) and the overlaid enterprises.
struct FitInputs {
    /// `values[i][j]`: unit i, indicator j; nil where missing or bad.
    var values: [[Double?]]
    /// Why a value is missing: (unit, indicator, reason).
    var problems: [(unit: String, indicator: String, reason: String)]

    init(profile: FitProfile, tablePath: String?, layer: ZoneLayer, load: EnterpriseLoad?) throws {
        let table = try tablePath.map(Self.readTable) ?? [:]
        let shares = try Self.layerShares(profile: profile, layer: layer)
        var problems: [(unit: String, indicator: String, reason: String)] = []
        values = layer.units.map { unit in
            profile.indicators.map { indicator -> Double? in
                func missing(_ reason: String) -> Double? {
                    problems.append((unit.id, indicator.id, reason))
                    return nil
                }
                switch indicator.kind {
                case .column, .perArea:
                    let column = indicator.column ?? ""
                    guard let row = table[unit.id] else { return missing("unit has no row in the indicators table") }
                    guard let cell = row[column], !cell.isEmpty else {
                        return missing("empty cell in column \(column)")
                    }
                    guard let number = try? NumericCell.parse(.string(cell)) else {
                        return missing("'\(cell)' in column \(column) is not a number")
                    }
                    return indicator.kind == .perArea ? number / unit.areaKm2 : number
                case .layerShare:
                    return shares[indicator.id]?[unit.id]
                case .enterprise:
                    guard let load, let metric = indicator.metric else { return missing("no enterprises given") }
                    if let field = load.absentField(metric) {
                        return missing("the register has no \(field) column")
                    }
                    guard let value = load.metric(metric, unit: unit.id, areaKm2: unit.areaKm2) else {
                        return missing(
                            "no enterprise data to compute \(metric.rawValue) (no firms, or no value added / land)")
                    }
                    return value
                }
            }
        }
        self.problems = problems
    }

    /// unit id → column → text.
    private static func readTable(_ path: String) throws -> [String: [String: String]] {
        var rows: [String: [String: String]] = [:]
        for row in try TableReader.rows(path, required: ["unit"]) {
            let unit = row.value("unit")
            guard rows[unit] == nil else {
                throw ZoneFitError(file: path, "row \(row.number): unit \(unit) appears twice")
            }
            rows[unit] = row.values
        }
        return rows
    }

    /// indicator id → unit id → share of the unit's area covered by the indicator's layer.
    private static func layerShares(profile: FitProfile, layer: ZoneLayer) throws -> [String: [String: Double]] {
        let wanted = profile.indicators.filter { $0.kind == .layerShare }
        guard !wanted.isEmpty else { return [:] }
        let context = try GEOSContext()
        let project = try CoordinateTransform(
            from: SpatialReference.wgs84(), to: SpatialReference(layer.scheme.areaCRS))
        let units = try layer.units.map { try project.transform(Geometry(wkb: $0.wkb, in: context)) }
        var result: [String: [String: Double]] = [:]
        for indicator in wanted {
            let path = profile.resolve(indicator.layer ?? "")
            var repaired: [String] = []
            let polygons = try PolygonLayerReader.read(
                SourceReference(path), keyField: nil, context: context, repaired: &repaired
            )
            .filter { indicator.layerFilter == nil || $0.values["layer"]?.text == indicator.layerFilter }
            let cover = try project.transform(Geometry.collection(polygons.map(\.geometry), in: context).unaryUnion())
            var shares: [String: Double] = [:]
            for (unit, ground) in zip(layer.units, units) {
                let area = try ground.area()
                let covered = try ground.intersection(with: cover).polygonalParts()
                shares[unit.id] = area > 0 ? (covered.isEmpty ? 0 : try covered.area()) / area : 0
            }
            result[indicator.id] = shares
        }
        return result
    }
}
