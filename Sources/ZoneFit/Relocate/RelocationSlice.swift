import GeoKit

/// Relocate's judgement of the rows of one slice, on one worker thread, with the
/// slice's own part of the summary. Reads the shared rules, never writes them.
final class RelocationSlice: AnalysisSlice {
    private let relocation: Relocation
    /// The slice's totals by unit index (a central unit gets one with its first firm), and its flagged rows.
    private var units: [RelocationSummary.UnitTotals?] = []
    private var flaggedRows = 0
    /// The values of plain rows (see `RelocationRow.isPlain`) by their chains.
    private var plainValues: [String: [FieldValue]] = [:]
    /// The placing worker's code memo, taken with the slice's first row.
    private(set) var codes: CodeMemo?

    /// The code memo of the worker placing the slice's rows.
    func memo(_ place: PlacedRow) -> CodeMemo {
        if let codes { return codes }
        let classifier = relocation.classifier
        let made = place.workerState(for: relocation) { CodeMemo(classifier) }
        codes = made
        return made
    }

    /// The slice's part of the summary.
    var summary: RelocationSummary {
        var part = RelocationSummary()
        part.flaggedRows = flaggedRows
        for case let totals? in units { part.units[totals.unit] = totals }
        return part
    }

    init(_ relocation: Relocation) {
        self.relocation = relocation
    }

    func values(for row: InputRow, at place: PlacedRow) throws -> [FieldValue]? {
        let judged = judge(row, at: place)
        if relocation.flaggedOnly && !judged.flagged { return nil }
        guard judged.isPlain else { return relocation.layout.values(judged) }
        // Most rows say only which chains they are in: their values are made once per chain list.
        if let known = plainValues[judged.chains] { return known }
        let values = relocation.layout.values(judged)
        if plainValues.count < 1_000 { plainValues[judged.chains] = values }
        return values
    }

    /// What relocate says of the row; counts it in the slice's summary.
    func judge(_ row: InputRow, at place: PlacedRow) -> RelocationRow {
        // Only what each row needs is read from the shared rules: a copy of the whole profile
        // would retain its every table, on every row, from both cores.
        let columns = relocation.columns
        let facts = memo(place).facts(columns.text(.industryCode, in: row))
        var judged = RelocationRow(chains: facts.chainsText)
        guard place.zone == .central else { return judged }
        if units.isEmpty { units = Array(repeating: nil, count: place.unitCount) }
        let index = place.unitIndex
        if units[index] == nil {
            let unit = place.unit
            units[index] = .init(unit: unit.id, name: unit.name, isCore: unit.isCore)
        }
        let verdict = relocation.classifier.judge(
            facts, name: columns.text(.name, in: row), chainLeader: columns.flag(.chainLeader, in: row),
            kept: columns.flag(.keep, in: row))
        switch verdict {
        case .unknownCode(let problem):
            units[index]!.unknownCodes += 1
            judged.category = "unknown_code"
            judged.reasonZh = "行业代码无法识别（\(problem)），未判定是否疏解。"
            judged.reasonEn = "The industry code could not be read (\(problem)); not judged."
        case .excluded(let why):
            units[index]!.excluded += 1
            judged.rules = "excluded:\(why)"
            judged.reasonZh = why == "chain_leader" ? "链主企业，不列入疏解。" : "区（市）县标记保留，不列入疏解。"
            judged.reasonEn =
                why == "chain_leader"
                ? "A chain-leader firm: not listed for relocation."
                : "Marked as kept by the district: not listed for relocation."
        case .notFlagged:
            break
        case .flagged(let category, let fired):
            guard let code = facts.parsed, let definition = relocation.rules.categories[category] else { break }
            let land = columns.number(.land, in: row)
            let revenue = columns.number(.revenue, in: row)
            let score = relocation.priority.score(
                .init(
                    revenue: revenue, tax: columns.number(.tax, in: row), energy: columns.number(.energy, in: row),
                    water: columns.number(.water, in: row), landM2: land, isCore: place.isCore))
            units[index]!.byCategory[category, default: 0] += 1
            units[index]!.freedLandM2 += land ?? 0
            units[index]!.employees += columns.number(.employees, in: row) ?? 0
            units[index]!.revenue += revenue ?? 0
            flaggedRows += 1
            let reason = self.reason(definition, code: code, facts: facts, fired: fired, at: place)
            judged.flagged = true
            judged.category = category
            judged.rules = facts.firedText
            judged.priority = Relocation.round(score.priority)
            judged.priorityComponents = Self.describe(score.components)
            judged.reasonZh = reason.zh
            judged.reasonEn = reason.en
            judged.freedLandM2 = land
            judged.receivers =
                relocation.sites?.rank(
                    code: code, chains: facts.chains, category: category, freedLandM2: land, at: place.projected(),
                    top: relocation.top) ?? []
        }
        return judged
    }

    /// A flagged firm's reasons in Chinese and English, filled once per code, rules and cell (see `CodeFacts`).
    private func reason(
        _ definition: NoncoreProfile.Category, code: IndustryCode, facts: CodeFacts, fired: [String],
        at place: PlacedRow
    ) -> (zh: String, en: String) {
        facts.reasons(fired: fired, cell: place.cellIndex) { rules in
            let cell = place.cell
            let unit = place.unit
            let names = facts.divisionName
            func fill(_ template: String, _ codeName: String?, district: String, unit: String) -> String {
                Relocation.fill(
                    template,
                    [
                        "code": code.description, "code_name": codeName ?? code.description,
                        "district": district, "unit": unit, "rules": rules,
                    ])
            }
            return (
                fill(definition.reasonZh, names?.zh, district: cell.district, unit: unit.name),
                fill(definition.reasonEn, names?.en, district: cell.districtEn, unit: unit.nameEn)
            )
        }
    }

    /// "id=score×weight; …", as the output's `priority_components`.
    static func describe(_ components: [(id: String, score: Double?, weight: Double)]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24 * components.count)
        for (offset, component) in components.enumerated() {
            if offset > 0 { bytes += "; ".utf8 }
            bytes += component.id.utf8
            bytes.append(UInt8(ascii: "="))
            if let score = component.score { Relocation.appendShort(score, to: &bytes) } else { bytes += "n/a".utf8 }
            bytes += "×".utf8
            Relocation.appendShort(component.weight, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
