import Foundation
import GeoKit

/// How the firms flagged for relocation in the earlier register stand in the
/// later one (plan 三(五)1), per central unit they were flagged in, with the
/// five core districts totalled apart; and the conflicts: non-core firms that
/// entered a core district or moved into one.
public struct RelocationProgress: Sendable {
    /// Where a flagged firm is now.
    public enum Outcome: String, Sendable, CaseIterable {
        /// In a unit outside the central city.
        case relocated
        /// From a core district into a central unit that is not one.
        case leftCore = "left_core"
        /// Into another central unit (core to core, or between the other central units).
        case movedWithinCentral = "moved_within_central"
        case exited
        /// In the same unit.
        case inPlace = "in_place"
        /// Placed in the later register by a district whose unit is uncertain: not judged.
        case unitUncertain = "unit_uncertain"

        /// Whether the firm is no longer in the unit it was flagged in.
        var hasLeft: Bool { self != .inPlace && self != .unitUncertain }
    }

    public struct Counts: Sendable, Equatable {
        public var flagged = 0
        public var byOutcome: [Outcome: Int] = [:]
        /// The flagged firms' land (m²), and the part of it whose firm is no longer in the unit.
        public var landM2 = 0.0
        public var freedLandM2 = 0.0
        /// Non-core firms that entered this (core) unit or moved into it.
        public var conflicts = 0

        /// Flagged firms no longer in the unit, of all flagged.
        public var freedShare: Double? {
            let left = byOutcome.filter(\.key.hasLeft).values.reduce(0, +)
            return flagged > 0 ? Double(left) / Double(flagged) : nil
        }
        public var freedLandShare: Double? { landM2 > 0 ? freedLandM2 / landM2 : nil }

        mutating func add(_ other: Counts) {
            flagged += other.flagged
            byOutcome.merge(other.byOutcome, uniquingKeysWith: +)
            landM2 += other.landM2
            freedLandM2 += other.freedLandM2
            conflicts += other.conflicts
        }
    }

    /// By unit index (central units only ever count).
    public private(set) var units: [Counts]

    init(unitCount: Int) { units = Array(repeating: Counts(), count: unitCount) }

    /// Adds a slice's counts.
    mutating func add(_ other: RelocationProgress) {
        for index in units.indices { units[index].add(other.units[index]) }
    }

    /// The outcome of a firm flagged in the earlier register, nil for any other.
    static func outcome(_ change: FirmChange, layer: ZoneLayer) -> Outcome? {
        guard let before = change.before, before.flagged, let from = before.unit else { return nil }
        guard change.kind != .exited, let after = change.after, after.isActive else { return .exited }
        guard let to = after.unit else { return .unitUncertain }
        guard to != from else { return .inPlace }
        let there = layer.units[to]
        if there.zone != .central { return .relocated }
        return layer.units[from].isCore && !there.isCore ? .leftCore : .movedWithinCentral
    }

    /// A non-core firm now in a core district that was not in one before: entered, or moved in.
    static func isConflict(_ change: FirmChange, layer: ZoneLayer) -> Bool {
        guard let after = change.after, after.isActive, after.category != nil, let to = after.unit,
            layer.units[to].isCore
        else { return false }
        switch change.kind {
        case .entered: return true
        case .moved: return change.before?.unit.map { !layer.units[$0].isCore } ?? true
        default: return false
        }
    }

    mutating func count(_ change: FirmChange, layer: ZoneLayer) {
        if Self.isConflict(change, layer: layer), let to = change.after?.unit { units[to].conflicts += 1 }
        guard let outcome = Self.outcome(change, layer: layer), let before = change.before, let from = before.unit
        else { return }
        let land = before.landM2 ?? 0
        units[from].flagged += 1
        units[from].byOutcome[outcome, default: 0] += 1
        units[from].landM2 += land
        if outcome.hasLeft { units[from].freedLandM2 += land }
    }

    /// The rows of the progress table: each central unit with a flagged firm or a conflict, then the core
    /// districts and the whole central city.
    public func rows(_ layer: ZoneLayer) -> [(id: String, name: String, counts: Counts)] {
        var rows: [(id: String, name: String, counts: Counts)] = []
        var core = Counts()
        var central = Counts()
        for (index, unit) in layer.units.enumerated() where unit.zone == .central {
            let counts = units[index]
            if unit.isCore { core.add(counts) }
            central.add(counts)
            if counts != Counts() { rows.append((unit.id, unit.name, counts)) }
        }
        rows.append(("core", "核心城区合计 core districts", core))
        rows.append(("central", "中心城区合计 central city", central))
        return rows
    }

    public static let columns =
        ["flagged"] + Outcome.allCases.map(\.rawValue) + ["freed_share", "land_m2", "freed_land_share", "conflicts"]

    public static func values(_ counts: Counts) -> [FieldValue] {
        [.integer(Int64(counts.flagged))] + Outcome.allCases.map { .integer(Int64(counts.byOutcome[$0] ?? 0)) }
            + [
                counts.freedShare.map(FieldValue.real) ?? .null, .real(counts.landM2),
                counts.freedLandShare.map(FieldValue.real) ?? .null, .integer(Int64(counts.conflicts)),
            ]
    }

    /// Writes the table as CSV (or JSON by extension), atomically.
    public func write(to path: String, layer: ZoneLayer) throws {
        let file = try AtomicOutput(path)
        let rows = rows(layer)
        if path.lowercased().hasSuffix(".json") {
            func json(_ value: FieldValue) -> String {
                switch value {
                case .integer(let number): String(number)
                case .real(let number): JSONText.number(number)
                default: "null"
                }
            }
            let items = rows.map { row in
                "{\"unit\":\(JSONText.string(row.id)),\"name\":\(JSONText.string(row.name)),"
                    + zip(Self.columns, Self.values(row.counts)).map { "\"\($0.0)\":\(json($0.1))" }.joined(
                        separator: ",") + "}"
            }
            try ("{\"progress\":[\n" + items.joined(separator: ",\n") + "\n]}\n").write(
                toFile: file.temporaryPath, atomically: false, encoding: .utf8)
        } else {
            let fields =
                [FieldDefinition("unit", .string), FieldDefinition("name", .string)]
                + Self.columns.map {
                    FieldDefinition($0, ["freed_share", "land_m2", "freed_land_share"].contains($0) ? .real : .integer)
                }
            let sink = try VectorSink(
                path: file.temporaryPath, driver: "CSV", layerName: "progress", fields: fields, geometry: .none,
                layerOptions: OutputFormat.csvLayerOptions)
            for row in rows {
                try sink.write([.string(row.id), .string(row.name)] + Self.values(row.counts), geometry: .none)
            }
            try sink.close()
        }
        try file.publish()
    }
}
