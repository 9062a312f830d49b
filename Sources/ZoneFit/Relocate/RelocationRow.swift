import GeoKit

/// What relocate says of one placed firm: the fields it adds to the row.
struct RelocationRow: Sendable {
    var flagged = false
    /// Non-core and perhaps in a central unit: placed by its register entry, its unit uncertain.
    var possiblyFlagged = false
    var category: String?
    var rules: String?
    var priority: Double?
    var priorityComponents: String?
    var reasonZh: String?
    var reasonEn: String?
    var freedLandM2: Double?
    var chains: String
    /// The ranked receiving parks, at most `top`.
    var receivers: [ReceivingSites.Candidate] = []

    /// The layout of the added fields; `receivers`: the ranks of receiving parks written (0 without parks).
    static func layout(receivers: Int) -> RowLayout<RelocationRow> {
        var columns: [RowLayout<RelocationRow>.Column] = [
            .flag("flagged") { $0.flagged },
            .flag("possibly_flagged") { $0.possiblyFlagged },
            .text("noncore_category") { $0.category },
            .text("rules") { $0.rules },
            .real("priority") { $0.priority },
            .text("priority_components") { $0.priorityComponents },
            .text("reason_zh") { $0.reasonZh },
            .text("reason_en") { $0.reasonEn },
            .real("freed_land_m2") { $0.freedLandM2 },
            .text("chains") { $0.chains },
        ]
        for rank in Swift.stride(from: 1, through: receivers, by: 1) {
            @Sendable func park(_ row: RelocationRow) -> ReceivingSites.Candidate? {
                rank <= row.receivers.count ? row.receivers[rank - 1] : nil
            }
            columns += [
                .text("receiver_\(rank)") { park($0)?.park.id },
                .text("receiver_\(rank)_name") { park($0)?.park.name },
                .real("receiver_\(rank)_score") { park($0).map { Relocation.round($0.score) } },
                .real("receiver_\(rank)_km") { park($0).flatMap { $0.km.isNaN ? nil : Relocation.round($0.km) } },
            ]
        }
        return RowLayout(columns: columns)
    }
}
