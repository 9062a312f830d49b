/// The unit a numeric register field is counted in where the rules read it, and
/// the units a header may name instead (`用地面积（亩）`), each with the factor that
/// turns its values into the rules' unit.
enum FieldUnit: Sendable {
    case tenThousandYuan, tonneCoal, cubicMetre, squareMetre, persons

    /// The unit of `field` in the rules, nil for fields that hold no quantity (codes, names, flags).
    init?(_ field: FirmField) {
        switch field {
        case .revenue, .valueAdded, .tax: self = .tenThousandYuan
        case .energy: self = .tonneCoal
        case .water: self = .cubicMetre
        case .land: self = .squareMetre
        case .employees: self = .persons
        case .industryCode, .name, .uscc, .chainLeader, .keep, .address, .status: return nil
        }
    }

    /// How the unit is written in a message.
    var symbol: String {
        switch self {
        case .tenThousandYuan: "万元"
        case .tonneCoal: "tce"
        case .cubicMetre: "m³"
        case .squareMetre: "m²"
        case .persons: "persons"
        }
    }

    /// The units a header may name, as `HeaderName` folds them, and their factors to this unit.
    var factors: KeyValuePairs<String, Double> {
        switch self {
        case .tenThousandYuan:
            ["元": 1e-4, "千元": 0.1, "万元": 1, "百万元": 100, "亿元": 1e4, "yuan": 1e-4, "10kyuan": 1, "cny": 1e-4]
        case .tonneCoal:
            ["吨标准煤": 1, "吨标煤": 1, "tce": 1, "t": 1, "吨": 1, "万吨标准煤": 1e4, "万吨标煤": 1e4, "千克标准煤": 1e-3, "kgce": 1e-3]
        case .cubicMetre: ["立方米": 1, "m3": 1, "吨": 1, "t": 1, "万立方米": 1e4, "万吨": 1e4]
        case .squareMetre:
            [
                "平方米": 1, "m2": 1, "亩": 10_000.0 / 15, "公顷": 1e4, "ha": 1e4, "hm2": 1e4, "平方公里": 1e6, "平方千米": 1e6,
                "km2": 1e6,
            ]
        case .persons: ["人": 1, "名": 1, "个": 1, "persons": 1]
        }
    }

    /// The factor for values in `unit` (a folded header unit); nil for a unit zonefit does not convert.
    func factor(from unit: String) -> Double? { factors.first { $0.key == unit }?.value }
}
