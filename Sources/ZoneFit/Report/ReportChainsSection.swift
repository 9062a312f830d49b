/// The report's "产业链集聚 / chains and clusters" section (建圈强链): how the
/// chains are measured, the hot-spot map, the coverage table (leaders and the
/// links missing in the city), and a location-quotient map per chain with
/// firms. Every figure is `zonefit clusters`' (data/clusters.csv, .json).
extension ReportBuilder {
    func chains(_ clusters: ClustersResult) -> ReportDocument.Section {
        let s = strings
        let f = ReportFormat.self
        var blocks: [ReportDocument.Block] = [
            .paragraph(
                s.t(
                    "区位熵 LQ =（单元内该链企业 ÷ 单元内全部企业）÷（全市该链企业 ÷ 全市全部企业），“全部企业”为行业代码可读的已定位企业；LQ > 1 表示该单元比全市更集中于这条链。企业不足 \(clusters.request.minimumFirms) 家或链内不足 \(LocationQuotient.minimumChainFirms) 家的单元不计。热点为 \(f.integer(Int(clusters.grid.size))) 米格网上的 Getis-Ord Gi*（\(clusters.weights.summary)，含本格），经 Benjamini–Hochberg 校正后 q ≤ \(clusters.request.alpha)。链与行业代码的对应见 GeoData/rules/chains.csv（规划版本 \(clusters.chains.plan)），部分为 zonefit 的判断。",
                    "Location quotient LQ = (chain firms in the unit ÷ all firms in the unit) ÷ (chain firms in the city ÷ all firms in the city), \"all\" being every placed firm with a readable industry code; LQ > 1 means the unit leans to the chain more than the city does. Units with fewer than \(clusters.request.minimumFirms) firms, or fewer than \(LocationQuotient.minimumChainFirms) in the chain, are not rated. Hot spots are Getis-Ord Gi* on a \(f.integer(Int(clusters.grid.size))) m grid (\(clusters.weights.summary), the cell itself included), significant at Benjamini-Hochberg q ≤ \(clusters.request.alpha). Which codes make a chain is in GeoData/rules/chains.csv (plan \(clusters.chains.plan)); part of it is zonefit's judgement."
                )),
            mapBlock(maps.hotSpots(clusters), caption: s.t("产业链热点", "Chain hot spots")),
            .table(coverageTable(clusters)),
        ]
        for chain in clusters.chains.chains.indices where clusters.coverage[chain].firms > 0 {
            let name = maps.chainName(clusters.chains.chains[chain])
            blocks.append(
                mapBlock(maps.locationQuotient(clusters, chain: chain), caption: s.t("\(name)区位熵", "\(name): LQ")))
        }
        return .init(id: "chains", title: s.t("产业链集聚（建圈强链）", "Chains and clusters"), blocks: blocks)
    }

    private func coverageTable(_ clusters: ClustersResult) -> ReportDocument.Table {
        let s = strings
        let f = ReportFormat.self
        let measure = clusters.request.measure
        let rows = clusters.chains.chains.indices.map { chain -> [ReportDocument.Cell] in
            let coverage = clusters.coverage[chain]
            let top = clusters.ranked(chain: chain)
                .prefix(3).map {
                    "\(unitLabel(data.layer.units[$0.unit].id)) \(f.number($0.value(measure) ?? 0, decimals: 2))"
                }
            let leaders = coverage.leaderUnits.prefix(3).map { unitLabel(data.layer.units[$0.unit].id) }
            return [
                .init(maps.chainName(clusters.chains.chains[chain])), .init(f.integer(coverage.firms), field: "firms"),
                .init(top.isEmpty ? "—" : top.joined(separator: "、"), field: "top_units"),
                .init(f.integer(clusters.hotSpots[chain].hotCells), field: "hot_cells"),
                .init(leaders.isEmpty ? "—" : leaders.joined(separator: "、"), field: "leader_units"),
                .init(
                    coverage.missing.isEmpty ? "—" : coverage.missing.map(\.description).joined(separator: " "),
                    field: "missing_links"),
            ]
        }
        return .init(
            id: "chains-table",
            header: [
                s.t("产业链", "Chain"), s.t("企业", "Firms"), s.t("区位熵最高的单元", "Most specialised units (LQ)"),
                s.t("热点格", "Hot cells"), s.t("链主所在", "Chain leaders in"), s.t("缺失环节（补链）", "Missing links"),
            ],
            rows: rows, rowUnits: clusters.chains.chains.map { _ in nil }, numericColumns: [1, 3])
    }
}
