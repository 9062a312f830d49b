import Foundation
import GeoKit

/// Per unit, what changed between two registers, with the counts that must
/// reconcile: before = stayed + moved out + exited, after = stayed + moved in
/// + entered (a reclassified firm that stayed counts as stayed). Firms whose
/// unit is uncertain have a row of their own, so the totals reconcile too.
public struct ChangeSummary: Sendable {
    public struct Counts: Sendable, Equatable {
        public var before = 0, after = 0
        public var stayed = 0, movedIn = 0, movedOut = 0, entered = 0, exited = 0
        /// Of these: exits of firms absent from the later register with no status saying they left.
        public var absent = 0
        public var reclassified = 0, statusChanged = 0

        public var net: Int { after - before }
        public var reconciles: Bool {
            before == stayed + movedOut + exited && after == stayed + movedIn + entered
        }

        mutating func add(_ other: Counts) {
            before += other.before
            after += other.after
            stayed += other.stayed
            movedIn += other.movedIn
            movedOut += other.movedOut
            entered += other.entered
            exited += other.exited
            absent += other.absent
            reclassified += other.reclassified
            statusChanged += other.statusChanged
        }
    }

    /// By unit index; the last is the firms whose unit is uncertain.
    public private(set) var units: [Counts]
    /// Entered, exited and moved firms by the rules' non-core category (a firm's latest one): a firm can change
    /// category, so these rows have no before and after to reconcile.
    public var byCategory: [String: Counts] {
        Dictionary(uniqueKeysWithValues: categories.map { (texts[$0.key] ?? "", $0.value) })
    }
    /// By the category's number in `texts`.
    private var categories: [Int32: Counts] = [:]
    private let texts: InternedTexts

    init(unitCount: Int, texts: InternedTexts) {
        units = Array(repeating: Counts(), count: unitCount + 1)
        self.texts = texts
    }

    /// Counts one firm's change (an unchanged firm as stayed).
    mutating func count(_ change: FirmChange) {
        let uncertain = units.count - 1
        let from = change.before.flatMap { $0.isActive ? ($0.unit ?? uncertain) : nil }
        let to = change.after.flatMap { $0.isActive ? ($0.unit ?? uncertain) : nil }
        var category: Counts?
        if let from { units[from].before += 1 }
        if let to { units[to].after += 1 }
        switch (from, to) {
        case (let from?, let to?) where from == to: units[to].stayed += 1
        case (let from?, let to?):
            units[from].movedOut += 1
            units[to].movedIn += 1
            category = Counts(movedIn: 1, movedOut: 1)
        case (let from?, nil):
            units[from].exited += 1
            if change.exitReason == "absent" { units[from].absent += 1 }
            category = Counts(exited: 1, absent: change.exitReason == "absent" ? 1 : 0)
        case (nil, let to?):
            units[to].entered += 1
            category = Counts(entered: 1)
        case (nil, nil): break
        }
        if let to {
            if change.reclassified { units[to].reclassified += 1 }
            if change.statusChanged { units[to].statusChanged += 1 }
        }
        if let category, let state = change.after ?? change.before, state.isNoncore {
            categories[state.category, default: Counts()].add(category)
        }
    }

    /// Adds a slice's counts.
    mutating func add(_ other: ChangeSummary) {
        for index in units.indices { units[index].add(other.units[index]) }
        categories.merge(other.categories) { mine, theirs in
            var sum = mine
            sum.add(theirs)
            return sum
        }
    }

    public var total: Counts { units.reduce(into: Counts()) { $0.add($1) } }

    /// Each zone's units added up, in the scheme's order of zones.
    public func byZone(_ layer: ZoneLayer) -> [(zone: ZoneClass, counts: Counts)] {
        layer.scheme.zones.compactMap { zone in
            let indices = layer.units.indices.filter { layer.units[$0].zone == zone.id }
            guard !indices.isEmpty else { return nil }
            return (zone.id, indices.reduce(into: Counts()) { $0.add(units[$1]) })
        }
    }

    public static let columns = [
        "before", "stayed", "moved_out", "exited", "absent", "after", "moved_in", "entered", "net", "reclassified",
        "status_changed",
    ]

    public static func values(_ counts: Counts) -> [Int] {
        [
            counts.before, counts.stayed, counts.movedOut, counts.exited, counts.absent, counts.after, counts.movedIn,
            counts.entered, counts.net, counts.reclassified, counts.statusChanged,
        ]
    }

    /// The summary's rows: one per unit (and the uncertain ones), per zone, per category, and the total.
    public func rows(_ layer: ZoneLayer) -> [(level: String, id: String, name: String, counts: Counts)] {
        var rows = layer.units.enumerated().map { ("unit", $0.element.id, $0.element.name, units[$0.offset]) }
        if units.last != Counts() { rows.append(("unit", "", "unit uncertain", units.last!)) }
        rows += byZone(layer).map { zone in
            ("zone", zone.zone.rawValue, layer.scheme.zones.first { $0.id == zone.zone }?.name ?? "", zone.counts)
        }
        rows += byCategory.sorted { $0.key < $1.key }.map { ("category", $0.key, "", $0.value) }
        rows.append(("total", "", "", total))
        return rows
    }

    /// Writes the summary as CSV (or JSON by extension) into `file`, which the caller publishes.
    func write(to file: AtomicOutput, layer: ZoneLayer) throws {
        let fields =
            [FieldDefinition("level", .string), FieldDefinition("id", .string), FieldDefinition("name", .string)]
            + Self.columns.map { FieldDefinition($0, .integer) } + [FieldDefinition("reconciles", .boolean)]
        let rows = rows(layer).map { row -> [FieldValue] in
            // A firm can change category, so a category row has no before and after to reconcile.
            [.string(row.level), .string(row.id), .string(row.name)]
                + Self.values(row.counts).map { .integer(Int64($0)) }
                + [row.level == "category" ? .null : .boolean(row.counts.reconciles)]
        }
        try SummaryTable.write(fields: fields, rows: rows, member: "rows", to: file)
    }
}
