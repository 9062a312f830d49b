import Foundation
import GeoKit

/// Per central unit: flagged firms by category, land freed (ha and mu),
/// employees and revenue affected. It is accumulated from the very rows
/// written as flagged, so it reconciles with them by construction; the
/// `flaggedRows` count lets a reader check.
public struct RelocationSummary: Sendable {
    public struct UnitTotals: Sendable {
        public var unit: String
        public var name: String
        public var isCore: Bool
        public var byCategory: [String: Int] = [:]
        public var freedLandM2 = 0.0
        public var employees = 0.0
        public var revenue = 0.0
        public var unknownCodes = 0
        public var excluded = 0
        /// Non-core firms whose unit is uncertain and may be this one (a firm counts in each such unit).
        public var possiblyFlagged = 0
        public var flagged: Int { byCategory.values.reduce(0, +) }
    }

    public var units: [String: UnitTotals] = [:]
    public var flaggedRows = 0
    /// Flagged firms with a land figure: none of several means the register holds no land data.
    public var flaggedWithLand = 0
    /// Firms possibly flagged (see `UnitTotals.possiblyFlagged`), each once.
    public var possiblyFlaggedRows = 0
    public var categories: [String] = []

    /// Adds a slice's counts (`categories` stay as they are).
    mutating func add(_ other: RelocationSummary) {
        flaggedRows += other.flaggedRows
        flaggedWithLand += other.flaggedWithLand
        possiblyFlaggedRows += other.possiblyFlaggedRows
        for (id, part) in other.units {
            guard var totals = units[id] else {
                units[id] = part
                continue
            }
            totals.byCategory.merge(part.byCategory, uniquingKeysWith: +)
            totals.freedLandM2 += part.freedLandM2
            totals.employees += part.employees
            totals.revenue += part.revenue
            totals.unknownCodes += part.unknownCodes
            totals.excluded += part.excluded
            totals.possiblyFlagged += part.possiblyFlagged
            units[id] = totals
        }
    }

    /// Units in the order of the scheme.
    public func ordered(_ layer: ZoneLayer) -> [UnitTotals] {
        layer.units.compactMap { units[$0.id] }
    }

    public var totalFlagged: Int { units.values.map(\.flagged).reduce(0, +) }
    /// Whether freed land is a figure: false when firms were flagged and none of them has land data
    /// (a register without a land column frees no data, not 0 ha).
    public var hasLandData: Bool { flaggedRows == 0 || flaggedWithLand > 0 }

    public var reconciles: Bool { totalFlagged == flaggedRows }

    /// What was done with non-core firms whose unit is uncertain, for the console; nil when there were none.
    public var possiblyFlaggedLine: String? {
        guard possiblyFlaggedRows > 0 else { return nil }
        return "possibly flagged \(possiblyFlaggedRows) firms: non-core, placed by their register entry in a district "
            + "whose unit is uncertain (possibly_flagged, never flagged); each counts in every central unit it may lie in"
    }

    static let columns = ["unit", "name", "is_core", "flagged"] as [String]

    /// Writes the summary as CSV (or JSON by extension), atomically.
    public func write(to path: String, layer: ZoneLayer) throws {
        let file = try AtomicOutput(path)
        let rows = ordered(layer)
        // Freed land in hectares and mu; null (an empty cell) when the register has no land figures.
        func land(_ m2: Double, per unit: Double) -> Double? { hasLandData ? m2 / unit : nil }
        if path.lowercased().hasSuffix(".json") {
            var items: [String] = []
            for row in rows {
                let categories = categories.map { "\(JSONText.string($0)):\(row.byCategory[$0] ?? 0)" }.joined(
                    separator: ",")
                items.append(
                    "{\"unit\":\(JSONText.string(row.unit)),\"name\":\(JSONText.string(row.name)),\"is_core\":\(row.isCore),\"flagged\":\(row.flagged),\"by_category\":{\(categories)},\"freed_land_ha\":\(land(row.freedLandM2, per: 10_000).map(JSONText.number) ?? "null"),\"freed_land_mu\":\(land(row.freedLandM2, per: 666.67).map(JSONText.number) ?? "null"),\"employees\":\(JSONText.number(row.employees)),\"revenue_10k_yuan\":\(JSONText.number(row.revenue)),\"unknown_codes\":\(row.unknownCodes),\"excluded\":\(row.excluded),\"possibly_flagged\":\(row.possiblyFlagged)}"
                )
            }
            let text =
                "{\"units\":[\n\(items.joined(separator: ",\n"))\n],\"flagged_rows\":\(flaggedRows),\"possibly_flagged_rows\":\(possiblyFlaggedRows)}\n"
            try text.write(toFile: file.temporaryPath, atomically: false, encoding: .utf8)
        } else {
            let fields =
                [
                    FieldDefinition("unit", .string), FieldDefinition("name", .string),
                    FieldDefinition("is_core", .boolean),
                    FieldDefinition("flagged", .integer),
                ]
                + categories.map { FieldDefinition($0, .integer) }
                + [
                    FieldDefinition("freed_land_ha", .real), FieldDefinition("freed_land_mu", .real),
                    FieldDefinition("employees", .real), FieldDefinition("revenue_10k_yuan", .real),
                    FieldDefinition("unknown_codes", .integer), FieldDefinition("excluded", .integer),
                    FieldDefinition("possibly_flagged", .integer),
                ]
            let sink = try VectorSink(
                path: file.temporaryPath, driver: "CSV", layerName: "summary", fields: fields,
                geometry: .none, layerOptions: OutputFormat.csvLayerOptions)
            for row in rows {
                try sink.write(
                    [.string(row.unit), .string(row.name), .boolean(row.isCore), .integer(Int64(row.flagged))]
                        + categories.map { .integer(Int64(row.byCategory[$0] ?? 0)) }
                        + [
                            land(row.freedLandM2, per: 10_000).map(FieldValue.real) ?? .null,
                            land(row.freedLandM2, per: 666.67).map(FieldValue.real) ?? .null, .real(row.employees),
                            .real(row.revenue), .integer(Int64(row.unknownCodes)), .integer(Int64(row.excluded)),
                            .integer(Int64(row.possiblyFlagged)),
                        ],
                    geometry: .none)
            }
            try sink.close()
        }
        try file.publish()
    }
}
