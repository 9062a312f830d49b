import Foundation
import GeoKit

/// Relocate's overlay extension with a tally beside it: it passes every row to
/// `RelocateExtension` unchanged (so the relocate output is exactly what
/// `zonefit relocate` writes) and keeps what the report needs from the same
/// rows — the flagged firms per central unit, the most pressing of them, the
/// receiving parks they were pointed to, and city-wide sums for the targets.
public final class ReportTally: OverlayExtension {
    public var command: String { relocation.command }
    public var profile: (id: String, path: String)? { relocation.profile }
    public let relocation: RelocateExtension

    /// A flagged firm, for the relocation map and the top-firms tables.
    public struct FlaggedFirm: Sendable {
        public var row: Int
        public var id: String
        public var name: String
        public var unit: String
        public var category: String
        public var priority: Double
        public var freedLandM2: Double?
        public var reasonZh: String
        public var reasonEn: String
        public var receiver: String?
        public var receiverName: String?
        public var receiverKm: Double?
    }

    /// Sums over every placed firm (city-wide), for the target table.
    public struct Totals: Sendable {
        public var firms = 0
        /// Σ revenue (万元) of firms in each chain; a firm in several chains counts in each.
        public var chainRevenue: [String: Double] = [:]
        /// Σ revenue of firms in any green low-carbon chain, each firm once.
        public var greenRevenue = 0.0
        /// Industry (sections B, C, D: 工业) and its NBS high-tech manufacturing part.
        public var industrialFirms = 0
        public var industrialRevenue = 0.0
        public var hightechRevenue = 0.0
        public var industrialEnergyTce = 0.0
        public var industrialValueAdded = 0.0
        /// Firms with a revenue figure; firms with a readable industry code.
        public var withRevenue = 0
        public var withCode = 0
        /// Values of the input's `provenance` column ("synthetic", "illustrative" …) and their counts.
        public var provenanceLabels: [String: Int] = [:]
    }

    public private(set) var totals = Totals()
    /// Placed firms per unit id.
    public private(set) var firmsByUnit: [String: Int] = [:]
    /// The `keepTop` highest-priority flagged firms per central unit (ties: input order).
    public private(set) var topFlagged: [String: [FlaggedFirm]] = [:]
    /// Flagged firms per (central unit, first receiving park).
    public private(set) var receivers: [String: [String: Int]] = [:]
    /// Flagged firms pointed (as first choice) at a park, by the park's id.
    public private(set) var receivedByPark: [String: Int] = [:]
    public private(set) var parkNames: [String: String] = [:]
    /// Flagged firm positions (projected metres) and categories, for the map.
    public private(set) var flaggedPoints: [(x: Float, y: Float, category: String)] = []

    private let rules: NoncoreProfile
    private let keepTop: Int
    private var columns = FirmColumns(fields: [], names: [:])
    private var idIndex: Int?
    private var provenanceIndex: Int?
    private var fieldIndex: [String: Int] = [:]
    private let project: CoordinateTransform

    public init(relocation: RelocateExtension, rules: NoncoreProfile, areaCRS: String, keepTop: Int) throws {
        self.relocation = relocation
        self.rules = rules
        self.keepTop = keepTop
        project = try CoordinateTransform(from: SpatialReference.wgs84(), to: SpatialReference(areaCRS))
    }

    public func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition] {
        let added = try relocation.prepare(inputFields: inputFields, layer: layer)
        columns = FirmColumns(fields: inputFields, names: rules.fields)
        let lowered = inputFields.map { $0.name.lowercased() }
        idIndex = lowered.firstIndex(of: "id") ?? lowered.firstIndex(of: "编号") ?? columns.indexes["uscc"]
        provenanceIndex = lowered.firstIndex(of: "provenance")
        fieldIndex = Dictionary(added.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        return added
    }

    public func values(for feature: SourceFeature, cell: ZoneCell, unit: ZoneUnit, lon: Double?, lat: Double?) throws -> [FieldValue]? {
        let values = try relocation.values(for: feature, cell: cell, unit: unit, lon: lon, lat: lat)
        firmsByUnit[unit.id, default: 0] += 1
        count(feature)
        if let values, case .boolean(true) = value("flagged", values) {
            record(feature, unit: unit, values: values, lon: lon, lat: lat)
        }
        return values
    }

    private func value(_ field: String, _ values: [FieldValue]) -> FieldValue {
        fieldIndex[field].map { values[$0] } ?? .null
    }

    private func count(_ feature: SourceFeature) {
        totals.firms += 1
        if let index = provenanceIndex, let label = feature.values[index].text, !label.isEmpty {
            totals.provenanceLabels[label, default: 0] += 1
        }
        let revenue = columns.number("revenue", in: feature)
        if revenue != nil { totals.withRevenue += 1 }
        guard let text = columns.text("industry_code", in: feature), let code = try? rules.classification.parse(text) else { return }
        totals.withCode += 1
        let chains = rules.classification.chains(of: code)
        for chain in chains { totals.chainRevenue[chain, default: 0] += revenue ?? 0 }
        if !EnterpriseLoad.greenChains.isDisjoint(with: chains) { totals.greenRevenue += revenue ?? 0 }
        if ["B", "C", "D"].contains(code.section) {
            totals.industrialFirms += 1
            totals.industrialRevenue += revenue ?? 0
            if rules.classification.isHightech(code) { totals.hightechRevenue += revenue ?? 0 }
            totals.industrialEnergyTce += columns.number("energy", in: feature) ?? 0
            totals.industrialValueAdded += columns.number("value_added", in: feature) ?? 0
        }
    }

    private func record(_ feature: SourceFeature, unit: ZoneUnit, values: [FieldValue], lon: Double?, lat: Double?) {
        func real(_ field: String) -> Double? {
            switch value(field, values) {
            case .real(let number): return number
            case .integer(let number): return Double(number)
            default: return nil
            }
        }
        let category = value("noncore_category", values).text ?? ""
        let firm = FlaggedFirm(
            row: feature.number, id: idIndex.flatMap { feature.values[$0].text } ?? String(feature.number),
            name: columns.text("name", in: feature) ?? "", unit: unit.id, category: category,
            priority: real("priority") ?? 0, freedLandM2: real("freed_land_m2"),
            reasonZh: value("reason_zh", values).text ?? "", reasonEn: value("reason_en", values).text ?? "",
            receiver: value("receiver_1", values).text, receiverName: value("receiver_1_name", values).text,
            receiverKm: real("receiver_1_km"))
        var top = topFlagged[unit.id] ?? []
        if top.count < keepTop || firm.priority > top.last!.priority {
            let position = top.firstIndex { $0.priority < firm.priority } ?? top.endIndex
            top.insert(firm, at: position)
            if top.count > keepTop { top.removeLast() }
            topFlagged[unit.id] = top
        }
        if let park = firm.receiver {
            receivers[unit.id, default: [:]][park, default: 0] += 1
            receivedByPark[park, default: 0] += 1
            if let name = firm.receiverName { parkNames[park] = name }
        }
        if let lon, let lat, let xy = project.transform(x: lon, y: lat) {
            flaggedPoints.append((Float(xy.x), Float(xy.y), category))
        }
    }
}
