import GeoKit

/// Relocate's judgement of the rows of one slice, on one worker thread, with the
/// slice's own part of the summary. Reads the shared rules, never writes them.
final class RelocationSlice: AnalysisSlice {
    private let relocation: Relocation
    private(set) var summary = RelocationSummary()

    init(_ relocation: Relocation) { self.relocation = relocation }

    func values(for row: some InputRow, at place: PlacedRow) throws -> [FieldValue]? {
        let judged = judge(row, at: place)
        return relocation.flaggedOnly && !judged.flagged ? nil : relocation.layout.values(judged)
    }

    /// What relocate says of the row; counts it in the slice's summary.
    func judge(_ row: some InputRow, at place: PlacedRow) -> RelocationRow {
        let rules = relocation.rules, columns = relocation.columns
        let codeText = columns.text("industry_code", in: row)
        let unit = place.unit
        guard unit.zone == .central else {
            let chains = (try? rules.classification.parse(codeText ?? "")).map { rules.classification.chains(of: $0) } ?? []
            return RelocationRow(chains: chains.joined(separator: ";"))
        }
        var totals = summary.units[unit.id] ?? .init(unit: unit.id, name: unit.name, isCore: unit.isCore)
        defer { summary.units[unit.id] = totals }
        let (verdict, code) = relocation.classifier.judge(
            code: codeText, name: columns.text("name", in: row), chainLeader: columns.flag("chain_leader", in: row),
            kept: columns.flag("keep", in: row))
        let chains = code.map { rules.classification.chains(of: $0) } ?? []
        var judged = RelocationRow(chains: chains.joined(separator: ";"))
        switch verdict {
        case .unknownCode(let problem):
            totals.unknownCodes += 1
            judged.category = "unknown_code"
            judged.reasonZh = "行业代码无法识别（\(problem)），未判定是否疏解。"
            judged.reasonEn = "The industry code could not be read (\(problem)); not judged."
        case .excluded(let why):
            totals.excluded += 1
            judged.rules = "excluded:\(why)"
            judged.reasonZh = why == "chain_leader" ? "链主企业，不列入疏解。" : "区（市）县标记保留，不列入疏解。"
            judged.reasonEn = why == "chain_leader"
                ? "A chain-leader firm: not listed for relocation." : "Marked as kept by the district: not listed for relocation."
        case .notFlagged:
            break
        case .flagged(let category, let fired):
            guard let code, let definition = rules.categories[category] else { break }
            let land = columns.number("land", in: row)
            let revenue = columns.number("revenue", in: row)
            let score = relocation.priority.score(.init(
                revenue: revenue, tax: columns.number("tax", in: row), energy: columns.number("energy", in: row),
                water: columns.number("water", in: row), landM2: land, isCore: unit.isCore))
            totals.byCategory[category, default: 0] += 1
            totals.freedLandM2 += land ?? 0
            totals.employees += columns.number("employees", in: row) ?? 0
            totals.revenue += revenue ?? 0
            summary.flaggedRows += 1
            let names = rules.classification.divisionName(code)
            let cell = place.cell
            func fill(_ template: String, _ codeName: String?, district: String, unit: String) -> String {
                Relocation.fill(template, ["code": code.description, "code_name": codeName ?? code.description,
                                           "district": district, "unit": unit, "rules": fired.joined(separator: ", ")])
            }
            judged.flagged = true
            judged.category = category
            judged.rules = fired.joined(separator: ";")
            judged.priority = Relocation.round(score.priority)
            judged.priorityComponents = score.components
                .map { "\($0.id)=\($0.score.map(Relocation.short) ?? "n/a")×\(Relocation.short($0.weight))" }
                .joined(separator: "; ")
            judged.reasonZh = fill(definition.reasonZh, names?.zh, district: cell.district, unit: unit.name)
            judged.reasonEn = fill(definition.reasonEn, names?.en, district: cell.districtEn, unit: unit.nameEn)
            judged.freedLandM2 = land
            judged.receivers = relocation.sites?.rank(
                code: code, chains: chains, category: category, freedLandM2: land, at: place.projected(),
                top: relocation.top) ?? []
        }
        return judged
    }
}
