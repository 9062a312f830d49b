import Foundation

/// The unit pages, the methodology and the provenance of the report.
extension ReportBuilder {
    // MARK: Unit pages

    func unitPage(_ index: Int) -> ReportDocument.Section {
        let s = strings
        let f = ReportFormat.self
        let unit = data.layer.units[index]
        let score = data.fit.score.units[index]
        let stability = data.fit.sensitivity.units[index]
        var blocks: [ReportDocument.Block] = [
            .paragraph(
                s.unitHeader(
                    zone: s.zoneName(unit.zone, scheme: data.layer.scheme), core: unit.isCore,
                    districts: districtNames(unit), area: f.number(unit.areaKm2, decimals: 1))),
            .figures(
                [
                    ("D", f.score(score.coupling.d), "d"),
                    (s.gradeColumn, s.gradeName(score.grade), "grade"),
                    (s.rankColumn, "\(score.rank) / \(data.layer.units.count)", "rank"),
                    (
                        s.stableColumn,
                        "\(f.percent(stability.shareAtRank)) (\(stability.rankMin)–\(stability.rankMax))",
                        "rank_share"
                    ),
                    (s.firmsColumn, f.integer(data.firms(unit)), "firms"),
                    (s.densityColumn, f.value(data.density(unit)), "firms_per_km2"),
                ]
                    + (data.uncertainFirms(unit) > 0
                        ? [(s.uncertainFirmsColumn, f.integer(data.uncertainFirms(unit)), "firms_unit_uncertain")] : [])
            ),
            .paragraph(
                s.unitFitSentence(
                    d: f.score(score.coupling.d), grade: s.gradeName(score.grade), rank: String(score.rank),
                    of: String(data.layer.units.count), share: f.percent(stability.shareAtRank),
                    low: String(stability.rankMin), high: String(stability.rankMax))),
            mapBlock(maps.locator(unit), caption: s.locatorTitle(s.unitName(unit))),
            .heading(s.indicatorsHeading),
        ]
        let medians = data.indicatorMedians
        let imputed = Set(
            data.fit.missing.filter { $0.unit == unit.id && $0.action.hasPrefix("median") }.map(\.indicator))
        let rows = data.fit.indicators.enumerated().map { j, indicator -> [ReportDocument.Cell] in
            let value = data.fit.raw[index][j]
            return [
                .init(s.indicatorName(indicator)), .init(s.indicatorUnit(indicator.unit)),
                .init(s.subsystem(indicator.subsystem)),
                .init(f.value(value) + (imputed.contains(indicator.id) ? " *" : ""), field: "raw_\(indicator.id)"),
                .init(f.value(medians[j]), field: "median_\(indicator.id)"),
                .init(s.versusMedian(value: value, median: medians[j], direction: indicator.direction)),
                .init(f.score(score.normalised[j]), field: "norm_\(indicator.id)"),
                .init(f.score(data.fit.score.weights[j]), field: "w_\(indicator.id)"),
            ]
        }
        blocks.append(
            .table(
                .init(
                    header: [
                        s.indicatorColumn, s.measureUnitColumn, s.subsystemColumn, s.valueColumn, s.medianColumn,
                        s.versusColumn, s.normalisedColumn, s.weightColumn,
                    ],
                    rows: rows, numericColumns: [3, 4, 6, 7])))
        if !imputed.isEmpty {
            blocks.append(.paragraph(s.t("* 缺失，以全市中位数插补。", "* missing, imputed with the city median.")))
        }
        blocks.append(.heading(s.flagsHeading))
        if unit.zone == .central {
            let totals = data.relocation.units[unit.id]
            let flagged = totals?.flagged ?? 0
            blocks.append(
                .paragraph(
                    s.unitFlagsSentence(
                        flagged: f.integer(flagged), ha: data.freedLand(totals?.freedLandM2 ?? 0)?.ha,
                        mu: data.freedLand(totals?.freedLandM2 ?? 0)?.mu,
                        employees: f.number(totals?.employees ?? 0, decimals: 0))))
            let categories = data.relocation.categories
            blocks.append(
                .table(
                    .init(
                        header: categories.map { s.categoryName($0, rules: data.rules) } + [
                            s.flaggedColumn, s.unknownCodeColumn, s.excludedColumn,
                        ],
                        rows: [
                            categories.map { .init(f.integer(totals?.byCategory[$0] ?? 0), field: $0) }
                                + [
                                    .init(f.integer(flagged), field: "flagged"),
                                    .init(f.integer(totals?.unknownCodes ?? 0), field: "unknown_codes"),
                                    .init(f.integer(totals?.excluded ?? 0), field: "excluded"),
                                ]
                        ],
                        rowUnits: [unit.id], numericColumns: Set(0..<(categories.count + 3)))))
            if let possibly = totals?.possiblyFlagged, possibly > 0 {
                blocks.append(.paragraph(s.unitPossiblyFlaggedSentence(f.integer(possibly))))
            }
            let top = data.tally.topFlagged[unit.id] ?? []
            if !top.isEmpty {
                blocks.append(.heading(s.topFirmsHeading))
                blocks.append(
                    .table(
                        .init(
                            header: firmHeader + [s.reasonColumn],
                            rows: top.map { firmCells($0, withUnit: false) + [.init(s.t($0.reasonZh, $0.reasonEn))] },
                            numericColumns: [2, 3])))
            }
            blocks.append(.heading(s.receiversHeading))
            if !data.parksGiven {
                blocks.append(.paragraph(s.unitNoReceivers))
            } else {
                let counts = (data.tally.receivers[unit.id] ?? [:]).sorted {
                    $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
                }
                blocks.append(
                    .table(
                        .init(
                            header: [s.parkColumn, s.unitColumn, s.pointedColumn],
                            rows: counts.prefix(8).map { park, count in
                                [
                                    .init(parkName(park)), .init(parkUnit(park)),
                                    .init(f.integer(count), field: "receiver_count"),
                                ]
                            }, numericColumns: [2])))
            }
        } else {
            blocks.append(.paragraph(s.unitNotCentral))
            if data.parksGiven {
                let here = data.geometry.parks.filter { $0.unit == unit.id }
                let pointed = here.compactMap { park in
                    data.tally.receivedByPark[park.id].map { "\(parkName(park.id)) \(f.integer($0))" }
                }
                blocks.append(
                    .paragraph(
                        pointed.isEmpty
                            ? s.unitReceivesNone
                            : s.unitReceivesSentence(parks: pointed.joined(separator: s.t("；", "; ")))))
            }
        }
        return .init(id: "unit-\(unit.id)", title: "\(s.unitName(unit))（\(unit.id)）", blocks: blocks)
    }

    func parkName(_ id: String) -> String {
        if let park = data.geometry.parks.first(where: { $0.id == id }) {
            return strings.t(park.name ?? id, park.nameEn ?? park.name ?? id)
        }
        return data.tally.parkNames[id] ?? id
    }

    func parkUnit(_ id: String) -> String {
        data.geometry.parks.first { $0.id == id }?.unit.map(unitLabel) ?? "—"
    }

    // MARK: Methodology

    func methodology() -> ReportDocument.Section {
        let s = strings
        let f = ReportFormat.self
        let result = data.fit
        let indicatorRows = result.indicators.enumerated().map { j, indicator -> [ReportDocument.Cell] in
            [
                .init(indicator.id), .init(s.indicatorName(indicator)), .init(s.subsystem(indicator.subsystem)),
                .init(s.direction(indicator.direction)),
                .init(f.score(result.score.weights[j]), field: "w_\(indicator.id)"), .init(indicator.source),
            ]
        }
        let bandRows = result.profile.bands.map { band -> [ReportDocument.Cell] in
            [
                .init("\(String(format: "%.1f", band.lower))–\(String(format: "%.1f", band.upper))"),
                .init(s.gradeName(band)),
            ]
        }
        let categories = data.relocation.categories.map { id -> String in
            let rules = data.rules.rules.filter { $0.category == id }.map(\.id).joined(separator: ", ")
            return "\(s.categoryName(id, rules: data.rules)) (\(id)): \(s.t("规则", "rules")) \(rules)"
        }
        let factors = data.rules.priority.map { "\($0.id) × \(f.number($0.weight, decimals: 2))" }.joined(
            separator: ", ")
        var blocks: [ReportDocument.Block] = [
            .heading(s.t("资源环境匹配度", "Resource-environment fit")),
            .paragraph(
                s.t(
                    "评价方案：\(result.profile.name)（\(result.profile.id)）。",
                    "Profile: \(result.profile.name) (\(result.profile.id)).")),
            .table(
                .init(
                    header: [
                        "id", s.indicatorColumn, s.subsystemColumn, s.directionColumn, s.weightColumn, s.sourceColumn,
                    ],
                    rows: indicatorRows, numericColumns: [4])),
            .bullets(
                [
                    s.t(
                        "标准化：极差法，按指标方向（正向 (x−min)/(max−min)，逆向 (max−x)/(max−min)），再平移到 [0.01, 1]，避免熵值法取 log 0。",
                        "Normalisation: min-max with each indicator's direction (benefit (x−min)/(max−min), cost (max−x)/(max−min)), shifted into [0.01, 1] so the entropy method never takes log 0."
                    ),
                    s.t(
                        "权重：\(result.profile.weighting.rawValue)（熵值法 / AHP（CR ≥ 0.10 拒绝）/ 方案固定权重）。",
                        "Weights: \(result.profile.weighting.rawValue) (entropy method / AHP, refused at CR ≥ 0.10 / fixed in the profile)."
                    ),
                    s.t(
                        "U1（资源环境承载）与 U2（产业负荷，已按方向转为越大负荷越轻）为各子系统指标的加权平均。",
                        "U1 (capacity) and U2 (industrial load, oriented so that higher means lighter) are the weighted means of each subsystem's indicators."
                    ),
                    "C = 2√(U1·U2)/(U1+U2)，T = αU1 + βU2（α = \(f.value(result.profile.alpha))，β = \(f.value(result.profile.beta))），D = √(C·T)",
                    s.t("排名按 D 从高到低，D 相同按单元编号。", "Units are ranked by D, highest first; ties go to the lower unit id."),
                    s.t(
                        "稳定性：每个权重乘以 1 + \(f.value(result.sensitivity.perturbation))·u（u 在 [−1, 1] 均匀分布，种子 \(result.sensitivity.seed)），重复 \(result.sensitivity.runs) 次，统计保持原排名的比例与排名区间；逐一剔除指标，看排名总位移。",
                        "Stability: each weight is multiplied by 1 + \(f.value(result.sensitivity.perturbation))·u (u uniform in [−1, 1], seed \(result.sensitivity.seed)), \(result.sensitivity.runs) runs; the share of runs keeping each unit's rank and its rank range; each indicator is left out in turn and the total rank shift measured."
                    ),
                    s.t(
                        "缺失值：\(result.profile.missing.rawValue)（median = 以全市中位数插补并报告）。",
                        "Missing values: \(result.profile.missing.rawValue) (median = imputed with the city median and reported)."
                    ),
                ] + (droppedIndicators().map { [s.droppedNote($0)] } ?? [])),
            .heading(s.t("D 等级", "Grades of D")),
            .table(.init(header: [s.bandColumn, s.gradeColumn], rows: bandRows)),
            .heading(s.t("非核心功能疏解", "Relocation of non-core functions")),
            .paragraph(
                s.t(
                    "规则方案：\(data.rules.name)（\(data.rules.id)），行业代码按 GB/T 4754-2017 判读；只判定中心城区单元内的企业，链主企业与标记保留的企业排除。",
                    "Rule profile: \(data.rules.name) (\(data.rules.id)); industry codes read as GB/T 4754-2017; only firms in central units are judged; chain leaders and firms marked keep are excluded."
                )),
            .bullets(
                categories + [
                    s.t(
                        "优先度（0–100）：各因子得分的加权平均（好阈值 0，差阈值 1，缺数据记 0.5）：\(factors)。",
                        "Priority (0–100): weighted mean of factor scores (0 at the good threshold, 1 at the bad, 0.5 where data are missing): \(factors)."
                    ),
                    s.t(
                        "承接园区得分 = 0.5·产业匹配 + 0.2·剩余用地 + 0.3·exp(−距离/30 km)，距离在 \(data.layer.scheme.areaCRS) 中计算；只考虑 accepts 列表包含该类别的园区。",
                        "Receiving-site score = 0.5·industry match + 0.2·spare land + 0.3·exp(−distance/30 km), distance in \(data.layer.scheme.areaCRS); only parks whose accepts list names the category."
                    ),
                    s.t(
                        "腾出用地 = 疏解企业用地面积之和；1 公顷 = 10,000 平方米，1 亩 = 666.67 平方米。",
                        "Freed land = Σ land of flagged firms; 1 ha = 10,000 m², 1 mu = 666.67 m²."),
                ]),
            .heading(s.t("地图", "Maps")),
            .bullets([
                s.t(
                    "单元边界在 \(data.geometry.crs) 中绘制（米），等比例缩放到图框，北向朝上；标注位于单元内部（GEOS point on surface），与已放置标注重叠者略去。",
                    "Units are drawn in \(data.geometry.crs) (metres), scaled uniformly to the frame, north up; labels sit at a point inside each unit (GEOS point on surface) and are left out where they would overlap a placed label."
                ),
                s.t(
                    "企业密度 = 单元内已定位企业数 ÷ 单元面积（平方公里），按分位数分 5 级，ColorBrewer YlGnBu 配色；疏解图用 YlOrRd；D 图按等级区间，viridis 配色；分区用 Okabe-Ito 配色。均为色盲友好配色。",
                    "Enterprise density = placed firms ÷ unit area (km²), five quantile classes in ColorBrewer YlGnBu; relocation in YlOrRd; D by grade band in viridis; zones in Okabe-Ito. All are colour-blind safe."
                ),
            ]),
            .heading(s.t("目标测算", "Measuring the targets")),
            .paragraph(s.targetCaveat),
        ]
        if data.parksGiven {
            blocks.append(
                .paragraph(
                    s.t(
                        "园区图层为示意范围（GeoData/README.md）。",
                        "The parks layer holds illustrative outlines (GeoData/README.md).")))
        }
        return .init(id: "methodology", title: s.methodSection, blocks: blocks)
    }

    // MARK: Provenance

    func provenance() -> ReportDocument.Section {
        let s = strings
        var rows: [[ReportDocument.Cell]] = [
            [.init(s.t("工具", "Tool")), .init("zonefit \(Provenance.toolVersion)")],
            [.init(s.t("生成时间", "Created")), .init(data.provenance.createdText, field: "created")],
            [.init(s.t("命令", "Command")), .init((["zonefit"] + data.provenance.arguments).joined(separator: " "))],
            [.init(s.t("分区方案", "Zone scheme")), .init("\(data.layer.scheme.id) — \(data.layer.scheme.name)")],
        ]
        for file in data.provenance.files {
            rows.append([
                .init(file.role),
                .init("\(file.id.map { "\($0) · " } ?? "")\(file.path) · SHA-256 \(file.sha256)", field: "sha256"),
            ])
        }
        rows.append([.init(s.t("投影", "Projected CRS")), .init(data.layer.scheme.areaCRS)])
        rows.append([.init(s.t("随机种子", "Random seed")), .init(String(data.fit.sensitivity.seed))])
        let outputs = [
            "report.html", "report.md", "maps/*.svg", "data/relocate.csv", "data/relocate.rejects.csv",
            "data/relocate-summary.csv",
            "data/fit.geojson", "data/fit.csv", "data/fit.json", "data/units.csv", "data/targets.csv",
        ]
        return .init(
            id: "provenance", title: s.provenanceSection,
            blocks: [
                .table(.init(id: "provenance-table", header: [s.itemColumn, s.detailColumn], rows: rows)),
                .paragraph(
                    s.t("本报告的每个数字都可在以下输出中找到：", "Every figure in this report can be traced to these outputs: ")
                        + outputs.joined(separator: ", ")),
                .paragraph(
                    s.t(
                        "同一输入、同一方案与种子重新运行，得到相同的数字。",
                        "Running again on the same inputs, profiles and seed gives the same figures.")),
            ])
    }
}
