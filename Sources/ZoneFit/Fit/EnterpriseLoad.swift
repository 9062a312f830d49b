import GeoKit

/// Adds up the placed enterprises of each unit for the fit's load indicators,
/// on the placements stream: it adds no fields and keeps every row; it only counts.
public final class EnterpriseLoad: PlacementAnalysis {
    public let command = "fit"
    public var profile: (id: String, path: String)? { nil }

    /// Sums for one unit.
    public struct Totals: Sendable {
        public var firms = 0
        public var energyTce = 0.0, waterM3 = 0.0, valueAdded = 0.0
        public var manufacturing = 0, hightech = 0, green = 0, noncore = 0
        public var industrialLandM2 = 0.0, industrialRevenue = 0.0

        mutating func add(_ other: Totals) {
            firms += other.firms
            energyTce += other.energyTce
            waterM3 += other.waterM3
            valueAdded += other.valueAdded
            manufacturing += other.manufacturing
            hightech += other.hightech
            green += other.green
            noncore += other.noncore
            industrialLandM2 += other.industrialLandM2
            industrialRevenue += other.industrialRevenue
        }
    }

    public private(set) var units: [String: Totals] = [:]
    let rules: NoncoreProfile
    let classifier: NoncoreClassifier
    private(set) var columns = FirmColumns(fields: [], names: [:])

    /// The chains the plan counts as green and low-carbon (二, 三(一)–(四)).
    static let greenChains: Set<String> = ["pv", "lithium", "nev", "hydrogen", "storage", "recycling", "green_services"]

    public init(rules: NoncoreProfile) throws {
        self.rules = rules
        classifier = try NoncoreClassifier(rules)
    }

    public func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition] {
        columns = FirmColumns(fields: inputFields, names: rules.fields)
        return []
    }

    public func makeSlice() -> any AnalysisSlice { Slice(self) }

    public func merge(_ slice: any AnalysisSlice) {
        guard let slice = slice as? Slice else { return }
        for (unit, part) in slice.units { units[unit, default: Totals()].add(part) }
    }

    /// The sums of one slice's rows.
    final class Slice: AnalysisSlice {
        private let load: EnterpriseLoad
        private(set) var units: [String: Totals] = [:]

        init(_ load: EnterpriseLoad) { self.load = load }

        func values(for row: some InputRow, at place: PlacedRow) throws -> [FieldValue]? {
            let columns = load.columns, classification = load.rules.classification
            let unit = place.unit.id
            var totals = units[unit] ?? Totals()
            defer { units[unit] = totals }
            totals.firms += 1
            totals.energyTce += columns.number("energy", in: row) ?? 0
            totals.waterM3 += columns.number("water", in: row) ?? 0
            totals.valueAdded += columns.number("value_added", in: row) ?? 0
            let (verdict, code) = load.classifier.judge(
                code: columns.text("industry_code", in: row), name: columns.text("name", in: row),
                chainLeader: columns.flag("chain_leader", in: row), kept: columns.flag("keep", in: row))
            if case .flagged = verdict { totals.noncore += 1 }
            guard let code else { return [] }
            if !EnterpriseLoad.greenChains.isDisjoint(with: classification.chains(of: code)) { totals.green += 1 }
            if code.section == "C" {
                totals.manufacturing += 1
                if classification.isHightech(code) { totals.hightech += 1 }
                totals.industrialLandM2 += columns.number("land", in: row) ?? 0
                totals.industrialRevenue += columns.number("revenue", in: row) ?? 0
            }
            return []
        }
    }

    /// A unit's metric; nil where it is undefined (an intensity with no value added, say).
    public func metric(_ metric: EnterpriseMetric, unit: String, areaKm2: Double) -> Double? {
        let totals = units[unit] ?? Totals()
        func ratio(_ numerator: Double, _ denominator: Double) -> Double? { denominator > 0 ? numerator / denominator : nil }
        switch metric {
        case .energyPer10kVA: return ratio(totals.energyTce, totals.valueAdded)
        case .waterPer10kVA: return ratio(totals.waterM3, totals.valueAdded)
        case .industrialLandPerKm2: return ratio(totals.industrialLandM2, areaKm2)
        case .outputPerIndustrialMu: return ratio(totals.industrialRevenue, totals.industrialLandM2 / 666.67)
        case .greenChainShare: return totals.firms > 0 ? Double(totals.green) / Double(totals.firms) : 0
        case .hightechShare: return totals.manufacturing > 0 ? Double(totals.hightech) / Double(totals.manufacturing) : 0
        case .noncoreShare: return totals.firms > 0 ? Double(totals.noncore) / Double(totals.firms) : 0
        }
    }
}
