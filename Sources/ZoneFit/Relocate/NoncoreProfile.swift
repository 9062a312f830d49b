import Foundation

/// The rule profile of `zonefit relocate` (GeoData/rules/noncore.toml; the
/// format is documented in GeoData/rules/README.md).
public struct NoncoreProfile: Sendable {
    public struct Category: Sendable, Codable {
        public var name: String
        public var nameEn: String
        public var reasonZh: String
        public var reasonEn: String
        enum CodingKeys: String, CodingKey {
            case name
            case nameEn = "name_en"
            case reasonZh = "reason_zh"
            case reasonEn = "reason_en"
        }
    }

    public struct Rule: Sendable, Codable {
        public var id: String
        public var category: String
        public var include: [String]
        public var exclude: [String]?
        public var excludeHightech: Bool?
        public var keywords: [String]?
        public var note: String?
        enum CodingKeys: String, CodingKey {
            case id, category, include, exclude
            case excludeHightech = "exclude_hightech"
            case keywords, note
        }
    }

    public struct Exclusions: Sendable, Codable {
        public var chainLeaders: Bool
        public var kept: Bool
        enum CodingKeys: String, CodingKey {
            case chainLeaders = "chain_leaders"
            case kept
        }
    }

    public struct Factor: Sendable, Codable {
        public var id: String
        public var metric: PriorityMetric
        public var worseWhen: String
        public var good: Double
        public var bad: Double
        public var weight: Double
        public var source: String?
        enum CodingKeys: String, CodingKey {
            case id, metric
            case worseWhen = "worse_when"
            case good, bad, weight, source
        }
    }

    struct File: Codable {
        var id: String
        var name: String
        var nameEn: String?
        var policy: String?
        var divisionsTable: String
        var hightechTable: String
        var chainsTable: String
        var fields: [String: [String]]
        var categories: [String: Category]
        var rules: [Rule]
        var exclusions: Exclusions?
        var priority: [Factor]
        enum CodingKeys: String, CodingKey {
            case id, name
            case nameEn = "name_en"
            case policy
            case divisionsTable = "divisions_table"
            case hightechTable = "hightech_table"
            case chainsTable = "chains_table"
            case fields, categories, rules
            case exclusions, priority
        }
    }

    public let path: String
    public let id: String
    public let name: String
    /// The headers of each register field: the built-in table, then the profile's `[fields]`; a run may
    /// override them further (`--columns`, `--map`).
    public var fieldNames: FieldNames
    public let categories: [String: Category]
    public let rules: [Rule]
    public let exclusions: Exclusions
    public let priority: [Factor]
    public private(set) var classification: IndustryClassification

    public init(contentsOf path: String) throws {
        let file = try TOMLFile.decode(File.self, from: path, what: "the rule profile")
        let resolve = TOMLFile.resolver(relativeTo: path)
        self.path = path
        self.id = file.id
        self.name = file.name
        self.fieldNames = try FieldNames.builtIn.overridden(by: file.fields, origin: path)
        self.categories = file.categories
        self.rules = file.rules
        self.exclusions = file.exclusions ?? Exclusions(chainLeaders: true, kept: true)
        self.priority = file.priority
        self.classification = try IndustryClassification(
            divisionsTable: resolve(file.divisionsTable), hightechTable: resolve(file.hightechTable),
            chainsTable: resolve(file.chainsTable))
        try check()
    }

    /// The profile with another chain table (the clusters' `--chains`); every rule stays as it is.
    public func replacingChains(_ chains: ChainTable) -> NoncoreProfile {
        var copy = self
        copy.classification = IndustryClassification(
            divisions: classification.divisions, hightechClasses: classification.hightechClasses, chains: chains)
        return copy
    }

    private func check() throws {
        for rule in rules where categories[rule.category] == nil {
            throw ZoneFitError(
                file: path, "rule \(rule.id): category '\(rule.category)' is not defined under [categories]")
        }
        for factor in priority {
            guard factor.good != factor.bad, factor.weight >= 0 else {
                throw ZoneFitError(file: path, "priority \(factor.id): good and bad must differ and weight must be ≥ 0")
            }
            let consistent = factor.worseWhen == "low" ? factor.bad < factor.good : factor.bad > factor.good
            guard ["low", "high"].contains(factor.worseWhen), consistent else {
                throw ZoneFitError(
                    file: path,
                    "priority \(factor.id): worse_when '\(factor.worseWhen)' needs bad \(factor.worseWhen == "low" ? "<" : ">") good"
                )
            }
        }
    }

    /// The profile shipped with zonefit: `$ZONEFIT_RULES`, else GeoData/rules/noncore.toml
    /// beside the default scheme's GeoData folder.
    public static func defaultPath() -> String? {
        ZoneScheme.shippedFile(environment: "ZONEFIT_RULES", besideScheme: "../rules/noncore.toml")
    }
}

/// The measures priority factors read, from a firm's record and its unit.
public enum PriorityMetric: String, Sendable, Codable {
    /// Revenue (万元) per mu (666.67 m²) of land.
    case outputPerMu = "output_per_mu"
    /// Tax (万元) per mu of land.
    case taxPerMu = "tax_per_mu"
    /// Energy (tce) per 万元 of revenue.
    case energyPer10kYuan = "energy_per_10k_yuan"
    /// Water (m³) per 万元 of revenue.
    case waterPer10kYuan = "water_per_10k_yuan"
    /// Land in hectares.
    case landHa = "land_ha"
    /// 1 in the five core districts, else 0.
    case core
}
