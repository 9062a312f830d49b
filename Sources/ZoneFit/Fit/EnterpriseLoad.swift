import GeoKit

/// Adds up the placed enterprises of each unit for the fit's load indicators,
/// on the placements stream: it adds no fields and keeps every row; it only counts.
public final class EnterpriseLoad: PlacementAnalysis {
    public let command = "fit"
    public var profile: (id: String, path: String)? { nil }
    public var fieldNames: FieldNames? { rules.fieldNames }

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
    private(set) var columns = FirmColumns()
    private var unitIDs: [String] = []

    /// The chains the plan counts as green and low-carbon (二, 三(一)–(四)).
    static let greenChains: Set<String> = [
        "pv", "lithium", "nev", "hydrogen", "storage", "recycling", "green_services",
    ]

    public init(rules: NoncoreProfile) throws {
        self.rules = rules
        classifier = try NoncoreClassifier(rules)
    }

    public func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition] {
        columns = FirmColumns(try FieldMapping(fields: inputFields, names: rules.fieldNames))
        unitIDs = layer.units.map(\.id)
        return []
    }

    public func makeSlice() -> any AnalysisSlice { Slice(self) }

    public func merge(_ slice: any AnalysisSlice) {
        guard let slice = slice as? Slice else { return }
        for (index, part) in slice.units.enumerated() where part.firms > 0 {
            units[unitIDs[index], default: Totals()].add(part)
        }
    }

    /// The sums of one slice's rows.
    final class Slice: AnalysisSlice {
        private let load: EnterpriseLoad
        private var codes: CodeMemo?
        /// By unit index; a unit with no firms has none counted.
        private(set) var units: [Totals] = []

        init(_ load: EnterpriseLoad) {
            self.load = load
        }

        func values(for row: InputRow, at place: PlacedRow) throws -> [FieldValue]? {
            let columns = load.columns
            if units.isEmpty { units = Array(repeating: Totals(), count: place.unitCount) }
            let unit = place.unitIndex
            units[unit].firms += 1
            units[unit].energyTce += columns.number(.energy, in: row) ?? 0
            units[unit].waterM3 += columns.number(.water, in: row) ?? 0
            units[unit].valueAdded += columns.number(.valueAdded, in: row) ?? 0
            let classifier = load.classifier
            let memo = codes ?? place.workerState(for: load) { CodeMemo(classifier) }
            codes = memo
            let facts = memo.facts(row, columns.index(.industryCode))
            // Only a code some rule takes can be non-core; the exclusions only ever spare a firm.
            if !facts.rules.isEmpty,
                case .flagged = load.classifier.judge(facts, row, columns)
            {
                units[unit].noncore += 1
            }
            guard let code = facts.parsed else { return [] }
            if facts.green { units[unit].green += 1 }
            if code.section == "C" {
                units[unit].manufacturing += 1
                if facts.hightech { units[unit].hightech += 1 }
                units[unit].industrialLandM2 += columns.number(.land, in: row) ?? 0
                units[unit].industrialRevenue += columns.number(.revenue, in: row) ?? 0
            }
            return []
        }
    }

    /// The register field `metric` is computed from that the register has no column for (nil: it has them
    /// all): the metric is then no data in every unit, not zero.
    public func absentField(_ metric: EnterpriseMetric) -> String? {
        let needs: [FirmField] =
            switch metric {
            case .energyPer10kVA: [.energy, .valueAdded]
            case .waterPer10kVA: [.water, .valueAdded]
            case .industrialLandPerKm2: [.land]
            case .outputPerIndustrialMu: [.revenue, .land]
            case .greenChainShare, .hightechShare, .noncoreShare: [.industryCode]
            }
        return needs.first { columns.index($0) == nil }?.key
    }

    /// A unit's metric; nil where it is undefined (an intensity with no value added, say).
    public func metric(_ metric: EnterpriseMetric, unit: String, areaKm2: Double) -> Double? {
        let totals = units[unit] ?? Totals()
        func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
            denominator > 0 ? numerator / denominator : nil
        }
        switch metric {
        case .energyPer10kVA: return ratio(totals.energyTce, totals.valueAdded)
        case .waterPer10kVA: return ratio(totals.waterM3, totals.valueAdded)
        case .industrialLandPerKm2: return ratio(totals.industrialLandM2, areaKm2)
        case .outputPerIndustrialMu: return ratio(totals.industrialRevenue, totals.industrialLandM2 / 666.67)
        case .greenChainShare: return totals.firms > 0 ? Double(totals.green) / Double(totals.firms) : 0
        case .hightechShare:
            return totals.manufacturing > 0 ? Double(totals.hightech) / Double(totals.manufacturing) : 0
        case .noncoreShare: return totals.firms > 0 ? Double(totals.noncore) / Double(totals.firms) : 0
        }
    }
}
