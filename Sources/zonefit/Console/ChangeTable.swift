import ZoneFit

/// The printed per-unit change table, with the zone and category rows and the total.
enum ChangeTable {
    static func render(_ summary: ChangeSummary, layer: ZoneLayer) -> String {
        let header = [
            "level", "id", "name", "before", "stayed", "moved out", "exited", "(absent)", "after", "moved in",
            "entered",
            "net", "reclassified", "status", "ok",
        ]
        let rows = summary.rows(layer).map { row in
            [row.level, row.id, row.name] + ChangeSummary.values(row.counts).map(String.init)
                + [row.level == "category" ? "" : row.counts.reconciles ? "yes" : "NO"]
        }
        return TextTable.render(header: header, rows: rows, rightAligned: Set(3..<(header.count - 1)))
    }
}
