import Foundation
import ZoneFit

/// The printed chains: firms, the most specialised units, hot and cold cells, leaders and missing links.
enum ClusterTable {
    static func render(_ result: ClustersResult, top: Int = 3) -> String {
        let measure = result.request.measure
        let rows = result.chains.chains.indices.map { chain -> [String] in
            let definition = result.chains.chains[chain]
            let coverage = result.coverage[chain]
            let ranked = result.ranked(chain: chain)
            let best = ranked.prefix(top).map { quotient in
                "\(result.layer.units[quotient.unit].id) \(String(format: "%.2f", quotient.value(measure) ?? 0))"
            }
            let spots = result.hotSpots[chain]
            return [
                definition.id, definition.name, String(coverage.firms), best.joined(separator: ", "),
                String(spots.hotCells), String(spots.coldCells),
                coverage.leaderUnits.prefix(top).map { result.layer.units[$0.unit].id }.joined(separator: ","),
                "\(coverage.missing.count)/\(coverage.links.count)",
            ]
        }
        let header = [
            "chain", "name", "firms", "top units (LQ by \(measure.rawValue))", "hot", "cold", "leaders in",
            "links missing",
        ]
        return [
            TextTable.render(header: header, rows: rows, rightAligned: [2, 4, 5, 7]),
            "grid: \(result.grid.cells.count) cells of \(Int(result.grid.size)) m in \(result.grid.crs) (every cell "
                + "holding part of the city); weights: \(result.weights.summary); hot/cold: Gi* at FDR q ≤ "
                + "\(result.request.alpha); LQ ranked where a unit has ≥ \(result.request.minimumFirms) firms and ≥ "
                + "\(LocationQuotient.minimumChainFirms) in the chain",
        ].joined(separator: "\n")
    }
}
