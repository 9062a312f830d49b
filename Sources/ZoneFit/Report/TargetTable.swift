import Foundation

/// The plan's 2025 targets (GeoData/rules/targets.toml) and how the report
/// tracks them: each target is measured from the enterprise input where the
/// data can measure it, and otherwise says plainly that it needs outside
/// statistics. A baseline (an earlier report's `data/targets.csv`, or the 2020
/// figures written as `id,value`) adds the change.
public struct TargetTable: Sendable {
    public enum Comparison: String, Sendable, Codable {
        /// ≥ target
        case atLeast = "at_least"
        /// > target
        case moreThan = "more_than"
        /// ≤ target
        case atMost = "at_most"
        /// (value − baseline) / baseline ≤ target (a percentage, e.g. −10)
        case changeAtMost = "change_at_most"
        /// (value − baseline) / baseline ≥ target (a percentage, e.g. +25)
        case changeAtLeast = "change_at_least"

        public var symbol: String {
            switch self {
            case .atLeast: return "≥"
            case .moreThan: return ">"
            case .atMost: return "≤"
            case .changeAtMost: return "Δ ≤"
            case .changeAtLeast: return "Δ ≥"
            }
        }
    }

    /// What zonefit computes from the enterprises.
    public enum Measure: String, Sendable, Codable {
        /// Σ revenue of NBS high-tech manufacturing classes ÷ Σ revenue of industry (sections B, C, D), in %.
        case hightechRevenueShare = "hightech_revenue_share"
        /// Σ revenue (亿元) of firms in any green low-carbon chain, each firm once.
        case greenChainRevenue = "green_chain_revenue"
        /// Σ revenue (亿元) of firms in the target's `chain`.
        case chainRevenue = "chain_revenue"
        /// Σ energy (tce) ÷ Σ value added (万元) of industry (B, C, D).
        case industrialEnergyPerValueAdded = "industrial_energy_per_value_added"
        /// Needs statistics the enterprise data do not hold.
        case external
    }

    public struct Target: Sendable, Codable {
        public var id: String
        public var name: String
        public var nameEn: String
        public var section: String
        /// The target value; TOML may write it as an integer or a float.
        public var target: Double { given.value }
        var given: Number
        public var unit: String
        public var unitEn: String
        public var comparison: Comparison
        public var measure: Measure
        public var chain: String?
        /// What the measured value is in (differs from `unit` for change targets: tce/万元 against a −10 % target).
        public var measuredUnit: String?
        public var measuredUnitEn: String?
        public var method: String
        public var methodEn: String
        public var source: String

        enum CodingKeys: String, CodingKey {
            case id, name
            case nameEn = "name_en"
            case section
            case given = "target"
            case unit
            case unitEn = "unit_en"
            case comparison, measure, chain
            case measuredUnit = "measured_unit"
            case measuredUnitEn = "measured_unit_en"
            case method
            case methodEn = "method_en"
            case source
        }
    }

    /// A number written as a TOML integer or float.
    struct Number: Sendable, Codable {
        var value: Double
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
            } else {
                value = Double(try container.decode(Int.self))
            }
        }
        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
    }

    struct File: Codable {
        var id: String
        var name: String
        var nameEn: String?
        var policy: String
        var targets: [Target]
        enum CodingKeys: String, CodingKey {
            case id, name
            case nameEn = "name_en"
            case policy, targets
        }
    }

    public enum Status: String, Sendable {
        case met
        case notMet = "not_met"
        case needsOutsideStatistics = "needs_outside_statistics"
        case needsBaseline = "needs_baseline"
        case noData = "no_data"
    }

    /// One row of the tracking table.
    public struct Row: Sendable {
        public var target: Target
        /// The value measured from the input, in `measuredUnit` (or `unit`); nil when not measurable.
        public var value: Double?
        public var baseline: Double?
        /// (value − baseline) / baseline in %, when both exist.
        public var changePercent: Double?
        public var status: Status
    }

    public let path: String
    public let id: String
    public let name: String
    public let policy: String
    public let targets: [Target]

    public init(contentsOf path: String) throws {
        let file = try TOMLFile.decode(File.self, from: path, what: "the target table")
        self.path = path
        id = file.id
        name = file.name
        policy = file.policy
        targets = file.targets
        var seen = Set<String>()
        for target in targets {
            guard seen.insert(target.id).inserted else {
                throw ZoneFitError(file: path, "target '\(target.id)' is listed twice")
            }
            if target.measure == .chainRevenue && target.chain == nil {
                throw ZoneFitError(file: path, "target \(target.id): measure chain_revenue needs `chain`")
            }
            if [.changeAtMost, .changeAtLeast].contains(target.comparison) && target.measure != .external
                && target.measuredUnit == nil
            {
                throw ZoneFitError(file: path, "target \(target.id): a change target needs `measured_unit`")
            }
        }
    }

    /// The shipped table: `$ZONEFIT_TARGETS`, else GeoData/rules/targets.toml beside the default scheme's GeoData.
    public static func defaultPath() -> String? {
        ZoneScheme.shippedFile(environment: "ZONEFIT_TARGETS", besideScheme: "../rules/targets.toml")
    }

    /// The measured value of a target from the tally; nil for external targets or when the data hold no base
    /// (no firm with a revenue figure: a sum of revenue is then no data, not zero).
    public static func measure(_ target: Target, _ totals: ReportTally.Totals) -> Double? {
        switch target.measure {
        case .external: return nil
        case .hightechRevenueShare:
            return totals.industrialRevenue > 0 ? 100 * totals.hightechRevenue / totals.industrialRevenue : nil
        case .greenChainRevenue: return totals.withRevenue > 0 ? totals.greenRevenue / 10_000 : nil
        case .chainRevenue:
            return totals.withRevenue > 0 ? (totals.chainRevenue[target.chain ?? ""] ?? 0) / 10_000 : nil
        case .industrialEnergyPerValueAdded:
            return totals.industrialValueAdded > 0 ? totals.industrialEnergyTce / totals.industrialValueAdded : nil
        }
    }

    /// The tracking rows: measured values, baseline changes and status.
    public func rows(_ totals: ReportTally.Totals, baseline: [String: Double]) -> [Row] {
        targets.map { target in
            let value = Self.measure(target, totals)
            let base = baseline[target.id]
            let change = value.flatMap { v in base.flatMap { $0 != 0 ? 100 * (v - $0) / $0 : nil } }
            let status: Status
            if target.measure == .external {
                status = .needsOutsideStatistics
            } else if let value {
                switch target.comparison {
                case .atLeast: status = value >= target.target ? .met : .notMet
                case .moreThan: status = value > target.target ? .met : .notMet
                case .atMost: status = value <= target.target ? .met : .notMet
                case .changeAtMost: status = change.map { $0 <= target.target ? .met : .notMet } ?? .needsBaseline
                case .changeAtLeast: status = change.map { $0 >= target.target ? .met : .notMet } ?? .needsBaseline
                }
            } else {
                status = .noData
            }
            return Row(target: target, value: value, baseline: base, changePercent: change, status: status)
        }
    }

    /// Reads a baseline: a CSV with `id` and `value` columns (an earlier report's data/targets.csv
    /// has them), other columns ignored; empty values skipped.
    public static func readBaseline(_ path: String) throws -> [String: Double] {
        var values: [String: Double] = [:]
        for row in try TableReader.rows(path, required: ["id", "value"]) {
            let text = row.value("value").trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let number = Double(text) else {
                throw ZoneFitError(file: path, "row \(row.number), field value: '\(text)' is not a number")
            }
            values[row.value("id")] = number
        }
        return values
    }
}
