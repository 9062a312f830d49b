import GeoKit

/// What one period's register says of a firm, as `diff` compares it: where it
/// was placed, its industry code and the non-core category the rules give it,
/// and its registration status. Kept for every firm of the earlier register, so
/// it holds no row, only what a change is judged by, and its texts as numbers
/// in the run's `InternedTexts`.
struct FirmState: Sendable {
    /// The row in its register.
    var row: Int
    /// The unit's index; nil where it is uncertain (placed by a district that holds several units).
    var unit: Int?
    /// The code as the rules read it, in the `InternedTexts`.
    var code: Int32
    /// The rules' non-core category of the code (in any zone: a firm of one is flagged only in the central
    /// city), in the `InternedTexts`.
    var category: Int32
    /// Flagged for relocation: a non-core firm in a central unit, not excluded, not gone.
    var flagged: Bool
    /// The status as written, in the `InternedTexts`.
    var status: Int32
    /// The index in `exitStatuses` of the exit the status records (注销, 吊销, 迁出); nil while the firm is there.
    let exit: Int8?
    /// Where the name lies in the earlier register's `SnapshotIndex.names` (empty: none; the later register's
    /// names are read only for the changes, into `FirmChange.name`).
    var name: Range<Int> = 0..<0
    /// WGS84; nil for a firm placed without coordinates.
    var lon: Double?
    var lat: Double?
    var landM2: Double?

    /// Statuses that mean the firm has left: cancelled (注销), revoked (吊销) or moved away (迁出).
    static let exitStatuses = ["注销", "吊销", "迁出"]

    init(
        row: Int, unit: Int?, code: Int32, category: Int32, flagged: Bool, status: Int32, exit: Int8?,
        lon: Double?, lat: Double?, landM2: Double?
    ) {
        (self.row, self.unit, self.code, self.category, self.status) = (row, unit, code, category, status)
        (self.exit, self.lon, self.lat, self.landM2) = (exit, lon, lat, landM2)
        self.flagged = flagged && exit == nil
    }

    /// Which exit a status records, if any; the usual statuses are told apart without a search.
    static func exit(of status: String) -> Int8? {
        switch status {
        case "存续", "在业", "开业", "": return nil
        default: return exitStatuses.firstIndex { status.contains($0) }.map(Int8.init)
        }
    }

    /// The exit status the register records, if any.
    var exitReason: String? { exit.map { Self.exitStatuses[Int($0)] } }

    /// Whether the firm counts in its period: placed, and not recorded as gone.
    var isActive: Bool { exit == nil }

    /// Whether the rules give its code a non-core category.
    var isNoncore: Bool { category != InternedTexts.none }
}
