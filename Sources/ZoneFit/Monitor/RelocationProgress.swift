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

    /// What counts as freed at each level of the table: a unit is freed of a firm that left it; the core
    /// districts of one that left them (a move from one core district to another frees none); the central
    /// city of one that left it.
    public static let freedFromCore: Set<Outcome> = [.relocated, .leftCore, .exited]
    public static let freedFromCentral: Set<Outcome> = [.relocated, .exited]
    static let freedFromUnit = Set(Outcome.allCases.filter(\.hasLeft))

    public struct Counts: Sendable, Equatable {
        public var flagged = 0
        public var byOutcome: [Outcome: Int] = [:]
        /// The flagged firms' land (m²), by outcome.
        public var landByOutcome: [Outcome: Double] = [:]
        /// Of the relocated, those now in a receiving park (counted with `diff --parks`).
        public var relocatedToPark = 0
        /// Non-core firms that entered this (core) unit or moved into it.
        public var conflicts = 0

        public var landM2: Double { landByOutcome.values.reduce(0, +) }

        /// The flagged firms, and their land, whose outcome is in `freed`, of all flagged.
        public func freedShare(_ freed: Set<Outcome>) -> Double? {
            flagged > 0 ? Double(freed.map { byOutcome[$0] ?? 0 }.reduce(0, +)) / Double(flagged) : nil
        }
        public func freedLandShare(_ freed: Set<Outcome>) -> Double? {
            landM2 > 0 ? freed.map { landByOutcome[$0] ?? 0 }.reduce(0, +) / landM2 : nil
        }

        mutating func add(_ other: Counts) {
            flagged += other.flagged
            byOutcome.merge(other.byOutcome, uniquingKeysWith: +)
            landByOutcome.merge(other.landByOutcome, uniquingKeysWith: +)
            relocatedToPark += other.relocatedToPark
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
        guard let before = change.before, before.isActive, before.flagged, let from = before.unit else { return nil }
        guard change.kind != .exited, let after = change.after, after.isActive else { return .exited }
        guard let to = after.unit else { return .unitUncertain }
        guard to != from else { return .inPlace }
        let there = layer.units[to]
        if there.zone != .central { return .relocated }
        return layer.units[from].isCore && !there.isCore ? .leftCore : .movedWithinCentral
    }

    /// A non-core firm now in a core district that was not in one before: entered, or moved in.
    static func isConflict(_ change: FirmChange, layer: ZoneLayer) -> Bool {
        guard let after = change.after, after.isActive, after.isNoncore, let to = after.unit,
            layer.units[to].isCore
        else { return false }
        switch change.kind {
        case .entered: return true
        // A firm whose earlier unit is uncertain may have been in the core already: not counted.
        case .moved: return change.before?.unit.map { !layer.units[$0].isCore } ?? false
        default: return false
        }
    }

    mutating func count(_ change: FirmChange, layer: ZoneLayer) {
        if Self.isConflict(change, layer: layer), let to = change.after?.unit { units[to].conflicts += 1 }
        guard let outcome = Self.outcome(change, layer: layer), let before = change.before, let from = before.unit
        else { return }
        units[from].flagged += 1
        units[from].byOutcome[outcome, default: 0] += 1
        units[from].landByOutcome[outcome, default: 0] += before.landM2 ?? 0
    }

    /// Counts a relocated firm found in a receiving park.
    mutating func countInPark(_ change: FirmChange) {
        if let from = change.before?.unit { units[from].relocatedToPark += 1 }
    }

    /// The rows of the progress table: each central unit with a flagged firm or a conflict, then the core
    /// districts and the whole central city, each with what counts as freed at its level.
    public func rows(_ layer: ZoneLayer) -> [(id: String, name: String, counts: Counts, freed: Set<Outcome>)] {
        var rows: [(id: String, name: String, counts: Counts, freed: Set<Outcome>)] = []
        var core = Counts()
        var central = Counts()
        for (index, unit) in layer.units.enumerated() where unit.zone == .central {
            let counts = units[index]
            if unit.isCore { core.add(counts) }
            central.add(counts)
            if counts != Counts() { rows.append((unit.id, unit.name, counts, Self.freedFromUnit)) }
        }
        rows.append(("core", "核心城区合计 core districts", core, Self.freedFromCore))
        rows.append(("central", "中心城区合计 central city", central, Self.freedFromCentral))
        return rows
    }

    static let columns: [FieldDefinition] =
        [FieldDefinition("unit", .string), FieldDefinition("name", .string), FieldDefinition("flagged", .integer)]
        + Outcome.allCases.map { FieldDefinition($0.rawValue, .integer) }
        + [
            FieldDefinition("relocated_to_park", .integer),
            FieldDefinition("freed_share", .real), FieldDefinition("land_m2", .real),
            FieldDefinition("freed_land_share", .real), FieldDefinition("conflicts", .integer),
        ]

    /// Writes the table as CSV (or JSON by extension) into `file`, which the caller publishes.
    func write(to file: AtomicOutput, layer: ZoneLayer) throws {
        let rows = rows(layer).map { row -> [FieldValue] in
            let counts = row.counts
            return [.string(row.id), .string(row.name), .integer(Int64(counts.flagged))]
                + Outcome.allCases.map { .integer(Int64(counts.byOutcome[$0] ?? 0)) }
                + [
                    .integer(Int64(counts.relocatedToPark)),
                    counts.freedShare(row.freed).map(FieldValue.real) ?? .null, .real(counts.landM2),
                    counts.freedLandShare(row.freed).map(FieldValue.real) ?? .null, .integer(Int64(counts.conflicts)),
                ]
        }
        try SummaryTable.write(fields: Self.columns, rows: rows, member: "progress", to: file)
    }
}
