import GeoKit

/// The report's maps, each a `UnitMap` of every unit: zones, enterprise
/// density, relocation, the fit's D, and a small locator per unit page.
struct ReportMaps {
    let data: ReportData
    let strings: ReportStrings

    /// Labels most important first: the core five (small, crowded), then by area.
    var labels: [(unit: String, text: String)] {
        data.layer.units.sorted { a, b in
            a.isCore != b.isCore ? a.isCore : a.areaKm2 > b.areaKm2
        }.map { ($0.id, strings.mapLabel($0)) }
    }

    /// A map with the core inset (none when the scheme has no core).
    func withCoreInset(_ map: UnitMap) -> UnitMap {
        var map = map
        map.inset = data.coreInset
        map.insetTitle = strings.coreInsetTitle
        map.insetButton = strings.coreButton
        return map
    }

    func zones() -> UnitMap {
        var map = UnitMap(id: "zones", title: strings.zoneMapTitle)
        for unit in data.layer.units {
            map.styles[unit.id] = .init(
                fill: ColorScheme.zone(unit.zone), value: unit.zone.rawValue, emphasised: unit.isCore)
        }
        map.labels = labels
        map.legendTitle = strings.zoneLegend
        map.legend =
            ZoneClass.allCases.map { .init(ColorScheme.zone($0), strings.zoneName($0, scheme: data.layer.scheme)) }
            + [.init("#000000", strings.coreOutline, swatch: .outline)]
        if !data.geometry.parks.isEmpty {
            map.drawParks = true
            map.shownLayers = [InteractiveMap.Layer.parks]
            map.legend.append(.init(map.parkColor, strings.parksLegend, swatch: .hatch))
        }
        return withCoreInset(map)
    }

    func density() -> UnitMap {
        var map = UnitMap(id: "density", title: strings.densityMapTitle)
        let values = data.layer.units.map { data.density($0) }
        let classes = MapClasses.quantiles(values, count: 5, palette: ColorScheme.ylGnBu, format: ReportFormat.value)
        for (unit, value) in zip(data.layer.units, values) {
            map.styles[unit.id] = .init(fill: classes.color(value), value: ReportFormat.value(value))
        }
        map.labels = labels
        map.legendTitle = strings.densityLegend
        map.legend = legend(classes)
        return withCoreInset(map)
    }

    /// Flagged firms per central unit (choropleth) and the flagged firms as dots by category.
    func relocation() -> UnitMap {
        var map = centralChoropleth(
            id: "relocation", title: strings.relocationMapTitle, legendTitle: strings.relocationLegend, decimals: 0
        ) { Double(data.relocation.units[$0.id]?.flagged ?? 0) }
        let palette = Self.categoryColors(data.relocation.categories)
        let points = data.tally.flaggedPoints
        // A thinner sample than the interactive layer: dots that hide the fill would defeat the map.
        let stride = max(1, points.count / 1500)
        for index in Swift.stride(from: 0, to: points.count, by: stride) {
            let point = points[index]
            map.markers.append(
                .init(point: Point(x: Double(point.x), y: Double(point.y)), color: palette[point.category] ?? "#000000")
            )
        }
        map.markerRadius = 1.2
        map.shownLayers = [InteractiveMap.Layer.flagged]
        for category in data.relocation.categories where palette[category] != nil {
            map.legend.append(
                .init(palette[category]!, strings.categoryName(category, rules: data.rules), swatch: .dot))
        }
        return withCoreInset(map)
    }

    /// Flagged firms per 100 placed firms of each central unit: where relocation weighs most, whatever the size.
    func relocationRate() -> UnitMap {
        withCoreInset(
            centralChoropleth(
                id: "relocation-rate", title: strings.relocationRateMapTitle, legendTitle: strings.relocationRateLegend,
                decimals: 1
            ) { unit in
                let firms = data.tally.firmsByUnit[unit.id] ?? 0
                return firms > 0 ? 100 * Double(data.relocation.units[unit.id]?.flagged ?? 0) / Double(firms) : nil
            })
    }

    /// Land the flagged firms would free, in hectares per km² of the unit (equal to a percentage of its area).
    func freedLandDensity() -> UnitMap? {
        guard data.relocation.hasLandData else { return nil }
        return withCoreInset(
            centralChoropleth(
                id: "freed-land", title: strings.freedLandMapTitle, legendTitle: strings.freedLandLegend, decimals: 2
            ) { unit in
                unit.areaKm2 > 0 ? (data.relocation.units[unit.id]?.freedLandM2 ?? 0) / 10_000 / unit.areaKm2 : nil
            })
    }

    /// Central units classed by `value` (quantiles, yellow-orange-red); the rest drawn as not judged.
    private func centralChoropleth(
        id: String, title: String, legendTitle: String, decimals: Int, value: (ZoneUnit) -> Double?
    ) -> UnitMap {
        var map = UnitMap(id: id, title: title)
        let central = data.layer.units.filter { $0.zone == .central }
        let values = central.map(value)
        let classes = MapClasses.quantiles(
            values.compactMap { $0 }, count: 5, palette: ColorScheme.ylOrRd,
            format: { ReportFormat.number($0, decimals: decimals) })
        for unit in data.layer.units { map.styles[unit.id] = .init(fill: ColorScheme.noData) }
        for (unit, value) in zip(central, values) {
            map.styles[unit.id] = .init(
                fill: value.map(classes.color) ?? ColorScheme.noData,
                value: value.map { ReportFormat.number($0, decimals: decimals) }, emphasised: unit.isCore)
        }
        map.labels = labels.filter { label in central.contains { $0.id == label.unit } }
        map.legendTitle = legendTitle
        map.legend = legend(classes) + [.init(ColorScheme.noData, strings.notJudged)]
        return map
    }

    /// Dot colours that stand out on the yellow-orange-red fill (Okabe-Ito blues, purple, green, black).
    static func categoryColors(_ categories: [String]) -> [String: String] {
        let colors = ["#0072B2", "#CC79A7", "#009E73", "#000000", "#56B4E9", "#F0E442"]
        return Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, colors[$0 % colors.count]) })
    }

    /// D classed by the fit's grade bands (those between the lowest and highest D), viridis.
    func fit() -> UnitMap {
        var map = UnitMap(id: "fit", title: strings.fitMapTitle)
        let ds = data.fit.score.units.map(\.coupling.d)
        let bands = data.fit.profile.bands
        let low = bands.firstIndex { FitBand.grade(ds.min() ?? 0, in: bands) == $0 } ?? 0
        let high = bands.firstIndex { FitBand.grade(ds.max() ?? 1, in: bands) == $0 } ?? bands.count - 1
        let shown = Array(bands[low...high])
        let colors = ColorScheme.classes(shown.count, from: ColorScheme.viridis)
        let classes = MapClasses(
            breaks: shown.map(\.lower) + [shown.last!.upper], colors: colors, format: ReportFormat.score)
        for (unit, score) in zip(data.layer.units, data.fit.score.units) {
            map.styles[unit.id] = .init(
                fill: classes.color(score.coupling.d), value: ReportFormat.score(score.coupling.d))
        }
        map.labels = labels
        map.legendTitle = strings.fitLegend
        map.legend = shown.enumerated().map { index, band in
            .init(
                colors[index],
                "\(String(format: "%.1f", band.lower))–\(String(format: "%.1f", band.upper))  \(strings.gradeName(band))"
            )
        }.reversed()
        return withCoreInset(map)
    }

    /// A small map with one unit highlighted; a unit small at city scale gets an enlarged inset of its
    /// neighbourhood.
    func locator(_ unit: ZoneUnit) -> UnitMap {
        var map = UnitMap(id: "unit-\(unit.id)", title: strings.locatorTitle(strings.unitName(unit)))
        for other in data.layer.units {
            map.styles[other.id] = .init(
                fill: other.id == unit.id ? "#D55E00" : "#dddddd", emphasised: other.id == unit.id)
        }
        map.labels = [(unit.id, strings.mapLabel(unit))]
        map.width = 420
        map.mapWidth = 396
        if let inset = data.unitInsets[unit.id] {
            map.width = 620
            map.mapWidth = 360
            map.inset = inset
            map.insetTitle = strings.unitInsetTitle
            map.insetButton = strings.unitButton
        }
        return map
    }

    /// Net change in firms per unit since the previous period, on classes symmetric about no change.
    func netChange(_ summary: ChangeSummary) -> UnitMap {
        var map = UnitMap(id: "net-change", title: strings.netChangeMapTitle)
        let nets = summary.units.dropLast().map(\.net)
        // Whole firms: a change of `half` or more either way is a strong class, 0 a class of its own.
        let most = Double(max(2, nets.map(abs).max() ?? 2))
        let half = max(2, (most / 2).rounded())
        let classes = MapClasses(
            breaks: [-most, -half + 0.5, -0.5, 0.5, half - 0.5, most], colors: ColorScheme.rdBu,
            format: { ReportFormat.signed(Int($0.rounded(.awayFromZero))) })
        for (unit, net) in zip(data.layer.units, nets) {
            map.styles[unit.id] = .init(
                fill: classes.color(Double(net)), value: ReportFormat.signed(net), emphasised: unit.isCore)
        }
        map.labels = labels
        map.legendTitle = strings.netChangeLegend
        map.legend = [
            .init(ColorScheme.rdBu[4], strings.t("增加 \(Int(half)) 家及以上", "+\(Int(half)) or more")),
            .init(ColorScheme.rdBu[3], strings.t("增加", "gain")),
            .init(ColorScheme.rdBu[2], strings.t("不变", "no change")),
            .init(ColorScheme.rdBu[1], strings.t("减少", "loss")),
            .init(ColorScheme.rdBu[0], strings.t("减少 \(Int(half)) 家及以上", "-\(Int(half)) or more")),
        ]
        return withCoreInset(map)
    }

    private func legend(_ classes: MapClasses) -> [MapDecorations.LegendEntry] {
        classes.colors.indices.map { index in
            .init(
                classes.colors[index],
                "\(classes.format(classes.breaks[index]))–\(classes.format(classes.breaks[index + 1]))")
        }.reversed()
    }
}
