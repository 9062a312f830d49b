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

/// A firm count and the employees and revenue of those firms. Employees and revenue are kept as whole
/// ten-thousandths (revenue to one yuan), added as integers: a sum of doubles would change in its last bits
/// with where the rows were cut into slices, that is with the number of threads.
public struct ChainSums: Sendable {
    public var firms = 0
    private var employeeUnits: Int64 = 0
    private var revenueUnits: Int64 = 0
    static let scale = 10_000.0

    public init(firms: Int = 0, employees: Double = 0, revenue: Double = 0) {
        self.firms = firms
        employeeUnits = Self.units(employees)
        revenueUnits = Self.units(revenue)
    }

    public var employees: Double { Double(employeeUnits) / Self.scale }
    public var revenue: Double { Double(revenueUnits) / Self.scale }

    public subscript(measure: ChainMeasure) -> Double {
        switch measure {
        case .firms: Double(firms)
        case .employees: employees
        case .revenue: revenue
        }
    }

    /// A measure's value from the integer units the grid adds.
    static func value(ofUnits units: Int64, _ measure: ChainMeasure) -> Double {
        measure == .firms ? Double(units) : Double(units) / scale
    }

    /// The measure in the integer units the grid adds.
    func units(_ measure: ChainMeasure) -> Int64 {
        switch measure {
        case .firms: Int64(firms)
        case .employees: employeeUnits
        case .revenue: revenueUnits
        }
    }

    /// A value in ten-thousandths; beyond ±9·10¹⁴ (no firm's figure) it is held at the bound.
    static func units(_ value: Double) -> Int64 {
        let scaled = (value * scale).rounded()
        return scaled.isFinite ? Int64(max(-9e18, min(9e18, scaled))) : 0
    }

    mutating func add(_ other: ChainSums) {
        firms += other.firms
        employeeUnits &+= other.employeeUnits
        revenueUnits &+= other.revenueUnits
    }
}
