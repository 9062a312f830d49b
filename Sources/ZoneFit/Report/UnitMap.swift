/// One map of the statistical units: every unit drawn as exactly one `<path>`
/// marked `data-unit="<id>"`, in EPSG:4544 metres fitted to the viewport (north
/// up), with optional parks and points, labels that avoid each other, a
/// legend, a scale bar and a north arrow.
public struct UnitMap: Sendable {
    public struct Style: Sendable {
        public var fill: String
        /// `data-value` on the path: the number the colour shows.
        public var value: String?
        /// Drawn last with a heavy outline (the core five).
        public var emphasised = false
        public init(fill: String, value: String? = nil, emphasised: Bool = false) {
            (self.fill, self.value, self.emphasised) = (fill, value, emphasised)
        }
    }

    public struct Marker: Sendable {
        public var point: Point
        public var color: String
        public init(point: Point, color: String) { (self.point, self.color) = (point, color) }
    }

    public var id: String
    public var title: String
    public var styles: [String: Style] = [:]
    /// (unit id, text), most important first.
    public var labels: [(unit: String, text: String)] = []
    public var legendTitle = ""
    public var legend: [MapDecorations.LegendEntry] = []
    public var drawParks = false
    public var parkColor = "#0072B2"
    /// Points in projected metres.
    public var markers: [Marker] = []
    public var markerRadius = 1.6
    public var width = 900.0
    public var mapWidth = 640.0
    public var furniture = true

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }

    /// The SVG text. `standalone` adds the namespace and font for a `.svg` file.
    public func render(_ geometry: MapGeometry, strings: ReportStrings, standalone: Bool) -> String {
        let margin = 12.0
        let mapHeight = min(MapViewport.height(for: geometry.envelope, width: mapWidth), mapWidth * 1.2)
        let height = mapHeight + 2 * margin
        let viewport = MapViewport(
            fitting: geometry.envelope, left: margin, top: margin, width: mapWidth, height: mapHeight)
        var svg = SVGWriter(width: width, height: height, standalone: standalone, title: title)
        svg.rect(x: 0, y: 0, width: width, height: height, ["fill": "#ffffff"])

        svg.openGroup([
            "class": "units", "stroke": "#ffffff", "stroke-width": "0.7", "stroke-linejoin": "round",
            "fill-rule": "evenodd",
        ])
        let order = geometry.units.indices.sorted {
            (styles[geometry.units[$0].id]?.emphasised ?? false ? 1 : 0)
                < (styles[geometry.units[$1].id]?.emphasised ?? false ? 1 : 0)
        }
        for index in order {
            let unit = geometry.units[index]
            let style = styles[unit.id] ?? Style(fill: ColorScheme.noData)
            svg.path(
                SVGWriter.pathData(viewport.pixels(unit.rings)),
                [
                    "data-unit": unit.id, "data-value": style.value, "fill": style.fill,
                    "stroke": style.emphasised ? "#000000" : nil, "stroke-width": style.emphasised ? "2" : nil,
                ])
        }
        svg.closeGroup()

        if drawParks && !geometry.parks.isEmpty {
            svg.openGroup([
                "class": "parks", "fill": parkColor, "fill-opacity": "0.35", "stroke": parkColor, "stroke-width": "1.2",
                "stroke-dasharray": "3 2", "fill-rule": "evenodd",
            ])
            for park in geometry.parks {
                for ring in viewport.pixels(park.rings) { svg.polygon(ring, ["data-park": park.id]) }
            }
            svg.closeGroup()
        }
        if !markers.isEmpty {
            svg.openGroup(["class": "points", "stroke": "#ffffff", "stroke-width": "0.3"])
            for marker in markers {
                let p = viewport.pixel(marker.point)
                svg.circle(x: p.x, y: p.y, r: markerRadius, ["fill": marker.color])
            }
            svg.closeGroup()
        }

        var placer = LabelPlacer(
            fontSize: 11, bounds: .init(minX: margin, minY: margin, maxX: margin + mapWidth, maxY: margin + mapHeight))
        if furniture {
            let arrow = MapDecorations.northArrow(&svg, x: margin + mapWidth - 20, y: margin + 6, label: strings.north)
            placer.avoid(arrow)
            let bar = MapDecorations.scaleBar(
                &svg, pixelsPerMetre: viewport.scale, x: margin + 16, y: margin + mapHeight - 14,
                maxPixels: mapWidth / 4, unitLabel: strings.kilometres)
            placer.avoid(bar)
            svg.text(
                strings.projectionNote(geometry.crs), x: margin + mapWidth, y: margin + mapHeight - 4,
                ["font-size": "10", "text-anchor": "end", "fill": "#555555"])
            placer.avoid(
                .init(
                    minX: margin + mapWidth - 200, minY: margin + mapHeight - 16, maxX: margin + mapWidth,
                    maxY: margin + mapHeight))
        }
        if !legend.isEmpty {
            MapDecorations.legend(&svg, title: legendTitle, entries: legend, x: margin + mapWidth + 24, y: margin + 8)
        }
        if !labels.isEmpty {
            let byID = Dictionary(uniqueKeysWithValues: geometry.units.map { ($0.id, $0) })
            svg.openGroup([
                "class": "labels", "font-size": "11", "text-anchor": "middle", "fill": "#111111",
                "stroke": "#ffffff", "stroke-width": "2.6", "stroke-linejoin": "round", "paint-order": "stroke",
            ])
            for label in labels {
                guard let unit = byID[label.unit] else { continue }
                let anchor = viewport.pixel(unit.labelPoint)
                if let placed = placer.place(label.text, x: anchor.x, y: anchor.y) {
                    svg.text(placed.text, x: placed.x, y: placed.y, ["data-label": label.unit])
                }
            }
            svg.closeGroup()
        }
        return svg.finish()
    }
}
