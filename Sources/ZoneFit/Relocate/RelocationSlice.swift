import GeoKit

/// Relocate's judgement of the rows of one slice, on one worker thread, with the
/// slice's own part of the summary. Reads the shared rules, never writes them.
final class RelocationSlice: AnalysisSlice {
    private let relocation: Relocation
    /// The slice's totals by unit index (a central unit gets one with its first firm), and its flagged rows.
    private var units: [RelocationSummary.UnitTotals?] = []
    private var flaggedRows = 0
    private var flaggedWithLand = 0
    private var possiblyFlaggedRows = 0
    /// The placing worker's code memo, taken with the slice's first row.
    private(set) var codes: CodeMemo?

    /// The code memo of the worker placing the slice's rows.
    func memo(_ place: some WorkerPlace) -> CodeMemo {
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
        part.flaggedWithLand = flaggedWithLand
        part.possiblyFlaggedRows = possiblyFlaggedRows
        for case let totals? in units { part.units[totals.unit] = totals }
        return part
    }

    /// The slice's own copies of what every row reads, made for it (see `PriorityScore`).
    private let priority: PriorityScore
    private let columns: FirmColumns
    private let layout: RowLayout<RelocationRow>

    init(_ relocation: Relocation) {
        self.relocation = relocation
        priority = PriorityScore(factors: relocation.rules.priority)
        columns = relocation.columns
        layout = relocation.makeLayout()
    }

    func values(for row: InputRow, at place: PlacedRow) throws -> [FieldValue]? {
        let facts = facts(row, at: place)
        return output(judge(row, facts, at: place), facts)
    }

    func values(for row: InputRow, among place: UncertainPlace) throws -> [FieldValue]? {
        let facts = facts(row, at: place)
        return output(judge(row, facts, among: place), facts)
    }

    /// What the row's industry code says.
    func facts(_ row: InputRow, at place: some WorkerPlace) -> CodeFacts {
        memo(place).facts(row, columns.index(.industryCode))
    }

    /// The fields relocate adds to a row it judged `judged` (nil: a plain row); nil when the row is not written.
    func output(_ judged: RelocationRow?, _ facts: CodeFacts) -> [FieldValue]? {
        if let judged {
            return relocation.flaggedOnly && !judged.flagged && !judged.possiblyFlagged ? nil : layout.values(judged)
        }
        if relocation.flaggedOnly { return nil }
        // Most rows say only which chains they are in: their values are made once per code and worker.
        if let known = facts.plainValues { return known }
        let made = layout.values(RelocationRow(chains: facts.chainsText))
        facts.plainValues = made
        return made
    }

    /// What relocate says of the row, counted in the slice's summary; nil when it has nothing
    /// to say but the row's chains (outside the central city, or not flagged).
    func judge(_ row: InputRow, _ facts: CodeFacts, at place: PlacedRow) -> RelocationRow? {
        guard place.zone == .central else { return nil }
        let index = place.unitIndex
        startTotals(of: index, place.unit, count: place.unitCount)
        let verdict = relocation.classifier.judge(facts, row, columns)
        var judged = RelocationRow(chains: facts.chainsText)
        switch verdict {
        case .unknownCode(let problem):
            units[index]!.unknownCodes += 1
            Self.unread(problem, &judged)
        case .excluded(let why):
            units[index]!.excluded += 1
            Self.spared(why, &judged)
        case .notFlagged:
            return nil
        case .flagged(let category, let fired):
            guard let code = facts.parsed else { return nil }
            let land = columns.number(.land, in: row)
            let revenue = columns.number(.revenue, in: row)
            let score = priority.score(
                .init(
                    revenue: revenue, tax: columns.number(.tax, in: row), energy: columns.number(.energy, in: row),
                    water: columns.number(.water, in: row), landM2: land, isCore: place.isCore))
            units[index]!.byCategory[category, default: 0] += 1
            units[index]!.freedLandM2 += land ?? 0
            units[index]!.employees += columns.number(.employees, in: row) ?? 0
            units[index]!.revenue += revenue ?? 0
            flaggedRows += 1
            if land != nil { flaggedWithLand += 1 }
            let reason = self.reason(category, code: code, facts: facts, fired: fired, at: place)
            judged.flagged = true
            judged.category = category
            judged.rules = facts.firedText
            judged.priority = Relocation.round(score.priority)
            judged.priorityComponents = score.components
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

    /// A firm whose unit is uncertain is never flagged: where one of the units it may lie in is central
    /// and its function is non-core, it is possibly flagged, and counted so in each such unit.
    func judge(_ row: InputRow, _ facts: CodeFacts, among place: UncertainPlace) -> RelocationRow? {
        let candidates = place.units
        let central = zip(place.unitIndices, candidates).filter { $0.1.zone == .central }
        guard !central.isEmpty else { return nil }
        let verdict = relocation.classifier.judge(facts, row, columns)
        var judged = RelocationRow(chains: facts.chainsText)
        // An unreadable code or a spared firm says so, as in a certain unit; only the certain ones are counted.
        switch verdict {
        case .unknownCode(let problem):
            Self.unread(problem, &judged)
            return judged
        case .excluded(let why):
            Self.spared(why, &judged)
            return judged
        case .notFlagged: return nil
        case .flagged: break
        }
        guard case .flagged(let category, _) = verdict, let code = facts.parsed else { return nil }
        for (index, unit) in central {
            startTotals(of: index, unit, count: place.unitCount)
            units[index]!.possiblyFlagged += 1
        }
        possiblyFlaggedRows += 1
        let land = columns.number(.land, in: row)
        let definition = relocation.rules.categories[category]!
        let district = place.district
        let all = candidates.map(\.name).joined(separator: "、")
        let allEn = candidates.map(\.nameEn).joined(separator: ", ")
        let inCentral = central.map(\.1.name).joined(separator: "、")
        let inCentralEn = central.map(\.1.nameEn).joined(separator: ", ")
        let by = place.tier == .uscc ? ("统一社会信用代码的登记机关", "its USCC's registration authority") : ("住所", "its address")
        judged.possiblyFlagged = true
        judged.category = category
        judged.rules = facts.firedText
        judged.reasonZh =
            "按\(by.0)定位于\(district?.zh ?? "登记区域")，所在单元不确定（\(all)）；若位于中心城区单元（\(inCentral)），属\(definition.name)（\(code)），为可能疏解对象。"
        judged.reasonEn =
            "Placed by \(by.1) in \(district?.en ?? "its registered area"); its unit is uncertain (\(allEn)). If it lies in a central unit (\(inCentralEn)), it is \(definition.nameEn) (\(code)): possibly flagged."
        judged.freedLandM2 = land
        judged.receivers =
            relocation.sites?.rank(
                code: code, chains: facts.chains, category: category, freedLandM2: land, at: nil, top: relocation.top)
            ?? []
        return judged
    }

    /// A firm whose industry code cannot be read: `unknown_code`, not judged.
    private static func unread(_ problem: String, _ judged: inout RelocationRow) {
        judged.category = "unknown_code"
        judged.reasonZh = "行业代码无法识别（\(problem)），未判定是否疏解。"
        judged.reasonEn = "The industry code could not be read (\(problem)); not judged."
    }

    /// A firm the exclusions spare: a chain leader, or one its district keeps.
    private static func spared(_ why: String, _ judged: inout RelocationRow) {
        judged.rules = "excluded:\(why)"
        judged.reasonZh = why == "chain_leader" ? "链主企业，不列入疏解。" : "区（市）县标记保留，不列入疏解。"
        judged.reasonEn =
            why == "chain_leader"
            ? "A chain-leader firm: not listed for relocation."
            : "Marked as kept by the district: not listed for relocation."
    }

    /// Starts the slice's totals of a central unit with its first firm.
    private func startTotals(of index: Int, _ unit: @autoclosure () -> ZoneUnit, count: Int) {
        if units.isEmpty { units = Array(repeating: nil, count: count) }
        if units[index] == nil {
            let unit = unit()
            units[index] = .init(unit: unit.id, name: unit.name, isCore: unit.isCore)
        }
    }

    /// A flagged firm's reasons in Chinese and English, filled once per code, rules and cell (see `CodeFacts`).
    /// (The profile checked on loading that every rule's category is defined.)
    private func reason(
        _ category: String, code: IndustryCode, facts: CodeFacts, fired: [String], at place: PlacedRow
    ) -> (zh: String, en: String) {
        facts.reasons(fired: fired, cell: place.cellIndex) { rules in
            let definition = relocation.rules.categories[category]!
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
}
