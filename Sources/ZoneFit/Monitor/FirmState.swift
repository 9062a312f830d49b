import GeoKit

/// What one period's register says of a firm, as `diff` compares it: where it
/// was placed, its industry code and the non-core category the rules give it,
/// and its registration status. Kept for every firm of the earlier register, so
/// it holds no row, only what a change is judged by.
struct FirmState: Sendable {
    /// The row in its register.
    var row: Int
    /// The unit's index; nil where it is uncertain (placed by a district that holds several units).
    var unit: Int?
    var code: String?
    /// The rules' non-core category of the code (in any zone: a firm of one is flagged only in the central city).
    var category: String?
    /// Flagged for relocation: a non-core firm in a central unit, not excluded, not gone.
    var flagged: Bool
    let status: String?
    /// The exit status the register records, if any (注销, 吊销, 迁出).
    let exitReason: String?
    var name: String?
    /// WGS84; nil for a firm placed without coordinates.
    var lon: Double?
    var lat: Double?
    var landM2: Double?

    /// Statuses that mean the firm has left: cancelled (注销), revoked (吊销) or moved away (迁出).
    static let exitStatuses = ["注销", "吊销", "迁出"]

    init(
        row: Int, unit: Int?, code: String?, category: String?, flagged: Bool, status: String?, name: String?,
        lon: Double?, lat: Double?, landM2: Double?
    ) {
        (self.row, self.unit, self.code, self.category) = (row, unit, code, category)
        (self.status, self.name, self.lon, self.lat, self.landM2) = (status, name, lon, lat, landM2)
        exitReason = Self.exitReason(of: status)
        self.flagged = flagged && exitReason == nil
    }

    /// Worked out once per firm: every count asks. The usual statuses are told apart without a search.
    private static func exitReason(of status: String?) -> String? {
        switch status {
        case nil, "存续", "在业", "开业", "": return nil
        case let status?: return exitStatuses.first { status.contains($0) }
        }
    }

    /// Whether the firm counts in its period: placed, and not recorded as gone.
    var isActive: Bool { exitReason == nil }
}
