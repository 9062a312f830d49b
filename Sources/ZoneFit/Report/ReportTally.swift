import Foundation
import GeoKit

/// Relocate on the placements stream with the report's tally beside it: every
/// row goes through `Relocation` unchanged (so the relocate output is exactly
/// what `zonefit relocate` writes), and the tally keeps what the report needs
/// from the same rows — the flagged firms per central unit, the most pressing
/// of them, the receiving parks they were pointed to, and city-wide sums for
/// the targets.
public final class ReportTally: PlacementAnalysis {
    public var command: String { relocation.command }
    public var profile: (id: String, path: String)? { relocation.profile }
    public var codeColumns: [String] { relocation.codeColumns }
    public var fieldNames: FieldNames? { rules.fieldNames }
    public let relocation: Relocation

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
        /// Energy and value added of the industrial firms that report both.
        public var industrialEnergyTce = 0.0
        public var industrialValueAdded = 0.0
        /// Firms with a revenue figure; firms with a readable industry code.
        public var withRevenue = 0
        public var withCode = 0
        /// Values of the input's `provenance` column ("synthetic", "illustrative" …) and their counts.
        public var provenanceLabels: [String: Int] = [:]

        mutating func add(_ other: Totals) {
            firms += other.firms
            chainRevenue.merge(other.chainRevenue, uniquingKeysWith: +)
            greenRevenue += other.greenRevenue
            industrialFirms += other.industrialFirms
            industrialRevenue += other.industrialRevenue
            hightechRevenue += other.hightechRevenue
            industrialEnergyTce += other.industrialEnergyTce
            industrialValueAdded += other.industrialValueAdded
            withRevenue += other.withRevenue
            withCode += other.withCode
            provenanceLabels.merge(other.provenanceLabels, uniquingKeysWith: +)
        }
    }

    public private(set) var totals = Totals()
    /// Placed firms per unit id.
    public private(set) var firmsByUnit: [String: Int] = [:]
    /// Firms placed by their register entry whose unit is uncertain, per unit id they may lie in
    /// (a firm counts in each candidate); in the city-wide sums, never in one unit's.
    public private(set) var uncertainByUnit: [String: Int] = [:]
    /// The `keepTop` highest-priority flagged firms per central unit (ties: input order).
    public private(set) var topFlagged: [String: [FlaggedFirm]] = [:]
    /// Flagged firms per (central unit, first receiving park).
    public private(set) var receivers: [String: [String: Int]] = [:]
    /// Flagged firms pointed (as first choice) at a park, by the park's id.
    public private(set) var receivedByPark: [String: Int] = [:]
    public private(set) var parkNames: [String: String] = [:]
    /// Flagged firm positions (projected metres) and categories for the map: all of them
    /// up to `PointSample.limit`, beyond that an even sample, so memory does not grow with the register.
    public var flaggedPoints: [(x: Float, y: Float, category: String)] {
        flaggedSample.points.map { ($0.x, $0.y, $0.category) }
    }
    /// The flagged firms (projected metres) and every firm placed in one unit (WGS84 degrees: projected
    /// only for the points the map keeps), for the interactive map's point layers.
    private(set) var flaggedSample = PointSample(binSize: 1000)
    private(set) var firmSample = PointSample(binSize: 0.01)

    let rules: NoncoreProfile
    let keepTop: Int
    private(set) var columns = FirmColumns()
    private(set) var idIndex: Int?
    private(set) var provenanceIndex: Int?
    private var unitIDs: [String] = []

    public init(relocation: Relocation, rules: NoncoreProfile, keepTop: Int) {
        self.relocation = relocation
        self.rules = rules
        self.keepTop = keepTop
    }

    public func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition] {
        let added = try relocation.prepare(inputFields: inputFields, layer: layer)
        unitIDs = layer.units.map(\.id)
        columns = FirmColumns(try FieldMapping(fields: inputFields, names: rules.fieldNames))
        let lowered = inputFields.map { $0.name.lowercased() }
        idIndex = lowered.firstIndex(of: "id") ?? lowered.firstIndex(of: "编号") ?? columns.index(.uscc)
        provenanceIndex = lowered.firstIndex(of: "provenance")
        return added
    }

    public func makeSlice() -> any AnalysisSlice { Slice(self) }

    public func merge(_ slice: any AnalysisSlice) {
        guard let slice = slice as? Slice else { return }
        relocation.merge(slice.relocation)
        totals.add(slice.totals)
        for (index, firms) in slice.firmsByUnit.enumerated() where firms > 0 {
            firmsByUnit[unitIDs[index], default: 0] += firms
        }
        for (index, firms) in slice.uncertainByUnit.enumerated() where firms > 0 {
            uncertainByUnit[unitIDs[index], default: 0] += firms
        }
        for (unit, firms) in slice.topFlagged {
            for firm in firms { Self.keep(firm, in: &topFlagged[unit, default: []], top: keepTop) }
        }
        for (unit, parks) in slice.receivers { receivers[unit, default: [:]].merge(parks, uniquingKeysWith: +) }
        receivedByPark.merge(slice.receivedByPark, uniquingKeysWith: +)
        parkNames.merge(slice.parkNames) { _, new in new }
        flaggedSample.add(slice.flaggedSample)
        firmSample.add(slice.firmSample)
    }

    /// Whether a firm of `priority` would enter `list` (it beats the last, or the list has room).
    static func wouldKeep(_ priority: Double, in list: [FlaggedFirm], top: Int) -> Bool {
        guard let last = list.last else { return top > 0 }
        return list.count < top || priority > last.priority
    }

    /// Inserts `firm` among the `top` highest priorities; an equal priority goes after those kept before it.
    static func keep(_ firm: FlaggedFirm, in list: inout [FlaggedFirm], top: Int) {
        guard wouldKeep(firm.priority, in: list, top: top) else { return }
        list.insert(firm, at: list.firstIndex { $0.priority < firm.priority } ?? list.endIndex)
        if list.count > top { list.removeLast() }
    }

    /// The tally of one slice's rows, beside relocate's own slice.
    final class Slice: AnalysisSlice {
        private let tally: ReportTally
        let relocation: RelocationSlice
        private(set) var totals = Totals()
        /// Placed firms by unit index.
        private(set) var firmsByUnit: [Int] = []
        private(set) var uncertainByUnit: [Int] = []
        private(set) var topFlagged: [String: [FlaggedFirm]] = [:]
        private(set) var receivers: [String: [String: Int]] = [:]
        private(set) var receivedByPark: [String: Int] = [:]
        private(set) var parkNames: [String: String] = [:]
        private(set) var flaggedSample = PointSample(binSize: 1000)
        private(set) var firmSample = PointSample(binSize: 0.01)

        init(_ tally: ReportTally) {
            self.tally = tally
            relocation = RelocationSlice(tally.relocation)
        }

        func values(for row: InputRow, at place: PlacedRow) throws -> [FieldValue]? {
            let facts = relocation.facts(row, at: place)
            let judged = relocation.judge(row, facts, at: place)
            if firmsByUnit.isEmpty { firmsByUnit = Array(repeating: 0, count: place.unitCount) }
            firmsByUnit[place.unitIndex] += 1
            if let lon = place.lon, let lat = place.lat {
                firmSample.add(row: row.number, x: Float(lon), y: Float(lat), category: place.unit.zone.rawValue)
            }
            count(row, facts)
            if let judged, judged.flagged { record(row, unit: place.unit, judged, at: place) }
            return relocation.output(judged, facts)
        }

        func values(for row: InputRow, among place: UncertainPlace) throws -> [FieldValue]? {
            let facts = relocation.facts(row, at: place)
            let judged = relocation.judge(row, facts, among: place)
            if uncertainByUnit.isEmpty { uncertainByUnit = Array(repeating: 0, count: place.unitCount) }
            for unit in place.unitIndices { uncertainByUnit[unit] += 1 }
            count(row, facts)
            return relocation.output(judged, facts)
        }

        private func count(_ row: InputRow, _ facts: CodeFacts) {
            let columns = tally.columns
            totals.firms += 1
            if let index = tally.provenanceIndex, let label = row.value(index).text, !label.isEmpty {
                totals.provenanceLabels[label, default: 0] += 1
            }
            let revenue = columns.number(.revenue, in: row)
            if revenue != nil { totals.withRevenue += 1 }
            guard facts.parsed != nil else { return }
            totals.withCode += 1
            for chain in facts.chains { totals.chainRevenue[chain, default: 0] += revenue ?? 0 }
            if facts.green { totals.greenRevenue += revenue ?? 0 }
            if facts.industrial {
                totals.industrialFirms += 1
                totals.industrialRevenue += revenue ?? 0
                if facts.hightech { totals.hightechRevenue += revenue ?? 0 }
                // Intensity over the firms that report both, so a missing figure is no figure, not zero.
                if let energy = columns.number(.energy, in: row), let valueAdded = columns.number(.valueAdded, in: row)
                {
                    totals.industrialEnergyTce += energy
                    totals.industrialValueAdded += valueAdded
                }
            }
        }

        private func record(_ row: InputRow, unit: ZoneUnit, _ judged: RelocationRow, at place: PlacedRow) {
            let category = judged.category ?? ""
            let first = judged.receivers.first
            let priority = judged.priority ?? 0
            // Most flagged firms do not make the list: it is checked before the firm's texts are read.
            if ReportTally.wouldKeep(priority, in: topFlagged[unit.id] ?? [], top: tally.keepTop) {
                let firm = FlaggedFirm(
                    row: row.number, id: tally.idIndex.flatMap { row.value($0).text } ?? String(row.number),
                    name: tally.columns.text(.name, in: row) ?? "", unit: unit.id, category: category,
                    priority: priority, freedLandM2: judged.freedLandM2,
                    reasonZh: judged.reasonZh ?? "", reasonEn: judged.reasonEn ?? "",
                    receiver: first?.park.id, receiverName: first?.park.name,
                    receiverKm: first.flatMap { $0.km.isNaN ? nil : Relocation.round($0.km) })
                ReportTally.keep(firm, in: &topFlagged[unit.id, default: []], top: tally.keepTop)
            }
            if let park = first?.park {
                receivers[unit.id, default: [:]][park.id, default: 0] += 1
                receivedByPark[park.id, default: 0] += 1
                parkNames[park.id] = park.name
            }
            if let xy = place.projected() {
                flaggedSample.add(row: row.number, x: Float(xy.x), y: Float(xy.y), category: category)
            }
        }
    }
}
