import Foundation

/// Turns `ReportData` into the report's sections: summary, maps, relocation,
/// fit ranking, one page per unit, targets, methodology and provenance. Every
/// figure is read from the fit and relocate results and printed with
/// `ReportFormat`.
public struct ReportBuilder {
    public let data: ReportData
    public let strings: ReportStrings
    /// Input file name as shown in sentences.
    public let inputName: String

    public init(data: ReportData, language: ReportLanguage, inputName: String) {
        self.data = data
        self.strings = ReportStrings(language)
        self.inputName = inputName
    }

    public func build() throws -> ReportDocument {
        let date = String(data.provenance.createdText.prefix(10))
        var sections = [summary()] + (data.changes.map { [changes($0)] } ?? [])
        sections += [zones(), density(), relocation(), fit()] + (data.clusters.map { [chains($0)] } ?? [])
        sections += data.layer.units.indices.map { unitPage($0) }
        sections += [targets(), methodology(), provenance()]
        return ReportDocument(
            language: strings.language, title: strings.title,
            subtitle: strings.subtitle(scheme: data.layer.scheme.id, date: date), sections: sections,
            layers: try InteractiveMap.layers(data, strings: strings, maps: maps))
    }

    var maps: ReportMaps { ReportMaps(data: data, strings: strings) }

    func mapBlock(_ map: UnitMap, caption: String) -> ReportDocument.Block {
        .map(
            name: map.id, svg: map.render(data.geometry, strings: strings, standalone: false),
            standaloneSVG: map.render(data.geometry, strings: strings, standalone: true), caption: caption,
            spec: .init(map, origin: Point(x: data.geometry.envelope.minX, y: data.geometry.envelope.minY)))
    }

    func unit(_ id: String) -> ZoneUnit? { data.layer.units.first { $0.id == id } }
    /// The districts a unit lies in, by the names of the units they are (their adcodes where none is).
    func districtNames(_ unit: ZoneUnit) -> String {
        unit.adcodes.map { code in self.unit(code).map { strings.unitName($0) } ?? code }.joined(separator: ", ")
    }
    func unitLabel(_ id: String) -> String { unit(id).map { strings.unitName($0) } ?? id }

    // MARK: Summary

    func summary() -> ReportDocument.Section {
        let s = strings
        let f = ReportFormat.self
        var blocks: [ReportDocument.Block] = []
        for (label, count) in data.tally.totals.provenanceLabels.sorted(by: { $0.key < $1.key })
        where ["synthetic", "illustrative"].contains(label.lowercased()) {
            blocks.append(.note(s.syntheticWarning(count: f.integer(count), label: label)))
        }
        let all = data.relocation.ordered(data.layer)
        let freed = all.map(\.freedLandM2).reduce(0, +)
        let ranked = data.fit.score.units.indices.sorted {
            data.fit.score.units[$0].rank < data.fit.score.units[$1].rank
        }
        let measurable = data.targetRows.filter { $0.target.measure != .external }
        blocks.append(.heading(s.keyFigures))
        blocks.append(
            .figures([
                (s.t("已定位企业", "Firms placed"), f.integer(data.overlay.written), "written"),
                (s.t("统计单元", "Statistical units"), f.integer(data.layer.units.count), "units"),
                (s.t("中心城区疏解对象", "Flagged in the central city"), f.integer(data.relocation.totalFlagged), "flagged"),
                (s.t("可腾出用地（公顷）", "Land freed (ha)"), data.freedLand(freed)?.ha ?? s.noData, "freed_land_ha"),
                (
                    s.t("D 最高单元", "Highest D"),
                    ranked.first.map {
                        "\(s.unitName(data.layer.units[$0])) \(f.score(data.fit.score.units[$0].coupling.d))"
                    } ?? "—", "d_max"
                ),
                (
                    s.t("可测算目标已达到", "Measurable targets met"),
                    "\(measurable.filter { $0.status == .met }.count) / \(measurable.count)", "targets_met"
                ),
            ]))
        var findings: [String] = []
        findings.append(
            s.inputSentence(
                file: inputName, read: f.integer(data.overlay.read), written: f.integer(data.overlay.written),
                units: f.integer(data.layer.units.count), rejected: f.integer(data.overlay.rejected)))
        if data.relocation.totalFlagged > 0 {
            let breakdown = data.relocation.categories.compactMap { category -> String? in
                let count = all.map { $0.byCategory[category] ?? 0 }.reduce(0, +)
                return count > 0 ? "\(s.categoryName(category, rules: data.rules)) \(f.integer(count))" : nil
            }.joined(separator: s.t("、", ", "))
            findings.append(
                s.relocationSentence(
                    flagged: f.integer(data.relocation.totalFlagged), breakdown: breakdown,
                    ha: data.freedLand(freed)?.ha, mu: data.freedLand(freed)?.mu,
                    employees: f.number(all.map(\.employees).reduce(0, +), decimals: 0)))
            let core = all.filter(\.isCore)
            findings.append(
                s.coreSentence(
                    flagged: f.integer(core.map(\.flagged).reduce(0, +)),
                    ha: data.freedLand(core.map(\.freedLandM2).reduce(0, +))?.ha))
            if let most = all.max(by: { $0.flagged < $1.flagged }),
                let land = all.max(by: { $0.freedLandM2 < $1.freedLandM2 })
            {
                findings.append(
                    s.mostFlaggedSentence(
                        unit: unitLabel(most.unit), count: f.integer(most.flagged),
                        landUnit: unitLabel(land.unit), ha: data.freedLand(land.freedLandM2)?.ha))
            }
        } else {
            findings.append(s.noFlagsSentence())
        }
        if let densest = data.layer.units.max(by: { data.density($0) < data.density($1) }) {
            findings.append(s.densitySentence(top: s.unitName(densest), value: f.value(data.density(densest))))
        }
        if let best = ranked.first, let worst = ranked.last {
            let b = data.fit.score.units[best]
            let w = data.fit.score.units[worst]
            findings.append(
                s.fitSentence(
                    best: s.unitName(data.layer.units[best]), bestD: f.score(b.coupling.d),
                    bestGrade: s.gradeName(b.grade),
                    worst: s.unitName(data.layer.units[worst]), worstD: f.score(w.coupling.d),
                    worstGrade: s.gradeName(w.grade)))
        }
        let grades = data.fit.profile.bands.reversed().compactMap { band -> String? in
            let count = data.fit.score.units.filter { $0.grade == band }.count
            return count > 0 ? s.t("\(s.gradeName(band)) \(count) 个", "\(s.gradeName(band)) \(count)") : nil
        }
        findings.append(s.gradeSentence(grades.joined(separator: s.t("、", ", "))))
        let sensitivity = data.fit.sensitivity
        let stable = sensitivity.units.filter { $0.shareAtRank >= 0.9 }.count
        let most = sensitivity.mostInfluential.flatMap { id in data.fit.indicators.first { $0.id == id } }.map(
            s.indicatorName)
        findings.append(
            s.stabilitySentence(
                runs: f.integer(sensitivity.runs), percent: f.number(100 * sensitivity.perturbation, decimals: 0),
                stable: f.integer(stable), units: f.integer(data.layer.units.count), most: most))
        findings.append(
            s.targetSentence(
                measurable: f.integer(measurable.count), met: f.integer(measurable.filter { $0.status == .met }.count),
                notMet: f.integer(measurable.filter { $0.status == .notMet }.count),
                pending: f.integer(measurable.filter { $0.status == .needsBaseline }.count),
                external: f.integer(data.targetRows.count - measurable.count)))
        blocks.append(.heading(s.findings))
        blocks += findings.map { .paragraph($0) }
        return .init(id: "summary", title: s.summary, blocks: blocks)
    }

    // MARK: Zones and density

    func zones() -> ReportDocument.Section {
        let s = strings
        var blocks: [ReportDocument.Block] = [mapBlock(maps.zones(), caption: s.zoneMapTitle)]
        let rows = data.layer.units.map { unit -> [ReportDocument.Cell] in
            [
                .init(unit.id), .init(s.unitName(unit)),
                .init(s.zoneName(unit.zone, scheme: data.layer.scheme), field: "zone"),
                .init(unit.isCore ? s.yes : ""), .init(districtNames(unit)),
                .init(ReportFormat.number(unit.areaKm2, decimals: 1), field: "area_km2"),
            ]
        }
        blocks.append(
            .table(
                .init(
                    id: "units-table",
                    header: [s.idColumn, s.nameColumn, s.zoneColumn, s.coreColumn, s.districtsColumn, s.areaColumn],
                    rows: rows, rowUnits: data.layer.units.map(\.id), numericColumns: [5])))
        if !data.geometry.parks.isEmpty {
            let parks = data.geometry.parks.map { park in
                "\(s.t(park.name ?? park.id, park.nameEn ?? park.name ?? park.id))（\(park.unit.map(unitLabel) ?? "—")）"
            }
            blocks.append(
                .paragraph(
                    s.t("园区（示意范围）：", "Parks (illustrative outlines): ") + parks.joined(separator: s.t("；", "; "))))
        }
        return .init(id: "zones", title: s.zonesSection, blocks: blocks)
    }

    func density() -> ReportDocument.Section {
        let s = strings
        let f = ReportFormat.self
        let order = data.layer.units.sorted { data.density($0) > data.density($1) }
        // Firms placed by their register entry whose unit is uncertain are in no unit's density, and say so.
        let uncertain = data.overlay.unitUncertain
        let rows = order.map { unit -> [ReportDocument.Cell] in
            [
                .init(s.unitName(unit)), .init(f.integer(data.firms(unit)), field: "firms"),
                .init(f.number(unit.areaKm2, decimals: 1), field: "area_km2"),
                .init(f.value(data.density(unit)), field: "firms_per_km2"),
            ] + (uncertain > 0 ? [.init(f.integer(data.uncertainFirms(unit)), field: "firms_unit_uncertain")] : [])
        }
        var blocks: [ReportDocument.Block] = [
            mapBlock(maps.density(), caption: s.densityMapTitle),
            .table(
                .init(
                    id: "density-table",
                    header: [s.unitColumn, s.firmsColumn, s.areaColumn, s.densityColumn]
                        + (uncertain > 0 ? [s.uncertainFirmsColumn] : []),
                    rows: rows, rowUnits: order.map(\.id), numericColumns: Set(1...(uncertain > 0 ? 4 : 3)))),
        ]
        if uncertain > 0 { blocks.append(.paragraph(s.uncertainFirmsNote(f.integer(uncertain)))) }
        return .init(id: "density", title: s.densitySection, blocks: blocks)
    }

    // MARK: Relocation

    func relocation() -> ReportDocument.Section {
        let s = strings
        let f = ReportFormat.self
        let categories = data.relocation.categories
        var blocks: [ReportDocument.Block] = [
            mapBlock(maps.relocation(), caption: s.relocationMapTitle),
            mapBlock(maps.relocationRate(), caption: s.relocationRateMapTitle),
        ]
        if let freed = maps.freedLandDensity() { blocks.append(mapBlock(freed, caption: s.freedLandMapTitle)) }
        let ordered = data.relocation.ordered(data.layer)
        let possibly = data.relocation.possiblyFlaggedRows > 0
        var rows = ordered.map { totals -> [ReportDocument.Cell] in
            [.init(unitLabel(totals.unit)), .init(totals.isCore ? s.yes : "")]
                + categories.map { .init(f.integer(totals.byCategory[$0] ?? 0), field: $0) }
                + [
                    .init(f.integer(totals.flagged), field: "flagged"),
                    .init(data.freedLand(totals.freedLandM2)?.ha ?? s.noData, field: "freed_land_ha"),
                    .init(data.freedLand(totals.freedLandM2)?.mu ?? s.noData, field: "freed_land_mu"),
                    .init(f.number(totals.employees, decimals: 0), field: "employees"),
                    .init(f.integer(totals.unknownCodes), field: "unknown_codes"),
                    .init(f.integer(totals.excluded), field: "excluded"),
                ] + (possibly ? [.init(f.integer(totals.possiblyFlagged), field: "possibly_flagged")] : [])
        }
        let freed = ordered.map(\.freedLandM2).reduce(0, +)
        rows.append(
            [.init(s.total), .init("")]
                + categories.map { c in .init(f.integer(ordered.map { $0.byCategory[c] ?? 0 }.reduce(0, +))) }
                + [
                    .init(f.integer(data.relocation.totalFlagged)),
                    .init(data.freedLand(freed)?.ha ?? s.noData), .init(data.freedLand(freed)?.mu ?? s.noData),
                    .init(f.number(ordered.map(\.employees).reduce(0, +), decimals: 0)),
                    .init(f.integer(ordered.map(\.unknownCodes).reduce(0, +))),
                    .init(f.integer(ordered.map(\.excluded).reduce(0, +))),
                ] + (possibly ? [.init(f.integer(data.relocation.possiblyFlaggedRows))] : []))
        let header =
            [s.unitColumn, s.coreColumn] + categories.map { s.categoryName($0, rules: data.rules) }
            + [
                s.flaggedColumn, s.freedHaColumn, s.freedMuColumn, s.employeesColumn, s.unknownCodeColumn,
                s.excludedColumn,
            ] + (possibly ? [s.possiblyFlaggedColumn] : [])
        blocks.append(
            .table(
                .init(
                    id: "relocation-table", header: header, rows: rows,
                    rowUnits: ordered.map { Optional($0.unit) } + [nil], numericColumns: Set(2..<header.count))))
        if possibly {
            blocks.append(.paragraph(s.possiblyFlaggedNote(f.integer(data.relocation.possiblyFlaggedRows))))
        }
        blocks.append(.heading(s.topFlaggedPerUnit))
        var firmRows: [[ReportDocument.Cell]] = []
        var firmUnits: [String?] = []
        for totals in ordered {
            for firm in data.tally.topFlagged[totals.unit] ?? [] {
                firmRows.append(firmCells(firm, withUnit: true))
                firmUnits.append(totals.unit)
            }
        }
        blocks.append(
            .table(
                .init(
                    id: "top-flagged", header: [s.unitColumn] + firmHeader, rows: firmRows, rowUnits: firmUnits,
                    numericColumns: [3, 4])))
        return .init(id: "relocation", title: s.relocationSection, blocks: blocks)
    }

    var firmHeader: [String] {
        [
            strings.firmColumn, strings.categoryColumn, strings.priorityColumn, strings.freedM2Column,
            strings.receiverColumn,
        ]
    }

    func firmCells(_ firm: ReportTally.FlaggedFirm, withUnit: Bool) -> [ReportDocument.Cell] {
        let f = ReportFormat.self
        let receiver =
            firm.receiver.map { id in
                "\(firm.receiverName ?? id)\(firm.receiverKm.map { "（\(f.number($0, decimals: 1)) km）" } ?? "")"
            } ?? "—"
        return (withUnit ? [.init(unitLabel(firm.unit))] : []) + [
            .init("\(firm.name) [\(firm.id)]"),
            .init(strings.categoryName(firm.category, rules: data.rules), field: "noncore_category"),
            .init(f.number(firm.priority, decimals: 2), field: "priority"),
            .init(firm.freedLandM2.map { f.number($0, decimals: 0) } ?? "—", field: "freed_land_m2"),
            .init(receiver, field: "receiver_1"),
        ]
    }

    // MARK: Fit

    func fit() -> ReportDocument.Section {
        let s = strings
        let f = ReportFormat.self
        let result = data.fit
        let order = result.score.units.indices.sorted { result.score.units[$0].rank < result.score.units[$1].rank }
        let rows = order.map { i -> [ReportDocument.Cell] in
            let unit = result.layer.units[i]
            let score = result.score.units[i]
            let stability = result.sensitivity.units[i]
            return [
                .init(String(score.rank), field: "rank"), .init(s.unitName(unit)),
                .init(s.zoneName(unit.zone, scheme: data.layer.scheme)),
                .init(f.score(score.u1), field: "u1"), .init(f.score(score.u2), field: "u2"),
                .init(f.score(score.coupling.c), field: "c"),
                .init(f.score(score.coupling.t), field: "t"), .init(f.score(score.coupling.d), field: "d"),
                .init(s.gradeName(score.grade), field: "grade"),
                .init(f.percent(stability.shareAtRank), field: "rank_share"),
                .init("\(stability.rankMin)–\(stability.rankMax)", field: "rank_range"),
            ]
        }
        let weights = zip(result.indicators, result.score.weights).map { "\(s.indicatorName($0)) \(f.score($1))" }
        var blocks: [ReportDocument.Block] = [
            mapBlock(maps.fit(), caption: s.fitMapTitle),
            .heading(s.rankingHeading),
            .table(
                .init(
                    id: "fit-ranking",
                    header: [
                        s.rankColumn, s.unitColumn, s.zoneColumn, "U1", "U2", "C", "T", "D", s.gradeColumn,
                        s.stableColumn, s.rangeColumn,
                    ],
                    rows: rows, rowUnits: order.map { result.layer.units[$0].id },
                    numericColumns: [0, 3, 4, 5, 6, 7, 9, 10])),
            .paragraph(
                s.weightsSentence(
                    method: result.profile.weighting.rawValue, list: weights.joined(separator: s.t("；", "; ")))),
        ]
        if let dropped = droppedIndicators() { blocks.append(.paragraph(s.droppedNote(dropped))) }
        let imputed = result.missing.filter { $0.action.hasPrefix("median") }.count
        if imputed > 0 { blocks.append(.paragraph(s.imputedNote(count: f.integer(imputed)))) }
        return .init(id: "fit", title: s.fitSection, blocks: blocks)
    }

    /// The fit indicators left out of the score, each with why ("产业用地密度（the register has no land
    /// column …）"); nil when none was.
    func droppedIndicators() -> String? {
        let result = data.fit
        guard !result.dropped.isEmpty else { return nil }
        return result.dropped.map { id in
            let name = result.profile.indicators.first { $0.id == id }.map(strings.indicatorName) ?? id
            let reason = result.missing.first { $0.indicator == id }?.action.replacingOccurrences(
                of: "indicator dropped: ", with: "")
            return reason.map { "\(name)（\($0)）" } ?? name
        }.joined(separator: strings.t("；", "; "))
    }

    // MARK: Targets

    func targets() -> ReportDocument.Section {
        let s = strings
        let f = ReportFormat.self
        let hasBaseline = data.targetRows.contains { $0.baseline != nil }
        let rows = data.targetRows.map { row -> [ReportDocument.Cell] in
            let target = row.target
            let targetText: String
            switch target.comparison {
            case .changeAtMost, .changeAtLeast:
                targetText =
                    "\(s.t("较基期", "vs baseline")) \(target.comparison.symbol) \(f.value(target.target)) \(s.targetUnit(target))"
            default:
                targetText = "\(target.comparison.symbol) \(f.value(target.target)) \(s.targetUnit(target))"
            }
            let measured =
                target.measure == .external
                ? s.notMeasurable
                : row.value.map { "\(f.value($0)) \(s.measuredUnit(target))" } ?? "—"
            var cells: [ReportDocument.Cell] = [
                .init(s.targetName(target)), .init(target.section), .init(targetText),
                .init(measured, field: "value"),
            ]
            if hasBaseline {
                cells.append(.init(row.baseline.map { f.value($0) } ?? "—", field: "baseline"))
                cells.append(
                    .init(
                        row.changePercent.map { (($0 >= 0) ? "+" : "") + f.number($0, decimals: 1) + "%" } ?? "—",
                        field: "change"))
            }
            cells += [.init(s.status(row.status), field: "status"), .init(s.t(target.method, target.methodEn))]
            return cells
        }
        var header = [s.targetColumn, s.sectionColumn, s.targetValueColumn, s.measuredColumn]
        if hasBaseline { header += [s.baselineColumn, s.changeColumn] }
        header += [s.statusColumn, s.methodColumn]
        return .init(
            id: "targets", title: s.targetsSection,
            blocks: [
                .paragraph(
                    s.t(
                        "目标来自 \(data.targets.policy)，逐条见 GeoData/rules/targets.toml。",
                        "Targets from \(data.targets.policy); each is documented in GeoData/rules/targets.toml.")),
                .table(
                    .init(
                        id: "targets-table", header: header, rows: rows, rowUnits: data.targetRows.map(\.target.id),
                        rowAttribute: "data-target",
                        numericColumns: [3])),
                .note(s.targetCaveat),
            ])
    }
}
