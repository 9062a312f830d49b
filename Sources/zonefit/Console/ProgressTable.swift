import Foundation
import ZoneFit

/// The printed relocation progress: per central unit, where BEFORE's flagged firms are now.
enum ProgressTable {
    static func render(_ progress: RelocationProgress, layer: ZoneLayer) -> String {
        let outcomes = RelocationProgress.Outcome.allCases
        let header = ["unit", "name", "flagged"] + outcomes.map(\.rawValue) + ["freed", "land freed", "new non-core"]
        func percent(_ share: Double?) -> String { share.map { String(format: "%.1f%%", 100 * $0) } ?? "—" }
        let rows = progress.rows(layer).map { row in
            [row.id, row.name, String(row.counts.flagged)] + outcomes.map { String(row.counts.byOutcome[$0] ?? 0) }
                + [
                    percent(row.counts.freedShare(row.freed)), percent(row.counts.freedLandShare(row.freed)),
                    String(row.counts.conflicts),
                ]
        }
        return TextTable.render(header: header, rows: rows, rightAligned: Set(2..<header.count))
    }
}
