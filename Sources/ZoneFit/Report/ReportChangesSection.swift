/// The report's "本期变化 / changes since last period" section (`report
/// --previous`): the reconciliation, a map of net change per unit, the per-unit
/// changes, relocation progress in the core districts, the conflicts and the
/// target trends. Every figure is the `diff` summary's or progress table's.
extension ReportBuilder {
    func changes(_ changes: ReportChanges) -> ReportDocument.Section {
        let s = strings
        let f = ReportFormat.self
        let units = data.layer.units
        let total = changes.summary.total
        var blocks: [ReportDocument.Block] = [
            .paragraph(s.changesIntro(previous: changes.previousName)),
            .figures([
                (s.t("上期企业", "Firms last period"), f.integer(total.before), "before"),
                (s.t("本期企业", "Firms this period"), f.integer(total.after), "after"),
                (s.t("新进", "Entered"), f.integer(total.entered), "entered"),
                (s.t("退出", "Exited"), f.integer(total.exited), "exited"),
                (s.t("跨单元迁移", "Moved between units"), f.integer(total.movedIn), "moved"),
                (s.t("核心城区新增非核心企业", "New non-core firms in the core"), f.integer(changes.conflicts.count), "conflicts"),
            ]),
            .paragraph(
                s.changesReconciliation(
                    before: f.integer(total.before), stayed: f.integer(total.stayed),
                    movedOut: f.integer(total.movedOut), exited: f.integer(total.exited),
                    after: f.integer(total.after), movedIn: f.integer(total.movedIn),
                    entered: f.integer(total.entered), absent: f.integer(total.absent))),
            mapBlock(maps.netChange(changes.summary), caption: s.netChangeMapTitle),
        ]
        let order = units.indices.sorted { changes.summary.units[$0].net < changes.summary.units[$1].net }
        let unitRows = order.map { index -> [ReportDocument.Cell] in
            let counts = changes.summary.units[index]
            return [
                .init(s.unitName(units[index])), .init(f.integer(counts.before), field: "before"),
                .init(f.integer(counts.after), field: "after"), .init(f.integer(counts.entered), field: "entered"),
                .init(f.integer(counts.exited), field: "exited"), .init(f.integer(counts.movedIn), field: "moved_in"),
                .init(f.integer(counts.movedOut), field: "moved_out"),
                .init(f.signed(counts.net), field: "net"),
            ]
        }
        blocks.append(
            .table(
                .init(
                    id: "changes-table",
                    header: [
                        s.unitColumn, s.t("上期", "Before"), s.t("本期", "After"), s.t("新进", "Entered"),
                        s.t("退出", "Exited"), s.t("迁入", "Moved in"), s.t("迁出", "Moved out"), s.t("净变化", "Net"),
                    ],
                    rows: unitRows, rowUnits: order.map { units[$0].id }, numericColumns: Set(1...7))))
        blocks.append(.heading(s.t("核心城区搬迁进展", "Relocation progress in the core districts")))
        blocks.append(.paragraph(s.progressIntro))
        blocks.append(.table(progressTable(changes)))
        blocks.append(.heading(s.t("与规划冲突：核心城区新增的非核心企业", "Conflicts: non-core firms new in the core")))
        blocks.append(contentsOf: conflicts(changes))
        if let trends = targetTrends(changes) { blocks += [.heading(s.t("目标变化", "Target trends")), .table(trends)] }
        return .init(id: "changes", title: s.changesSection, blocks: blocks)
    }

    /// The core districts, their total and the central city's, with what counts as freed at each level.
    private func progressTable(_ changes: ReportChanges) -> ReportDocument.Table {
        let s = strings
        let f = ReportFormat.self
        let core = Set(data.layer.units.filter(\.isCore).map(\.id))
        let rows = changes.progress.rows(data.layer).filter {
            core.contains($0.id) || $0.id == "core" || $0.id == "central"
        }
        func share(_ value: Double?) -> String { value.map(f.percent) ?? "—" }
        let outcomes: [RelocationProgress.Outcome] = [.relocated, .leftCore, .movedWithinCentral, .exited, .inPlace]
        let cells = rows.map { row -> [ReportDocument.Cell] in
            let name = unit(row.id).map { s.unitName($0) } ?? (row.id == "core" ? s.coreTotal : s.centralTotal)
            return [.init(name), .init(f.integer(row.counts.flagged), field: "flagged")]
                + outcomes.map { .init(f.integer(row.counts.byOutcome[$0] ?? 0), field: $0.rawValue) }
                + (changes.parksGiven ? [.init(f.integer(row.counts.relocatedToPark), field: "relocated_to_park")] : [])
                + [
                    .init(share(row.counts.freedShare(row.freed)), field: "freed_share"),
                    .init(share(row.counts.freedLandShare(row.freed)), field: "freed_land_share"),
                    .init(f.integer(row.counts.conflicts), field: "conflicts"),
                ]
        }
        let header =
            [s.unitColumn, s.flaggedColumn] + outcomes.map { s.outcomeName($0) }
            + (changes.parksGiven ? [s.t("其中入园", "of which in a park")] : [])
            + [s.t("已疏解企业", "Firms freed"), s.t("已腾退用地", "Land freed"), s.t("冲突", "Conflicts")]
        return .init(
            id: "progress-table", header: header, rows: cells,
            rowUnits: rows.map { core.contains($0.id) ? $0.id : nil },
            numericColumns: Set(1..<header.count))
    }

    private func conflicts(_ changes: ReportChanges) -> [ReportDocument.Block] {
        let s = strings
        guard !changes.conflicts.isEmpty else { return [.paragraph(s.t("本期没有。", "None this period."))] }
        let listed = changes.conflicts.prefix(ReportChanges.listedConflicts)
        var blocks: [ReportDocument.Block] = [
            .table(
                .init(
                    id: "conflicts-table",
                    header: [
                        s.unitColumn, s.t("企业", "Firm"), s.t("统一社会信用代码", "USCC"), s.t("行业代码", "Code"),
                        s.t("类别", "Category"), s.t("变化", "Change"),
                    ],
                    rows: listed.map { conflict in
                        [
                            .init(unitLabel(conflict.unit)), .init(conflict.name ?? "—"), .init(conflict.key),
                            .init(conflict.code ?? "—"),
                            .init(conflict.category.map { s.categoryName($0, rules: data.rules) } ?? "—"),
                            .init(conflict.entered ? s.t("新进", "entered") : s.t("迁入", "moved in")),
                        ]
                    }, rowUnits: listed.map(\.unit)))
        ]
        if changes.conflicts.count > listed.count {
            blocks.append(
                .paragraph(
                    s.t(
                        "另有 \(changes.conflicts.count - listed.count) 家，见 data/changes.csv（new_noncore_in_core）。",
                        "\(changes.conflicts.count - listed.count) more in data/changes.csv (new_noncore_in_core).")))
        }
        return blocks
    }

    /// The targets measured in both periods, previous against current; nil where none is.
    private func targetTrends(_ changes: ReportChanges) -> ReportDocument.Table? {
        let s = strings
        let f = ReportFormat.self
        let previous = Dictionary(changes.previousTargets.map { ($0.target.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = data.targetRows.compactMap { row -> (String, [ReportDocument.Cell])? in
            guard let now = row.value, let before = previous[row.target.id]?.value else { return nil }
            return (
                row.target.id,
                [
                    .init(s.targetName(row.target)), .init(f.value(before), field: "previous_value"),
                    .init(f.value(now), field: "value"), .init(f.value(now - before), field: "change"),
                    .init(s.measuredUnit(row.target)), .init(s.status(row.status), field: "status"),
                ]
            )
        }
        guard !rows.isEmpty else { return nil }
        return .init(
            id: "target-trends",
            header: [
                s.targetColumn, s.t("上期", "Last period"), s.t("本期", "This period"), s.t("变化", "Change"),
                s.t("单位", "Unit"), s.statusColumn,
            ],
            rows: rows.map(\.1), rowUnits: rows.map(\.0), rowAttribute: "data-target", numericColumns: [1, 2, 3])
    }
}
