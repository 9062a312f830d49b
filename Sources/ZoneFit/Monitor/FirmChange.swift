import GeoKit

/// What changed for one firm between two registers, as `diff` writes it.
struct FirmChange: Sendable {
    /// The first of these that applies, in this order.
    enum Kind: String, Sendable, CaseIterable {
        case exited, entered, moved, reclassified, status, unchanged
    }

    var key: RegisterKey
    var kind: Kind
    /// `absent` (not in the later register) or the exit status it records (注销, 吊销, 迁出).
    var exitReason: String?
    var moved = false
    var reclassified = false
    var statusChanged = false
    var before: FirmState?
    var after: FirmState?
    /// The firm's name: the later register's, else the earlier's (set where the change is written).
    var name: String?
    /// For a relocated firm, the receiving park it now lies in (with `diff --parks`).
    var receivingPark: String?

    /// The change of a firm seen in `before`, `after` or both; nil where neither period counts it
    /// (gone in both, or only in the later register and gone already).
    init?(key: RegisterKey, before: FirmState?, after: FirmState?) {
        self.key = key
        self.before = before
        self.after = after
        let was = before?.isActive == true
        let isNow = after?.isActive == true
        switch (was, isNow) {
        case (false, false): return nil
        case (true, false):
            kind = .exited
            exitReason = after?.exitReason ?? "absent"
        case (false, true): kind = .entered
        case (true, true):
            let (before, after) = (before!, after!)
            // Moved between the tallies' units: a firm whose unit was uncertain in one period and known in the
            // other moved between the "unit uncertain" row and its unit.
            moved = before.unit != after.unit
            reclassified = before.code != after.code || before.category != after.category
            statusChanged = before.status != after.status
            kind = moved ? .moved : reclassified ? .reclassified : statusChanged ? .status : .unchanged
        }
    }

    /// The point written: where the firm is now, or for an exit where it was.
    var position: (lon: Double, lat: Double)? {
        let state = kind == .exited ? before : after
        guard let lon = state?.lon, let lat = state?.lat else { return nil }
        return (lon, lat)
    }

    /// The fields `diff` writes for each change, unit ids and zones from `layer`, texts from `texts`.
    static func layout(_ layer: ZoneLayer, texts: InternedTexts) -> RowLayout<FirmChange> {
        @Sendable func unit(_ state: FirmState?) -> String? { state?.unit.map { layer.units[$0].id } }
        @Sendable func zone(_ state: FirmState?) -> String? { state?.unit.map { layer.units[$0].zone.rawValue } }
        @Sendable func core(_ state: FirmState?) -> Bool? { state?.unit.map { layer.units[$0].isCore } }
        return RowLayout(columns: [
            .text("key") { $0.key.description },
            .text("name") { $0.name },
            .text("change") { $0.kind.rawValue },
            .text("exit_reason") { $0.exitReason },
            .flag("moved") { $0.moved },
            .flag("reclassified") { $0.reclassified },
            .flag("status_changed") { $0.statusChanged },
            .text("before_unit") { unit($0.before) },
            .text("after_unit") { unit($0.after) },
            .text("before_zone") { zone($0.before) },
            .text("after_zone") { zone($0.after) },
            .flag("before_is_core") { core($0.before) },
            .flag("after_is_core") { core($0.after) },
            .text("before_code") { $0.before.flatMap { texts[$0.code] } },
            .text("after_code") { $0.after.flatMap { texts[$0.code] } },
            .text("before_category") { $0.before.flatMap { texts[$0.category] } },
            .text("after_category") { $0.after.flatMap { texts[$0.category] } },
            .text("before_status") { $0.before.flatMap { texts[$0.status] } },
            .text("after_status") { $0.after.flatMap { texts[$0.status] } },
            .flag("before_flagged") { $0.before?.flagged },
            .text("progress") { RelocationProgress.outcome($0, layer: layer)?.rawValue },
            .text("receiving_park") { $0.receivingPark },
            .flag("new_noncore_in_core") { RelocationProgress.isConflict($0, layer: layer) },
            .integer("before_row") { $0.before?.row },
            .integer("after_row") { $0.after?.row },
            .real("lon") { $0.position?.lon },
            .real("lat") { $0.position?.lat },
        ])
    }
}
