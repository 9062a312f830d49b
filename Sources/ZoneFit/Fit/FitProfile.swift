import Foundation

/// The fit indicator system and method settings (GeoData/chengdu/fit-profile.toml,
/// documented in GeoData/README.md).
public struct FitProfile: Sendable {
    public enum Subsystem: String, Sendable, Codable { case capacity, load }
    public enum Kind: String, Sendable, Codable {
        case column
        case perArea = "per_area"
        case layerShare = "layer_share"
        case enterprise
    }
    public enum Normalisation: String, Sendable, Codable, CaseIterable { case minmax, zscore }
    public enum Weighting: String, Sendable, Codable, CaseIterable { case entropy, ahp, fixed }
    public enum Composite: String, Sendable, Codable, CaseIterable {
        case weightedSum = "weighted_sum"
        case topsis
    }
    public enum MissingPolicy: String, Sendable, Codable { case drop, median, fail }

    public struct Indicator: Sendable, Codable {
        public var id: String
        public var name: String
        public var nameEn: String
        public var unit: String
        public var subsystem: Subsystem
        public var direction: FitMethods.Direction
        public var kind: Kind
        public var column: String?
        public var layer: String?
        public var layerFilter: String?
        public var metric: EnterpriseMetric?
        public var fixedWeight: Double?
        public var source: String

        enum CodingKeys: String, CodingKey {
            case id, name
            case nameEn = "name_en"
            case unit, subsystem, direction, kind, column, layer
            case layerFilter = "layer_filter"
            case metric
            case fixedWeight = "fixed_weight"
            case source
        }
    }

    /// AHP matrix entries: numbers or "a/b" strings.
    struct AHP: Codable {
        var matrix: [[Entry]]
        enum Entry: Codable {
            case number(Double)
            case text(String)
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Double.self) {
                    self = .number(number)
                } else if let whole = try? container.decode(Int.self) {
                    self = .number(Double(whole))
                } else {
                    self = .text(try container.decode(String.self))
                }
            }
            func encode(to encoder: Encoder) throws {}
            func value() -> Double? {
                switch self {
                case .number(let number): return number
                case .text(let text):
                    let parts = text.split(separator: "/").map { Double($0.trimmingCharacters(in: .whitespaces)) }
                    if parts.count == 1 { return parts[0] }
                    guard parts.count == 2, let a = parts[0], let b = parts[1], b != 0 else { return nil }
                    return a / b
                }
            }
        }
    }

    struct File: Codable {
        var id: String
        var name: String
        var nameEn: String?
        var policy: String?
        var indicatorsTable: String?
        var normalisation: Normalisation?
        var weighting: Weighting?
        var composite: Composite?
        var alpha: Double?
        var beta: Double?
        var missing: MissingPolicy?
        var runs: Int?
        var perturbation: Double?
        var seed: UInt64?
        var bands: [FitBand]?
        var indicators: [Indicator]
        var ahp: AHP?
        enum CodingKeys: String, CodingKey {
            case id, name
            case nameEn = "name_en"
            case policy
            case indicatorsTable = "indicators_table"
            case normalisation, weighting
            case composite, alpha, beta, missing, runs, perturbation, seed, bands, indicators, ahp
        }
    }

    public let path: String
    public let id: String
    public let name: String
    public let indicatorsTable: String?
    public var normalisation: Normalisation
    public var weighting: Weighting
    public var composite: Composite
    public var alpha: Double
    public var beta: Double
    public var missing: MissingPolicy
    public var runs: Int
    public var perturbation: Double
    public var seed: UInt64
    public let bands: [FitBand]
    public var indicators: [Indicator]
    /// The AHP matrix in indicator order, when the profile has one.
    public let ahpMatrix: [[Double]]?
    /// Resolves a path written in the profile (relative to the profile).
    public let resolve: @Sendable (String) -> String

    public init(contentsOf path: String) throws {
        let file = try TOMLFile.decode(File.self, from: path, what: "the fit profile")
        let resolve = TOMLFile.resolver(relativeTo: path)
        self.path = path
        self.resolve = resolve
        id = file.id
        name = file.name
        indicatorsTable = file.indicatorsTable.map(resolve)
        normalisation = file.normalisation ?? .minmax
        weighting = file.weighting ?? .entropy
        composite = file.composite ?? .weightedSum
        alpha = file.alpha ?? 0.5
        beta = file.beta ?? 0.5
        missing = file.missing ?? .median
        runs = file.runs ?? 1000
        perturbation = file.perturbation ?? 0.2
        seed = file.seed ?? 1
        bands = file.bands ?? FitBand.defaults
        indicators = file.indicators
        ahpMatrix = try file.ahp.map { ahp in
            try ahp.matrix.enumerated().map { i, row in
                try row.enumerated().map { j, entry in
                    guard let value = entry.value(), value > 0 else {
                        throw ZoneFitError(
                            file: path, "[ahp] matrix row \(i + 1), column \(j + 1): expected a positive number or a/b")
                    }
                    return value
                }
            }
        }
        try check()
    }

    private func check() throws {
        var seen = Set<String>()
        for indicator in indicators {
            guard seen.insert(indicator.id).inserted else {
                throw ZoneFitError(file: path, "indicator '\(indicator.id)' is listed twice")
            }
            switch indicator.kind {
            case .column, .perArea:
                if indicator.column == nil {
                    throw ZoneFitError(
                        file: path, "indicator \(indicator.id): kind \(indicator.kind.rawValue) needs `column`")
                }
                if indicatorsTable == nil {
                    throw ZoneFitError(
                        file: path, "indicator \(indicator.id) reads a column but indicators_table is not set")
                }
            case .layerShare:
                if indicator.layer == nil {
                    throw ZoneFitError(file: path, "indicator \(indicator.id): kind layer_share needs `layer`")
                }
            case .enterprise:
                if indicator.metric == nil {
                    throw ZoneFitError(file: path, "indicator \(indicator.id): kind enterprise needs `metric`")
                }
            }
        }
        for subsystem in [Subsystem.capacity, .load] where !indicators.contains(where: { $0.subsystem == subsystem }) {
            throw ZoneFitError(file: path, "no \(subsystem.rawValue) indicator: both subsystems need at least one")
        }
        guard alpha >= 0, beta >= 0, abs(alpha + beta - 1) < 1e-9 else {
            throw ZoneFitError(file: path, "alpha \(alpha) and beta \(beta) must be ≥ 0 and sum to 1")
        }
        guard runs >= 0, perturbation >= 0, perturbation < 1 else {
            throw ZoneFitError(file: path, "runs must be ≥ 0 and perturbation in [0, 1)")
        }
        if let ahpMatrix {
            guard ahpMatrix.count == indicators.count, ahpMatrix.allSatisfy({ $0.count == indicators.count }) else {
                throw ZoneFitError(
                    file: path,
                    "[ahp] matrix must be \(indicators.count) × \(indicators.count), one row and column per indicator")
            }
        }
    }

    /// True when some indicator is aggregated from enterprises.
    public var needsEnterprises: Bool { indicators.contains { $0.kind == .enterprise } }

    /// The profile shipped with zonefit: `$ZONEFIT_FIT_PROFILE`, else fit-profile.toml beside the default scheme.
    public static func defaultPath() -> String? {
        ZoneScheme.shippedFile(environment: "ZONEFIT_FIT_PROFILE", besideScheme: "fit-profile.toml")
    }
}

/// Load indicators aggregated from the overlaid enterprises of a unit.
public enum EnterpriseMetric: String, Sendable, Codable {
    /// Σ energy (tce) / Σ value added (万元).
    case energyPer10kVA = "energy_per_10k_va"
    /// Σ water (m³) / Σ value added (万元).
    case waterPer10kVA = "water_per_10k_va"
    /// Σ land of section-C firms (m²) per km² of the unit.
    case industrialLandPerKm2 = "industrial_land_per_km2"
    /// Σ revenue of section-C firms (万元) per mu of their land.
    case outputPerIndustrialMu = "output_per_industrial_mu"
    /// Share of firms in the green low-carbon chains.
    case greenChainShare = "green_chain_share"
    /// Share of manufacturing firms in NBS high-tech classes.
    case hightechShare = "hightech_share"
    /// Share of firms the relocation rules would flag (judged in every unit).
    case noncoreShare = "noncore_share"
}

extension FitProfile {
    /// Weights every indicator by hand: those named get their weight, the rest 0.
    public mutating func useFixedWeights(_ weights: [String: Double]) throws {
        for (id, weight) in weights {
            guard indicators.contains(where: { $0.id == id }) else {
                throw ZoneFitError(file: path, "has no indicator '\(id)' to weight", setting: .weights)
            }
            guard weight >= 0, weight.isFinite else {
                throw ZoneFitError("weight \(weight) of indicator \(id) is not a number ≥ 0", setting: .weights)
            }
        }
        weighting = .fixed
        for index in indicators.indices { indicators[index].fixedWeight = weights[indicators[index].id] ?? 0 }
    }
}
