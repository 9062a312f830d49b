/// What a chain is measured by: firms, or their employees or revenue.
public enum ChainMeasure: String, Sendable, CaseIterable, Codable {
    case firms, employees, revenue

    /// The register field the measure sums (nil: firms are counted).
    var field: FirmField? {
        switch self {
        case .firms: nil
        case .employees: .employees
        case .revenue: .revenue
        }
    }
}

/// A firm count and the employees and revenue of those firms.
public struct ChainSums: Sendable {
    public var firms = 0
    public var employees = 0.0
    public var revenue = 0.0

    public subscript(measure: ChainMeasure) -> Double {
        switch measure {
        case .firms: Double(firms)
        case .employees: employees
        case .revenue: revenue
        }
    }

    mutating func add(_ other: ChainSums) {
        firms += other.firms
        employees += other.employees
        revenue += other.revenue
    }
}
