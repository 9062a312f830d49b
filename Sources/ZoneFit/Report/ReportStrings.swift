import Foundation

/// The report's language.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case zh, en

    /// The `lang` attribute of the HTML.
    public var tag: String { self == .zh ? "zh-CN" : "en" }
}

/// Every label and sentence of the report in Chinese and English, in one
/// place. Sentences take their numbers already formatted (`ReportFormat`), so
/// the figures in the text are the figures in the tables.
public struct ReportStrings: Sendable {
    public let language: ReportLanguage

    public init(_ language: ReportLanguage) { self.language = language }

    /// The Chinese or the English text.
    public func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    // MARK: Names from the data

    public func unitName(_ unit: ZoneUnit) -> String { t(unit.name, unit.nameEn) }
    /// The name on a map: in English the part before a comma, without a trailing " District", " County" or
    /// " City" (the full name is in the tooltip, the tables and the unit page).
    public func mapLabel(_ unit: ZoneUnit) -> String {
        guard language == .en else { return unit.name }
        var name = unit.nameEn.split(separator: ",").first.map(String.init) ?? unit.nameEn
        for suffix in [" District", " County", " City"] where name.hasSuffix(suffix) && name.count > suffix.count {
            name.removeLast(suffix.count)
        }
        return name
    }
    public var coreInsetTitle: String { t("核心区（放大）", "Core districts (enlarged)") }
    public var unitInsetTitle: String { t("放大", "Enlarged") }
    /// The interactive map's button that zooms to a map's inset.
    public var coreButton: String { t("核心区", "Core") }
    public var unitButton: String { t("放大", "Zoom in") }
    public func zoneName(_ zone: ZoneClass, scheme: ZoneScheme) -> String {
        let entry = scheme.zones.first { $0.id == zone }
        return t(entry?.name ?? zone.rawValue, entry?.nameEn ?? zone.rawValue)
    }
    public func categoryName(_ id: String, rules: NoncoreProfile) -> String {
        rules.categories[id].map { t($0.name, $0.nameEn) } ?? id
    }
    public func indicatorName(_ indicator: FitProfile.Indicator) -> String { t(indicator.name, indicator.nameEn) }
    /// An indicator's unit as the profile writes it; the English share units read in Chinese.
    public func indicatorUnit(_ unit: String) -> String {
        let chinese = [
            "share of unit area": "占单元面积比例", "share of days": "占天数比例", "share of firms": "占企业数比例",
            "share of manufacturing firms": "占制造业企业数比例",
        ]
        guard language == .en else { return chinese[unit] ?? unit }
        // Chinese measures in English: 万 is ten thousand, 亩 the mu (666.7 m²).
        return [("万元", "10k yuan"), ("万m³", "10k m³"), ("万", "10k "), ("亩", "mu")].reduce(unit) {
            $0.replacingOccurrences(of: $1.0, with: $1.1)
        }
    }
    public func gradeName(_ band: FitBand?) -> String { band.map { t($0.name, $0.nameEn) } ?? "—" }
    public func targetName(_ target: TargetTable.Target) -> String { t(target.name, target.nameEn) }
    public func targetUnit(_ target: TargetTable.Target) -> String { t(target.unit, target.unitEn) }
    public func measuredUnit(_ target: TargetTable.Target) -> String {
        t(target.measuredUnit ?? target.unit, target.measuredUnitEn ?? target.unitEn)
    }

    // MARK: Document

    public var title: String { t("成都市产业布局与资源环境匹配度报告", "Chengdu industrial layout and resource-environment fit report") }
    public func subtitle(scheme: String, date: String) -> String {
        t(
            "分区方案 \(scheme) · 生成于 \(date) · zonefit \(Provenance.toolVersion)",
            "Zone scheme \(scheme) · generated \(date) · zonefit \(Provenance.toolVersion)")
    }
    public var contents: String { t("目录", "Contents") }
    public var summary: String { t("摘要", "Summary") }
    public var keyFigures: String { t("关键数字", "Key figures") }
    public var findings: String { t("主要发现", "Findings") }
    public var zonesSection: String { t("分区与园区", "Zones and parks") }
    public var densitySection: String { t("企业密度", "Enterprise density") }
    public var relocationSection: String { t("中心城区非核心功能疏解", "Relocating non-core functions from the central city") }
    public var fitSection: String { t("资源环境匹配度", "Resource-environment fit") }
    public var unitsSection: String { t("统计单元", "Statistical units") }
    public var targetsSection: String { t("2025 年目标跟踪", "Tracking the 2025 targets") }
    public var methodSection: String { t("方法说明", "Methodology") }
    public var provenanceSection: String { t("数据来源与可复现性", "Provenance") }

    // MARK: Maps

    public var north: String { t("北", "N") }
    public var kilometres: String { t("公里", "km") }
    public func projectionNote(_ crs: String) -> String { t("投影 \(crs)", "Projection \(crs)") }
    public var zoneMapTitle: String {
        t("图 1  统计单元分区（五城区加粗描边）与产业园区", "Map 1  Statistical units by zone (core five outlined) and parks")
    }
    public var zoneLegend: String { t("分区", "Zone") }
    public var coreOutline: String { t("五城区（核心区）", "Core five districts") }
    public var parksLegend: String { t("产业园区（示意）", "Parks (illustrative)") }
    public var densityMapTitle: String { t("图 2  每平方公里企业数", "Map 2  Firms per km²") }
    public var densityLegend: String { t("家/平方公里", "firms per km²") }
    public var relocationMapTitle: String {
        t("图 3  中心城区疏解对象（按单元计数）", "Map 3  Firms flagged for relocation per central unit")
    }
    public var relocationLegend: String { t("疏解企业数", "Flagged firms") }
    public var relocationRateMapTitle: String { t("中心城区各单元每百家企业中的疏解企业数", "Flagged firms per 100 firms, central units") }
    public var relocationRateLegend: String { t("每百家企业疏解数", "Flagged per 100 firms") }
    public var freedLandMapTitle: String { t("中心城区各单元可腾退用地强度", "Land the flagged firms would free, central units") }
    public var freedLandLegend: String { t("腾退用地（公顷/平方公里）", "Freed land (ha per km²)") }
    public var notJudged: String { t("非中心城区（不判定）", "Outside the central city (not judged)") }
    public var fitMapTitle: String { t("图 4  耦合协调度 D", "Map 4  Coupling coordination degree D") }
    public var fitLegend: String { t("D 值（等级）", "D (grade)") }
    public func locatorTitle(_ name: String) -> String { t("\(name) 位置", "Where \(name) lies") }

    // MARK: Tables

    public var unitColumn: String { t("单元", "Unit") }
    public var idColumn: String { t("编号", "ID") }
    public var nameColumn: String { t("名称", "Name") }
    public var zoneColumn: String { t("分区", "Zone") }
    public var coreColumn: String { t("五城区", "Core") }
    public var districtsColumn: String { t("所在区（市）县", "Districts") }
    public var areaColumn: String { t("面积（平方公里）", "Area (km²)") }
    public var firmsColumn: String { t("企业数", "Firms") }
    public var densityColumn: String { t("家/平方公里", "Firms per km²") }
    public var flaggedColumn: String { t("疏解企业", "Flagged") }
    public var freedHaColumn: String { t("腾出用地（公顷）", "Freed land (ha)") }
    public var freedMuColumn: String { t("腾出用地（亩）", "Freed land (mu)") }
    public var employeesColumn: String { t("从业人员", "Employees") }
    public var unknownCodeColumn: String { t("代码无法识别", "Unreadable code") }
    public var excludedColumn: String { t("排除（链主/保留）", "Excluded (chain leader/kept)") }
    public var total: String { t("合计", "Total") }
    public var yes: String { t("是", "yes") }
    public var firmColumn: String { t("企业", "Firm") }
    public var categoryColumn: String { t("类别", "Category") }
    public var priorityColumn: String { t("优先度", "Priority") }
    public var freedM2Column: String { t("用地（平方米）", "Land (m²)") }
    public var receiverColumn: String { t("首选承接园区（距离）", "First receiving park (distance)") }
    public var reasonColumn: String { t("理由", "Reason") }
    public var parkColumn: String { t("园区", "Park") }
    public var pointedColumn: String { t("推荐承接企业数", "Firms pointed here") }
    public var rankColumn: String { t("排名", "Rank") }
    public var gradeColumn: String { t("等级", "Grade") }
    public var stableColumn: String { t("保持排名", "Rank kept") }
    public var rangeColumn: String { t("排名区间", "Rank range") }
    public var indicatorColumn: String { t("指标", "Indicator") }
    public var measureUnitColumn: String { t("单位", "Unit") }
    public var valueColumn: String { t("本单元", "This unit") }
    public var medianColumn: String { t("全市中位数", "City median") }
    public var versusColumn: String { t("与中位数比", "Against the median") }
    public var normalisedColumn: String { t("标准化值", "Normalised") }
    public var weightColumn: String { t("权重", "Weight") }
    public var subsystemColumn: String { t("子系统", "Subsystem") }
    public var directionColumn: String { t("方向", "Direction") }
    public var sourceColumn: String { t("数据来源", "Source") }
    public var targetColumn: String { t("目标", "Target") }
    public var sectionColumn: String { t("方案条款", "Plan section") }
    public var targetValueColumn: String { t("目标值", "Target value") }
    public var measuredColumn: String { t("测算值", "Measured") }
    public var baselineColumn: String { t("基期值", "Baseline") }
    public var changeColumn: String { t("变化", "Change") }
    public var statusColumn: String { t("状态", "Status") }
    public var methodColumn: String { t("测算方法", "How it is measured") }
    public var bandColumn: String { t("D 区间", "D range") }
    public var itemColumn: String { t("项目", "Item") }
    public var detailColumn: String { t("内容", "Detail") }

    public func subsystem(_ subsystem: FitProfile.Subsystem) -> String {
        subsystem == .capacity ? t("资源环境承载（U1）", "Capacity (U1)") : t("产业负荷（U2）", "Industrial load (U2)")
    }
    public func direction(_ direction: FitMethods.Direction) -> String {
        direction == .benefit ? t("正向（越大越好）", "benefit (higher is better)") : t("逆向（越小越好）", "cost (lower is better)")
    }
    /// How a unit's value compares with the city median, with the indicator's direction.
    public func versusMedian(value: Double, median: Double, direction: FitMethods.Direction) -> String {
        let tolerance = max(abs(median), 1e-12) * 1e-6
        if abs(value - median) <= tolerance { return t("持平", "equal") }
        let higher = value > median
        let better = higher == (direction == .benefit)
        return higher
            ? t(better ? "高于（较好）" : "高于（较差）", better ? "higher (better)" : "higher (worse)")
            : t(better ? "低于（较好）" : "低于（较差）", better ? "lower (better)" : "lower (worse)")
    }
    public func status(_ status: TargetTable.Status) -> String {
        switch status {
        case .met: return t("已达到", "met")
        case .notMet: return t("未达到", "not met")
        case .needsOutsideStatistics: return t("需外部统计数据", "needs outside statistics")
        case .needsBaseline: return t("需基期数据（--baseline）", "needs a baseline (--baseline)")
        case .noData: return t("输入数据无法测算", "the input cannot measure it")
        }
    }
    public var notMeasurable: String { t("需外部统计数据", "needs outside statistics") }

    // MARK: Sentences

    public func inputSentence(file: String, read: String, written: String, units: String, rejected: String) -> String {
        t(
            "本报告基于 \(file) 中的 \(read) 家企业：\(written) 家落入 \(units) 个统计单元，\(rejected) 家因坐标缺失或位于市域之外未能定位（见 data/relocate.rejects.csv）。",
            "This report reads \(read) firms from \(file): \(written) were placed in \(units) statistical units and \(rejected) could not be placed (missing coordinates or outside the city; see data/relocate.rejects.csv)."
        )
    }
    public func syntheticWarning(count: String, label: String) -> String {
        t(
            "注意：输入中 \(count) 家企业标记为 provenance = \(label)（合成或示意数据）。本报告中的数字只演示方法，不反映成都的实际情况。",
            "Note: \(count) firms in the input are marked provenance = \(label) (synthetic or illustrative data). The figures in this report demonstrate the method; they say nothing about Chengdu."
        )
    }
    /// "No data" where a figure's field is missing from the register (never 0).
    public var noData: String { t("无数据", "no data") }
    /// The land a relocation frees: "12.5 公顷（188 亩）", or no data when the register has no land figures (nil).
    func freedLand(ha: String?, mu: String?) -> String {
        guard let ha, let mu else { return t("无数据（登记表无用地面积）", "no data (the register has no land area)") }
        return t("\(ha) 公顷（\(mu) 亩）", "\(ha) ha (\(mu) mu)")
    }
    public func relocationSentence(flagged: String, breakdown: String, ha: String?, mu: String?, employees: String)
        -> String
    {
        let land = freedLand(ha: ha, mu: mu)
        return t(
            "中心城区共有 \(flagged) 家企业属行动方案三(五)1 所列非核心功能（\(breakdown)），疏解后可腾出用地 \(land)，涉及从业人员 \(employees) 人。",
            "In the central city \(flagged) firms are non-core functions under plan section 3(5)1 (\(breakdown)); relocating them would free land: \(land), and affect \(employees) employees."
        )
    }
    public func coreSentence(flagged: String, ha: String?) -> String {
        guard let ha else {
            return t("其中五城区 \(flagged) 家。", "Of these, \(flagged) are in the core five districts.")
        }
        return t(
            "其中五城区 \(flagged) 家，可腾出 \(ha) 公顷，用于高端功能再植入。",
            "Of these, \(flagged) are in the core five districts, freeing \(ha) ha for re-implanted high-end functions."
        )
    }
    public func mostFlaggedSentence(unit: String, count: String, landUnit: String, ha: String?) -> String {
        guard let ha else {
            return t("疏解对象最多的是\(unit)（\(count) 家）。", "\(unit) has the most flagged firms (\(count)).")
        }
        return t(
            "疏解对象最多的是\(unit)（\(count) 家），腾出用地最多的是\(landUnit)（\(ha) 公顷）。",
            "\(unit) has the most flagged firms (\(count)); \(landUnit) would free the most land (\(ha) ha).")
    }
    public func noFlagsSentence() -> String {
        t(
            "中心城区未发现行动方案三(五)1 所列的非核心功能企业。",
            "No firm in the central city is a non-core function under plan section 3(5)1.")
    }
    public func fitSentence(
        best: String, bestD: String, bestGrade: String, worst: String, worstD: String, worstGrade: String
    ) -> String {
        t(
            "资源环境匹配度（耦合协调度 D）最高的是\(best)（D = \(bestD)，\(bestGrade)），最低的是\(worst)（D = \(worstD)，\(worstGrade)）。",
            "Resource-environment fit (coupling coordination D) is highest in \(best) (D = \(bestD), \(bestGrade)) and lowest in \(worst) (D = \(worstD), \(worstGrade))."
        )
    }
    public func gradeSentence(_ parts: String) -> String {
        t("等级分布：\(parts)。", "Units by grade: \(parts).")
    }
    public func stabilitySentence(runs: String, percent: String, stable: String, units: String, most: String?) -> String
    {
        let mostZh = most.map { "；逐一剔除指标时，剔除“\($0)”对排名影响最大" } ?? ""
        let mostEn = most.map { "; leaving out \"\($0)\" moves the ranking most" } ?? ""
        return t(
            "权重随机扰动 ±\(percent)% 共 \(runs) 次，\(units) 个单元中有 \(stable) 个在至少 90% 的模拟中保持原排名\(mostZh)。",
            "Under \(runs) random weight perturbations of ±\(percent)%, \(stable) of \(units) units keep their rank in at least 90% of runs\(mostEn)."
        )
    }
    public func targetSentence(measurable: String, met: String, notMet: String, pending: String, external: String)
        -> String
    {
        t(
            "\(measurable) 项目标可由企业数据测算：\(met) 项已达到目标值，\(notMet) 项未达到，\(pending) 项需基期数据；另有 \(external) 项需外部统计数据。",
            "\(measurable) targets can be measured from the enterprise data: \(met) met, \(notMet) not met, \(pending) need a baseline; \(external) more need outside statistics."
        )
    }
    public func densitySentence(top: String, value: String) -> String {
        t("企业最密集的是\(top)，每平方公里 \(value) 家。", "Firms are densest in \(top), \(value) per km².")
    }
    public var targetCaveat: String {
        t(
            "测算值是输入文件中已定位企业的合计，按 GeoData/rules/targets.toml 所述口径计算。行动方案中的目标是官方统计口径（规上工业、总产值）：除非输入即为规上工业企业名录并含相应字段，测算值只是逐期同口径可比的参考值，不是官方统计数；营业收入代替产值。需外部统计数据的目标如实标注，不作估算。",
            "Measured values are sums over the placed firms of the input file, computed as GeoData/rules/targets.toml documents. The plan's targets are official statistics (above-scale industry, gross output value): unless the input is the above-scale register with those fields, a measured value is an indication comparable period to period, not the official figure, and revenue stands in for output value. Targets that need outside statistics say so; they are not estimated."
        )
    }
    public func unitHeader(zone: String, core: Bool, districts: String, area: String) -> String {
        t(
            "\(zone)\(core ? "，五城区之一" : "")；所在区（市）县 \(districts)；面积 \(area) 平方公里。",
            "\(zone)\(core ? ", one of the core five districts" : ""); districts \(districts); area \(area) km².")
    }
    public func unitFitSentence(
        d: String, grade: String, rank: String, of: String, share: String, low: String, high: String
    ) -> String {
        t(
            "耦合协调度 D = \(d)（\(grade)），在 \(of) 个单元中排第 \(rank) 位；权重扰动模拟中 \(share) 保持该排名，排名区间 \(low)–\(high)。",
            "Coupling coordination D = \(d) (\(grade)), rank \(rank) of \(of); \(share) of the weight perturbation runs keep this rank, range \(low)–\(high)."
        )
    }
    public func unitFlagsSentence(flagged: String, ha: String?, mu: String?, employees: String) -> String {
        let land = freedLand(ha: ha, mu: mu)
        return t(
            "本单元有 \(flagged) 家疏解对象，可腾出用地 \(land)，涉及从业人员 \(employees) 人。",
            "\(flagged) firms here are flagged for relocation, freeing land: \(land), and affecting \(employees) employees."
        )
    }
    public var uncertainFirmsColumn: String { t("可能位于本单元", "May lie here") }
    public func uncertainFirmsNote(_ count: String) -> String {
        t(
            "另有 \(count) 家企业按住所或统一社会信用代码定位，所在区（市）县已知而单元不确定，未计入任何单元的企业数与密度，只计入全市合计；“可能位于本单元”列为可能位于该单元的企业数（一家企业计入每个可能单元）。这些企业没有坐标，不在任何地图上。",
            "A further \(count) firms were placed by their address or USCC: their district is known, not their unit. They count in no unit's firms or density, only in the city totals; \u{201C}May lie here\u{201D} counts the firms that may lie in the unit (a firm counts in every such unit). They have no coordinates and are on no map."
        )
    }
    public var possiblyFlaggedColumn: String { t("可能疏解", "Possibly flagged") }
    public func possiblyFlaggedNote(_ count: String) -> String {
        t(
            "另有 \(count) 家非核心功能企业按登记信息定位、所在单元不确定且可能位于中心城区单元，列为“可能疏解”而非疏解对象，不计入疏解对象、腾退用地与从业人员合计；“可能疏解”列将其计入每个可能所在的中心城区单元，合计行为企业数（每家一次）。",
            "A further \(count) non-core firms were placed by their register entry in a district whose unit is uncertain and may be central: they are possibly flagged, not flagged, and are left out of the flagged, freed-land and employee totals; \u{201C}Possibly flagged\u{201D} counts each in every central unit it may lie in, and the total counts each firm once."
        )
    }
    public func unitPossiblyFlaggedSentence(_ count: String) -> String {
        t(
            "另有 \(count) 家非核心功能企业按登记信息定位，可能位于本单元（所在单元不确定），列为“可能疏解”，未计入上表。",
            "A further \(count) non-core firms placed by their register entry may lie in this unit (their unit is uncertain): possibly flagged, not counted above."
        )
    }
    public var unitNotCentral: String {
        t(
            "本单元不属中心城区，不判定疏解对象（行动方案三(五)1 只针对中心城区）。",
            "This unit is outside the central city, where no firm is judged for relocation (plan section 3(5)1 concerns the central city only)."
        )
    }
    public var unitNoReceivers: String {
        t("未给出园区图层（--parks），无承接地建议。", "No parks layer was given (--parks): no receiving sites.")
    }
    public func unitReceivesSentence(parks: String) -> String {
        t(
            "本单元内的园区被推荐为以下疏解企业的首选承接地：\(parks)。",
            "Parks in this unit are the first receiving site for flagged firms: \(parks).")
    }
    public var unitReceivesNone: String { t("本单元内的园区未被推荐为首选承接地。", "No park in this unit is a first receiving site.") }
    public var indicatorsHeading: String { t("指标与全市中位数", "Indicators against the city median") }
    public var flagsHeading: String { t("疏解对象", "Flagged firms") }
    public var topFirmsHeading: String { t("优先度最高的疏解对象", "Highest-priority flagged firms") }
    public var receiversHeading: String { t("承接园区", "Receiving sites") }
    public var rankingHeading: String { t("排名", "Ranking") }
    public var topFlaggedPerUnit: String {
        t("各中心城区单元优先度最高的疏解对象", "The highest-priority flagged firms of each central unit")
    }
    public func weightsSentence(method: String, list: String) -> String {
        t("权重方法：\(method)。权重：\(list)。", "Weighting: \(method). Weights: \(list).")
    }
    public func droppedNote(_ list: String) -> String {
        t(
            "以下指标无法测算，未计入评分：\(list)。",
            "These indicators could not be computed and are left out of the score: \(list).")
    }
    public func imputedNote(count: String) -> String {
        t(
            "\(count) 个缺失值以全市中位数插补（详见 data/fit.json 的 missing）。",
            "\(count) missing values were imputed with the city median (see `missing` in data/fit.json).")
    }
    public var units: String { t("个", "") }
    public var firms: String { t("家", "firms") }

    // MARK: Changes since last period (report --previous)

    public var changesSection: String { t("本期变化", "Changes since last period") }
    public func changesIntro(previous: String) -> String {
        t(
            "本节将本期企业名录与上期名录（\(previous)）按统一社会信用代码逐家比对（与 zonefit diff 相同），服务于行动方案四（一）“月通报、季调度”。逐家变化见 data/changes.csv，分单元汇总见 data/changes-summary.csv，搬迁进展见 data/progress.csv。",
            "This section compares this period's register with the previous one (\(previous)) firm by firm, matched by USCC as zonefit diff does, for the plan's 四(一) monthly reports and quarterly reviews. Each change is in data/changes.csv, the per-unit summary in data/changes-summary.csv, the relocation progress in data/progress.csv."
        )
    }
    public func changesReconciliation(
        before: String, stayed: String, movedOut: String, exited: String, after: String, movedIn: String,
        entered: String, absent: String
    ) -> String {
        t(
            "核对：上期 \(before) 家 = 留存 \(stayed) + 迁出单元 \(movedOut) + 退出 \(exited)；本期 \(after) 家 = 留存 \(stayed) + 迁入单元 \(movedIn) + 新进 \(entered)。退出中有 \(absent) 家在本期名录中缺失且无注销、吊销、迁出状态，名录可能不完整。",
            "Reconciliation: last period \(before) = stayed \(stayed) + moved out \(movedOut) + exited \(exited); this period \(after) = stayed \(stayed) + moved in \(movedIn) + entered \(entered). \(absent) of the exits are absent from this register with no status saying they left: the extract may be incomplete."
        )
    }
    public var netChangeMapTitle: String { t("各单元企业净变化（较上期）", "Net change in firms per unit since last period") }
    public var netChangeLegend: String { t("企业净变化", "Net change in firms") }
    public var progressIntro: String {
        t(
            "上期被标记疏解的企业本期所在：已迁出中心城区（relocated）、迁出核心城区但仍在中心城区（left_core）、中心城区内迁移、退出或原地未动。“已疏解企业”与“已腾退用地”按各层级计：单元为已离开该单元，核心城区合计为迁出中心城区、迁出核心城区或退出，中心城区合计为迁出中心城区或退出。",
            "Where the firms flagged for relocation last period are now: relocated out of the central city, left the core for another central unit (left_core), moved within the central city, exited, or in place. Firms and land freed count at each level: for a unit, no longer in it; for the core districts, relocated, left_core or exited; for the central city, relocated or exited."
        )
    }
    public var coreTotal: String { t("核心城区合计", "Core districts") }
    public var centralTotal: String { t("中心城区合计", "Central city") }
    public func outcomeName(_ outcome: RelocationProgress.Outcome) -> String {
        switch outcome {
        case .relocated: t("迁出中心城区", "Relocated")
        case .leftCore: t("迁出核心城区", "Left the core")
        case .movedWithinCentral: t("中心城区内迁移", "Moved within central")
        case .exited: t("退出", "Exited")
        case .inPlace: t("原地", "In place")
        case .unitUncertain: t("单元不确定", "Unit uncertain")
        }
    }
}
