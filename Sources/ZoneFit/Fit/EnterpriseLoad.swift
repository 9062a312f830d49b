import GeoKit

/// Adds up the overlaid enterprises of each unit for the fit's load
/// indicators. Runs as an overlay extension: it adds no fields and keeps
/// every row; it only counts.
public final class EnterpriseLoad: OverlayExtension {
    public let command = "fit"
    public var profile: (id: String, path: String)? { nil }

    /// Sums for one unit.
    public struct Totals: Sendable {
        public var firms = 0
        public var energyTce = 0.0, waterM3 = 0.0, valueAdded = 0.0
        public var manufacturing = 0, hightech = 0, green = 0, noncore = 0
        public var industrialLandM2 = 0.0, industrialRevenue = 0.0
    }

    public private(set) var units: [String: Totals] = [:]
    private let noncore: NoncoreProfile
    private let classifier: NoncoreClassifier
    private var columns = FirmColumns(fields: [], names: [:])

    /// The chains the plan counts as green and low-carbon (二, 三(一)–(四)).
    static let greenChains: Set<String> = ["pv", "lithium", "nev", "hydrogen", "storage", "recycling", "green_services"]

    public init(rules: NoncoreProfile) throws {
        noncore = rules
        classifier = try NoncoreClassifier(rules)
    }

    public func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition] {
        columns = FirmColumns(fields: inputFields, names: noncore.fields)
        return []
    }

    public func values(for feature: SourceFeature, cell: ZoneCell, unit: ZoneUnit, lon: Double?, lat: Double?) throws -> [FieldValue]? {
        var totals = units[unit.id] ?? Totals()
        defer { units[unit.id] = totals }
        totals.firms += 1
        totals.energyTce += columns.number("energy", in: feature) ?? 0
        totals.waterM3 += columns.number("water", in: feature) ?? 0
        totals.valueAdded += columns.number("value_added", in: feature) ?? 0
        let (verdict, code) = classifier.judge(
            code: columns.text("industry_code", in: feature), name: columns.text("name", in: feature),
            chainLeader: columns.flag("chain_leader", in: feature), kept: columns.flag("keep", in: feature))
        if case .flagged = verdict { totals.noncore += 1 }
        guard let code else { return [] }
        if !Self.greenChains.isDisjoint(with: noncore.classification.chains(of: code)) { totals.green += 1 }
        if code.section == "C" {
            totals.manufacturing += 1
            if noncore.classification.isHightech(code) { totals.hightech += 1 }
            totals.industrialLandM2 += columns.number("land", in: feature) ?? 0
            totals.industrialRevenue += columns.number("revenue", in: feature) ?? 0
        }
        return []
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
