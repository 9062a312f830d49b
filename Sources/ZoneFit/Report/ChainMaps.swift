/// The chains' maps: each unit's location quotient, diverging at 1 (as
/// specialised as the city), and the significant Gi* hot spots of every chain.
extension ReportMaps {
    /// The quotient of one chain by firms; units whose quotient is not reliable are drawn as no data.
    func locationQuotient(_ clusters: ClustersResult, chain: Int) -> UnitMap {
        let definition = clusters.chains.chains[chain]
        var map = UnitMap(
            id: "lq-\(definition.id)",
            title: strings.t("\(definition.name)：区位熵", "\(definition.nameEn): location quotient"))
        // Symmetric about 1 on a ratio scale: ½ and 2 are as far from 1 either way.
        let classes = MapClasses(
            breaks: [0, 0.5, 0.8, 1.25, 2, .greatestFiniteMagnitude], colors: ColorScheme.rdBu.reversed(),
            format: { ReportFormat.number($0, decimals: 2) })
        for quotient in clusters.quotients where quotient.chain == chain {
            let unit = data.layer.units[quotient.unit]
            if quotient.reliable, let value = quotient.value(clusters.request.measure) {
                map.styles[unit.id] = .init(
                    fill: classes.color(value), value: ReportFormat.number(value, decimals: 2), emphasised: unit.isCore)
            } else {
                map.styles[unit.id] = .init(fill: ColorScheme.noData, emphasised: unit.isCore)
            }
        }
        map.labels = labels
        map.legendTitle = strings.t("区位熵（企业数）", "Location quotient (firms)")
        map.legend = [
            .init(ColorScheme.rdBu[0], strings.t("≥ 2 高度集聚", "≥ 2 strongly specialised")),
            .init(ColorScheme.rdBu[1], "1.25–2"),
            .init(ColorScheme.rdBu[2], strings.t("0.8–1.25 与全市相当", "0.8–1.25 as the city")),
            .init(ColorScheme.rdBu[3], "0.5–0.8"),
            .init(ColorScheme.rdBu[4], "< 0.5"),
            .init(ColorScheme.noData, strings.t("企业太少，不计", "too few firms")),
        ]
        return withCoreInset(map)
    }

    /// Every grid cell that is a significant hot spot of some chain (Gi*, FDR), coloured by the chain with the
    /// highest z there.
    func hotSpots(_ clusters: ClustersResult) -> UnitMap {
        var map = UnitMap(id: "hot-spots", title: strings.t("产业链热点（Gi*）", "Chain hot spots (Gi*)"))
        for unit in data.layer.units { map.styles[unit.id] = .init(fill: "#f2f2f2", emphasised: unit.isCore) }
        let colors = Self.chainColors(clusters.chains.chains.count)
        var shown = Set<Int>()
        for cell in clusters.grid.cells.indices {
            let hot = clusters.hotSpots.indices.filter { clusters.hotSpots[$0].spots[cell] == .hot }
            guard let chain = hot.max(by: { clusters.hotSpots[$0].z[cell]! < clusters.hotSpots[$1].z[cell]! }) else {
                continue
            }
            shown.insert(chain)
            let box = clusters.grid.envelope(of: cell)
            map.markers.append(
                .init(point: Point(x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2), color: colors[chain]))
        }
        map.markerRadius = 1.8
        map.shownLayers = [InteractiveMap.Layer.hotSpots]
        map.labels = labels
        map.legendTitle = strings.t(
            "显著热点格网（FDR q ≤ \(clusters.request.alpha)）", "Significant hot cells (FDR q ≤ \(clusters.request.alpha))")
        map.legend = shown.sorted().map { .init(colors[$0], chainName(clusters.chains.chains[$0]), swatch: .dot) }
        return withCoreInset(map)
    }

    func chainName(_ chain: ChainTable.Chain) -> String { strings.t(chain.name, chain.nameEn) }

    /// Okabe-Ito, then darker tones, one per chain.
    static func chainColors(_ count: Int) -> [String] {
        let extra = ["#882255", "#117733", "#332288", "#999933", "#44AA99"]
        let palette = ColorScheme.okabeIto.filter { $0 != "#F0E442" } + extra
        return (0..<count).map { palette[$0 % palette.count] }
    }
}
