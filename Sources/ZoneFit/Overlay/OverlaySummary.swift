import GeoKit

/// The counts of a run: the reconciliation (read = written + rejected) and
/// where the written rows fell.
public struct OverlaySummary: Sendable {
    public var read = 0
    public var written = 0
    /// Placed rows an analysis left out on purpose (relocate's flagged-only).
    public var filtered = 0
    public var rejectedByReason: [RejectReason: Int] = [:]
    public var byUnit: [Int: Int] = [:]
    public var snapped = 0
    /// Rows placed by their register entry, by tier; those among them whose unit is uncertain.
    var placedBy: [DescribedPlace.Tier: Int] = [:]
    public var unitUncertain = 0
    /// On rows placed by their coordinates that have an address: what the address says of their district.
    var addressChecks: [RegisterPlacement.Check: Int] = [:]
    public var droppedZM = 0
    /// Invalid polygons repaired with MakeValid for the overlay: "row N: reason".
    public var repaired: [String] = []
    /// Input fields renamed because zonefit adds a field of the same name.
    public var renamedFields: [String] = []
    /// Which column holds each register field the analyses read, and columns that look like one but were not used.
    public var fieldMapping: [String] = []
    /// How the input was read — the header row taken below title rows, the field mapping — told as the run
    /// begins where the request asks (`OverlayRequest.notice`), else first in `report`.
    public private(set) var reading: [String] = []
    private var readingTold = false
    public var coordinateColumns: (x: String, y: String)?
    /// The input has no coordinates: every row was placed by its register entry or rejected.
    public var withoutCoordinates = false
    public var sourceCRS = ""
    /// Lines worth a planner's attention about how the run went (a filter OGR had to evaluate, say).
    public var notes: [String] = []
    /// The input's identity where the run took it (for provenance), as it was read.
    public var input: SourceIdentity?

    public var rejected: Int { rejectedByReason.values.reduce(0, +) }
    public var reconciles: Bool { read == written + filtered + rejected }

    /// What the output's schema tells of the run: the input fields renamed, and the field mapping.
    mutating func record(_ schema: OverlaySchema, notice: (@Sendable (String) -> Void)?) {
        renamedFields = schema.renamed
        fieldMapping = schema.fieldMapping
        tell(fieldMapping, notice: notice)
    }

    /// Lines on how the input is read, told at once through `notice` where there is one (before any row is
    /// read: a planner sees a wrong column before a long run ends).
    mutating func tell(_ lines: [String], notice: (@Sendable (String) -> Void)?) {
        reading += lines
        guard let notice else { return }
        for line in lines { notice(line) }
        readingTold = true
    }

    /// The datum the coordinate columns' names imply, as the CRS the run then reads them in, with a note
    /// saying so (nil for columns that name none).
    mutating func datum(named datum: ChinaDatum?) -> SourceCRS? {
        guard let datum else { return nil }
        notes.append(
            "note: the coordinate columns' names say \(datum.rawValue); a source CRS given reads them otherwise")
        return .china(datum)
    }

    /// How the rows were placed, where the register's entries placed some, and what the addresses of rows
    /// placed by their coordinates say of them.
    private func placementLines() -> [String] {
        var lines: [String] = []
        if !placedBy.isEmpty {
            let described = placedBy.values.reduce(0, +)
            let tiers = DescribedPlace.Tier.allCases.compactMap { tier -> String? in
                let count = tier == .coordinates ? written - described : placedBy[tier] ?? 0
                return count > 0 || tier == .coordinates ? "\(tier.rawValue) \(count)" : nil
            }
            lines.append(
                "placed by: " + tiers.joined(separator: ", ")
                    + " (rows placed without coordinates have no geometry; a USCC gives where a firm was registered)")
            if unitUncertain > 0 {
                lines.append(
                    "unit uncertain: \(unitUncertain) rows whose district is known but not the unit within it "
                        + "(unit empty, unit_candidates listed; in no unit's firms or load: each command says what it did with them)"
                )
            }
        }
        let checked = addressChecks.values.reduce(0, +)
        if checked > 0 {
            func share(_ check: RegisterPlacement.Check) -> String {
                let count = addressChecks[check] ?? 0
                return "\(count) (\(String(format: "%.1f", 100 * Double(count) / Double(checked)))%)"
            }
            lines.append(
                "address check: of \(checked) rows placed by their coordinates that have an address, the address "
                    + "names their district for \(share(.agrees)), another for \(share(.otherDistrict)), "
                    + "none zonefit knows for \(share(.unmatched))")
        }
        return lines
    }

    /// A note where rows were rejected for want of coordinates that an address column could have placed
    /// (`fields`, found by `names`), when the run did not use the address tier.
    mutating func suggestAddressTier(fields: [FieldDefinition], names: FieldNames, used: Bool) {
        let missing = rejectedByReason[.missingCoordinates] ?? 0
        guard !used, missing > 0, let mapping = try? FieldMapping(fields: fields, names: names),
            let address = mapping.columns[.address]
        else { return }
        notes.append(
            "note: \(missing) rows without coordinates have a '\(fields[address.index].name)' column; "
                + "placing by address (tiers coordinates,address) would place them by the district it names")
    }

    /// Counts a row placed by its register entry: by tier, and in its unit where that is certain.
    mutating func count(_ place: DescribedPlace) {
        placedBy[place.tier, default: 0] += 1
        if place.isCertain { byUnit[place.candidates[0], default: 0] += 1 } else { unitUncertain += 1 }
    }

    /// Written rows per zone class.
    public func byZone(_ layer: ZoneLayer) -> [ZoneClass: Int] {
        var zones: [ZoneClass: Int] = [:]
        for (unit, count) in byUnit { zones[layer.units[unit].zone, default: 0] += count }
        return zones
    }

    /// The lines printed at the end of a run.
    public func report(_ layer: ZoneLayer) -> [String] {
        var lines: [String] = readingTold ? [] : reading
        if withoutCoordinates {
            lines.append("coordinates: none in the input; rows placed by their register entries")
        } else if let columns = coordinateColumns, columns.x == columns.y {
            lines.append("coordinates: column '\(columns.x)' (lon,lat) in \(sourceCRS)")
        } else if let columns = coordinateColumns {
            lines.append("coordinates: columns '\(columns.x)', '\(columns.y)' in \(sourceCRS)")
        } else {
            lines.append("coordinates: geometry in \(sourceCRS)")
        }
        lines += placementLines()
        lines += notes
        for field in renamedFields {
            lines.append("note: input field '\(field)' kept as 'input_\(field)' (zonefit adds '\(field)')")
        }
        if droppedZM > 0 { lines.append("note: Z/M values dropped from \(droppedZM) features (2D overlay)") }
        for repair in repaired.prefix(5) {
            lines.append("note: invalid polygon repaired with MakeValid for the overlay, \(repair)")
        }
        if repaired.count > 5 { lines.append("note: … and \(repaired.count - 5) more repaired polygons") }
        if snapped > 0 { lines.append("snapped: \(snapped) points outside the city assigned to the nearest unit") }
        let zones = byZone(layer)
        lines.append(
            "by zone: " + ZoneClass.allCases.map { "\($0.rawValue) \(zones[$0] ?? 0)" }.joined(separator: ", "))
        let units = byUnit.sorted { $0.key < $1.key }.map {
            "\(layer.units[$0.key].id) \(layer.units[$0.key].name) \($0.value)"
        }
        lines.append("by unit: " + (units.isEmpty ? "none" : units.joined(separator: ", ")))
        let reasons = RejectReason.allCases.compactMap { reason in
            rejectedByReason[reason].map { "\(reason.rawValue) \($0)" }
        }
        lines.append("rejected by reason: " + (reasons.isEmpty ? "none" : reasons.joined(separator: ", ")))
        let kept = filtered > 0 ? " + left out \(filtered)" : ""
        lines.append(
            "reconciliation: read \(read) = written \(written)\(kept) + rejected \(rejected)\(reconciles ? "" : "  (MISMATCH)")"
        )
        return lines
    }
}
