/// Size figures of a synthetic firm, drawn from log-normal distributions by section.
///
/// ILLUSTRATIVE ratios, chosen to be plausible rather than measured: energy per
/// unit revenue is highest in heavy manufacturing (cement, bricks, recycling),
/// water highest in farming and food and drink, land per employee largest in
/// farming, warehousing and manufacturing.
struct SynthFirmSize: Sendable {
    var employees: Int
    /// 万元 (10,000 yuan).
    var revenue: Double
    var valueAdded: Double
    var tax: Double
    /// Tonnes of coal equivalent a year.
    var energyTce: Double
    var waterM3: Double
    var landM2: Double

    /// Per-section medians: employees, revenue per employee (万元), value-added share,
    /// tax per value added, tce per 万元 revenue, m³ water per 万元, land m² per employee.
    struct Profile {
        var employees: Double
        var revenuePerEmployee: Double
        var valueAddedShare: Double
        var taxShare: Double
        var energyPerRevenue: Double
        var waterPerRevenue: Double
        var landPerEmployee: Double
    }

    static let sections: [Character: Profile] = [
        "A": Profile(
            employees: 12, revenuePerEmployee: 20, valueAddedShare: 0.45, taxShare: 0.03, energyPerRevenue: 0.05,
            waterPerRevenue: 80, landPerEmployee: 2_000),
        "C": Profile(
            employees: 45, revenuePerEmployee: 60, valueAddedShare: 0.25, taxShare: 0.18, energyPerRevenue: 0.06,
            waterPerRevenue: 4, landPerEmployee: 120),
        "D": Profile(
            employees: 30, revenuePerEmployee: 150, valueAddedShare: 0.45, taxShare: 0.15, energyPerRevenue: 0.05,
            waterPerRevenue: 3, landPerEmployee: 600),
        "E": Profile(
            employees: 60, revenuePerEmployee: 40, valueAddedShare: 0.22, taxShare: 0.12, energyPerRevenue: 0.02,
            waterPerRevenue: 2, landPerEmployee: 20),
        "F": Profile(
            employees: 8, revenuePerEmployee: 120, valueAddedShare: 0.12, taxShare: 0.2, energyPerRevenue: 0.004,
            waterPerRevenue: 0.5, landPerEmployee: 25),
        "G": Profile(
            employees: 20, revenuePerEmployee: 45, valueAddedShare: 0.35, taxShare: 0.1, energyPerRevenue: 0.04,
            waterPerRevenue: 0.8, landPerEmployee: 150),
        "H": Profile(
            employees: 15, revenuePerEmployee: 12, valueAddedShare: 0.4, taxShare: 0.1, energyPerRevenue: 0.03,
            waterPerRevenue: 15, landPerEmployee: 15),
        "I": Profile(
            employees: 25, revenuePerEmployee: 40, valueAddedShare: 0.5, taxShare: 0.12, energyPerRevenue: 0.006,
            waterPerRevenue: 0.5, landPerEmployee: 10),
        "J": Profile(
            employees: 20, revenuePerEmployee: 80, valueAddedShare: 0.6, taxShare: 0.2, energyPerRevenue: 0.003,
            waterPerRevenue: 0.3, landPerEmployee: 10),
        "K": Profile(
            employees: 15, revenuePerEmployee: 70, valueAddedShare: 0.4, taxShare: 0.25, energyPerRevenue: 0.005,
            waterPerRevenue: 1, landPerEmployee: 12),
        "L": Profile(
            employees: 10, revenuePerEmployee: 30, valueAddedShare: 0.45, taxShare: 0.12, energyPerRevenue: 0.005,
            waterPerRevenue: 0.6, landPerEmployee: 15),
        "N": Profile(
            employees: 25, revenuePerEmployee: 35, valueAddedShare: 0.4, taxShare: 0.1, energyPerRevenue: 0.08,
            waterPerRevenue: 5, landPerEmployee: 200),
        "R": Profile(
            employees: 12, revenuePerEmployee: 20, valueAddedShare: 0.45, taxShare: 0.1, energyPerRevenue: 0.02,
            waterPerRevenue: 3, landPerEmployee: 60),
        "M": Profile(
            employees: 18, revenuePerEmployee: 30, valueAddedShare: 0.5, taxShare: 0.1, energyPerRevenue: 0.006,
            waterPerRevenue: 0.8, landPerEmployee: 25),
    ]

    /// Class-prefix overrides of a section's profile (longest prefix wins).
    static func profile(for code: String) -> Profile {
        var profile = sections[code.first ?? "C"] ?? sections["C"]!
        let division = String(code.prefix(3))
        switch division {
        case "C30":
            profile.energyPerRevenue = 0.8
            profile.landPerEmployee = 300
            profile.waterPerRevenue = 3
        case "C42":
            profile.energyPerRevenue = 0.25
            profile.landPerEmployee = 250
        case "C13", "C14", "C15":
            profile.waterPerRevenue = 15
            profile.energyPerRevenue = 0.08
        case "C17":
            profile.waterPerRevenue = 20
            profile.energyPerRevenue = 0.12
        case "C27":
            profile.waterPerRevenue = 8
            profile.valueAddedShare = 0.35
            profile.revenuePerEmployee = 90
        case "C39", "C38":
            profile.revenuePerEmployee = 110
            profile.employees = 90
            profile.waterPerRevenue = 5
        case "C37":
            profile.revenuePerEmployee = 130
            profile.employees = 150
        case "C36":
            profile.revenuePerEmployee = 100
            profile.employees = 80
        case "G59": profile.landPerEmployee = 400
        default: break
        }
        return profile
    }

    /// Draws a firm's figures; chain leaders are about twenty times larger.
    static func draw(code: String, chainLeader: Bool, _ random: inout SeededRandom) -> SynthFirmSize {
        let profile = profile(for: code)
        let scale = chainLeader ? 20.0 : 1.0
        let employees = max(1, Int(random.logNormal(median: profile.employees * scale, sigma: 1.0).rounded()))
        let revenue = Double(employees) * random.logNormal(median: profile.revenuePerEmployee, sigma: 0.6)
        let valueAdded = revenue * min(0.95, random.logNormal(median: profile.valueAddedShare, sigma: 0.2))
        let tax = valueAdded * random.logNormal(median: profile.taxShare, sigma: 0.3)
        let energy = revenue * random.logNormal(median: profile.energyPerRevenue, sigma: 0.5)
        let water = revenue * random.logNormal(median: profile.waterPerRevenue, sigma: 0.5)
        let land = Double(employees) * random.logNormal(median: profile.landPerEmployee, sigma: 0.6)
        return SynthFirmSize(
            employees: employees, revenue: revenue, valueAdded: valueAdded, tax: tax,
            energyTce: energy, waterM3: water, landM2: land)
    }
}
