import Foundation
import ZoneFit

/// The printed relocation progress: per central unit, where BEFORE's flagged firms are now.
enum ProgressTable {
    /// `parks`: whether receiving parks were given (a column of the relocated firms now in one).
    static func render(_ progress: RelocationProgress, layer: ZoneLayer, parks: Bool) -> String {
        let outcomes = RelocationProgress.Outcome.allCases
        let header =
            ["unit", "name", "flagged"] + outcomes.map(\.rawValue) + (parks ? ["in a park"] : [])
            + ["freed", "land freed", "new non-core"]
        func percent(_ share: Double?) -> String { share.map { String(format: "%.1f%%", 100 * $0) } ?? "—" }
        let rows = progress.rows(layer).map { row in
            [row.id, row.name, String(row.counts.flagged)] + outcomes.map { String(row.counts.byOutcome[$0] ?? 0) }
                + (parks ? [String(row.counts.relocatedToPark)] : [])
                + [
                    percent(row.counts.freedShare(row.freed)), percent(row.counts.freedLandShare(row.freed)),
                    String(row.counts.conflicts),
                ]
        }
        return TextTable.render(header: header, rows: rows, rightAligned: Set(2..<header.count))
    }
}
