import Foundation
import ZoneFit

/// The printed ranking.
enum FitTable {
    static func render(_ result: FitResult) -> String {
        let order = result.score.units.indices.sorted { result.score.units[$0].rank < result.score.units[$1].rank }
        let rows = order.map { i -> [String] in
            let unit = result.layer.units[i]
            let score = result.score.units[i]
            let stability = result.sensitivity.units[i]
            return [
                String(score.rank), unit.id, unit.name, unit.zone.rawValue,
                String(format: "%.3f", score.u1), String(format: "%.3f", score.u2),
                String(format: "%.3f", score.coupling.c),
                String(format: "%.3f", score.coupling.t), String(format: "%.3f", score.coupling.d),
                score.grade?.name ?? "",
                String(format: "%.0f%%", 100 * stability.shareAtRank), "\(stability.rankMin)–\(stability.rankMax)",
            ]
        }
        let header = ["rank", "unit", "name", "zone", "U1", "U2", "C", "T", "D", "grade", "stable", "range"]
        var lines = [TextTable.render(header: header, rows: rows, rightAligned: [0, 4, 5, 6, 7, 8, 10, 11])]
        let weights = zip(result.indicators, result.score.weights).map { "\($0.id) \(String(format: "%.3f", $1))" }
        lines.append("weights (\(result.profile.weighting.rawValue)): " + weights.joined(separator: ", "))
        if let ahp = result.score.ahp {
            lines.append(String(format: "AHP: λmax %.4f, CI %.4f, CR %.4f", ahp.lambdaMax, ahp.ci, ahp.cr))
        }
        if let most = result.sensitivity.mostInfluential {
            lines.append(
                "stability: \(result.sensitivity.runs) runs at ±\(Int(result.sensitivity.perturbation * 100))% (seed \(result.sensitivity.seed)); leaving out \(most) moves the ranking most"
            )
        }
        return lines.joined(separator: "\n")
    }
}
