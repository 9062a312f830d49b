/// The three zone classes of the plan's 三(五): 中心城区, 城市新区, 郊区新城.
public enum ZoneClass: String, Sendable, CaseIterable, Codable {
    case central
    case newArea = "new_area"
    case suburban
}
