import GeoKit

/// What a firm's row says that the analyses read: the keys of the rule profile's `[fields]`.
enum FirmField: Int, CaseIterable, Sendable {
    case industryCode, name, uscc, revenue, valueAdded, tax, energy, water, land, employees, chainLeader, keep, address,
        status

    /// The key in the profile's `[fields]`.
    var key: String {
        switch self {
        case .industryCode: "industry_code"
        case .name: "name"
        case .uscc: "uscc"
        case .revenue: "revenue"
        case .valueAdded: "value_added"
        case .tax: "tax"
        case .energy: "energy"
        case .water: "water"
        case .land: "land"
        case .employees: "employees"
        case .chainLeader: "chain_leader"
        case .keep: "keep"
        case .address: "address"
        case .status: "status"
        }
    }
}

/// The fields of an input row that the analyses read, as `FieldMapping` found
/// them, by `FirmField` (an array index per row, not a lookup by name), with
/// each number in the rules' unit.
/// Held inline, not in an array: the analyses read it for every row on every
/// core, and an array's shared buffer would have its reference count bounce
/// between them. One slot per `FirmField` case (a test checks the two agree).
struct FirmColumns: Sendable {
    private var positions = InlineArray<14, Int?>(repeating: nil)
    private var factors = InlineArray<14, Double>(repeating: 1)

    init(_ mapping: FieldMapping = FieldMapping()) {
        for (field, column) in mapping.columns {
            positions[field.rawValue] = column.index
            factors[field.rawValue] = column.factor
        }
    }

    /// The input field that holds `field`, if any.
    func index(_ field: FirmField) -> Int? { positions[field.rawValue] }

    // (No closures over the row below: capturing it copied it, a reference count for every read.)
    func text(_ field: FirmField, in row: InputRow) -> String? {
        guard let index = index(field) else { return nil }
        return row.value(index).text
    }

    /// A number in the rules' unit, or nil when the column is absent, empty or not numeric.
    func number(_ field: FirmField, in row: InputRow) -> Double? {
        guard let index = index(field), let value = row.number(index) else { return nil }
        let factor = factors[field.rawValue]
        return factor == 1 ? value : value * factor
    }

    /// true / 1 / 是 / yes / y; false where the column is absent.
    func flag(_ field: FirmField, in row: InputRow) -> Bool {
        guard let index = index(field) else { return false }
        return row.isYes(index)
    }

    /// true / 1 / 是 / yes / y / t, in any case, with spaces around; the common answers
    /// are told apart without Foundation (this runs twice for every firm).
    static func isYes(_ text: String) -> Bool {
        switch text {
        case "", "false", "0", "否", "no", "n", "f": return false
        case "true", "1", "是", "yes", "y", "t": return true
        default:
            return ["true", "1", "是", "yes", "y", "t"].contains(text.lowercased().trimmingCharacters(in: .whitespaces))
        }
    }
}
