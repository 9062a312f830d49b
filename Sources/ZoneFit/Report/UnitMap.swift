import GeoKit

/// One map of the statistical units: every unit drawn as exactly one `<path>`
/// marked `data-unit="<id>"`, in EPSG:4544 metres fitted to the viewport (north
/// up), with optional parks and points, labels inside their units, a legend, a
/// scale bar, a north arrow, and an optional inset at a larger scale (the
/// core districts, which are specks at city scale).
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
    /// A second panel drawn to the right of the map, below the legend: the geometry cut to its extent.
    public var inset: MapGeometry?
    public var insetTitle = ""
    /// The interactive map's button that zooms to the inset's extent.
    public var insetButton = ""
    /// The shared layers an interactive map shows at first (`InteractiveMap.Layer` ids).
    public var shownLayers: [String] = []

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }

    /// The SVG text. `standalone` adds the namespace and font for a `.svg` file.
    public func render(_ geometry: MapGeometry, strings: ReportStrings, standalone: Bool) -> String {
        let margin = 12.0
        let mapHeight = min(MapViewport.height(for: geometry.envelope, width: mapWidth), mapWidth * 1.2)
        let viewport = MapViewport(
            fitting: geometry.envelope, left: margin, top: margin, width: mapWidth, height: mapHeight)
        let side = margin + mapWidth + 24
        let legendHeight = legend.isEmpty ? 0 : 30 + 20 * Double(legend.count)
        let insetPanel = inset.map { inset -> (x: Double, y: Double, width: Double, height: Double) in
            let panelWidth = width - side - margin
            let panelHeight = min(MapViewport.height(for: inset.envelope, width: panelWidth), panelWidth * 1.3)
            return (side, margin + legendHeight + 28, panelWidth, panelHeight)
        }
        let height = max(mapHeight, insetPanel.map { $0.y + $0.height - margin } ?? 0) + 2 * margin
        var svg = SVGWriter(
            width: width, height: height, standalone: standalone, title: title, background: "#ffffff")
        drawUnits(&svg, geometry, viewport, mark: "data-unit")
        drawBasemapLines(&svg, geometry, viewport)
        drawParksAndMarkers(&svg, geometry, viewport)

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
            MapDecorations.legend(&svg, title: legendTitle, entries: legend, x: side, y: margin + 8)
        }
        // Units whose label found no room: labelled in the inset when it shows them, else numbered with a key.
        var insetForced = Set<String>()
        var keys: [String] = []
        let byID = Dictionary(uniqueKeysWithValues: geometry.units.map { ($0.id, $0) })
        if !labels.isEmpty {
            var unplaced: [(unit: MapGeometry.Shape, text: String)] = []
            openLabels(&svg)
            for label in labels {
                guard let unit = byID[label.unit] else { continue }
                let anchor = viewport.pixel(unit.labelPoint)
                if let placed = placer.place(
                    label.text, x: anchor.x, y: anchor.y, inside: viewport.pixels(unit.rings))
                {
                    svg.text(placed.text, x: placed.x, y: placed.y, ["data-label": label.unit])
                } else if let inset, inset.envelope.contains(x: unit.labelPoint.x, y: unit.labelPoint.y) {
                    insetForced.insert(unit.id)
                } else {
                    unplaced.append((unit, label.text))
                }
            }
            for (unit, text) in unplaced {
                keys.append(text)
                let anchor = viewport.pixel(unit.labelPoint)
                let placed = placer.place(
                    String(keys.count), x: anchor.x, y: anchor.y, inside: viewport.pixels(unit.rings), force: true)!
                svg.text(
                    placed.text, x: placed.x, y: placed.y, ["data-label": unit.id, "data-key": String(keys.count)])
            }
            svg.closeGroup()
        }
        drawBasemapLabels(&svg, geometry, viewport, &placer, strings)
        if let inset, let panel = insetPanel {
            let frame = viewport.pixel(Point(x: inset.envelope.minX, y: inset.envelope.maxY))
            let corner = viewport.pixel(Point(x: inset.envelope.maxX, y: inset.envelope.minY))
            svg.rect(
                x: frame.x, y: frame.y, width: corner.x - frame.x, height: corner.y - frame.y,
                ["class": "inset-frame", "fill": "none", "stroke": "#333333", "stroke-width": "1"])
            svg.text(
                insetTitle, x: panel.x, y: panel.y - 8, ["font-size": "12", "font-weight": "bold", "fill": "#222222"])
            // A nested <svg> clips what lies outside the panel without a clip path (and so without a url()).
            svg.openNested(x: panel.x, y: panel.y, width: panel.width, height: panel.height, ["class": "inset"])
            let zoomed = MapViewport(
                fitting: inset.envelope, left: 0, top: 0, width: panel.width, height: panel.height)
            svg.rect(
                x: 0, y: 0, width: panel.width, height: panel.height,
                ["fill": "#ffffff", "stroke": "#333333", "stroke-width": "1"])
            drawUnits(&svg, inset, zoomed, mark: "data-inset-unit")
            drawBasemapLines(&svg, inset, zoomed)
            drawParksAndMarkers(&svg, inset, zoomed)
            var inner = LabelPlacer(
                fontSize: 11, bounds: .init(minX: 0, minY: 0, maxX: panel.width, maxY: panel.height))
            openLabels(&svg)
            let clipped = Dictionary(uniqueKeysWithValues: inset.units.map { ($0.id, $0) })
            for label in labels {
                guard let unit = clipped[label.unit],
                    inset.envelope.contains(x: unit.labelPoint.x, y: unit.labelPoint.y)
                else { continue }
                let anchor = zoomed.pixel(unit.labelPoint)
                if let placed = inner.place(
                    label.text, x: anchor.x, y: anchor.y, inside: zoomed.pixels(unit.rings),
                    force: insetForced.contains(unit.id))
                {
                    svg.text(placed.text, x: placed.x, y: placed.y, ["data-inset-label": label.unit])
                }
            }
            svg.closeGroup()
            svg.closeNested()
        }
        if !keys.isEmpty {
            let top = (insetPanel.map { $0.y + $0.height } ?? margin + legendHeight) + 18
            svg.openGroup(["class": "label-key", "font-size": "11", "fill": "#222222"])
            for (index, text) in keys.enumerated() {
                svg.text("\(index + 1)  \(text)", x: side, y: top + Double(index) * 15, ["data-key": String(index + 1)])
            }
            svg.closeGroup()
            svg.height = max(svg.height, top + Double(keys.count) * 15)
        }
        return svg.finish()
    }

    private func openLabels(_ svg: inout SVGWriter) {
        svg.openGroup([
            "class": "labels", "font-size": "11", "text-anchor": "middle", "fill": "#111111",
            "stroke": "#ffffff", "stroke-width": "2.6", "stroke-linejoin": "round", "paint-order": "stroke",
        ])
    }

    /// Every unit as one path marked `mark`, the emphasised ones last so their outline is on top.
    private func drawUnits(_ svg: inout SVGWriter, _ geometry: MapGeometry, _ viewport: MapViewport, mark: String) {
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
            let data = SVGWriter.pathData(viewport.pixels(unit.rings))
            // The map has a path for every unit; an inset only for those it shows more than a pixel of.
            if data.isEmpty && mark != "data-unit" { continue }
            svg.path(
                data,
                [
                    mark: unit.id, "data-value": style.value, "fill": style.fill,
                    "stroke": style.emphasised ? "#000000" : nil, "stroke-width": style.emphasised ? "2" : nil,
                ])
        }
        svg.closeGroup()
    }

    /// The basemap's lines over the fills, thin and grey, so the colours still read; clipped to the map (a
    /// river runs on past the city, not over the legend).
    private func drawBasemapLines(_ svg: inout SVGWriter, _ geometry: MapGeometry, _ viewport: MapViewport) {
        guard let basemap = geometry.basemap, !basemap.lines.isEmpty else { return }
        svg.openNested(
            x: viewport.left, y: viewport.top, width: viewport.width, height: viewport.height,
            origin: Point(x: viewport.left, y: viewport.top))
        svg.openGroup([
            "class": "basemap", "fill": "none", "stroke": "#333333", "stroke-width": "1.1", "stroke-opacity": "0.8",
            "stroke-linejoin": "round",
        ])
        for line in basemap.lines {
            let pixels = line.map(viewport.pixel)
            // Drawn when its box meets the map: a long segment may cross it with no vertex inside.
            guard pixels.map(\.x).max()! >= viewport.left, pixels.map(\.x).min()! <= viewport.left + viewport.width,
                pixels.map(\.y).max()! >= viewport.top, pixels.map(\.y).min()! <= viewport.top + viewport.height
            else { continue }
            svg.polyline(pixels)
        }
        svg.closeGroup()
        svg.closeNested()
    }

    /// The basemap's names where they find room after the units' labels.
    private func drawBasemapLabels(
        _ svg: inout SVGWriter, _ geometry: MapGeometry, _ viewport: MapViewport, _ placer: inout LabelPlacer,
        _ strings: ReportStrings
    ) {
        guard let basemap = geometry.basemap, !basemap.labels.isEmpty else { return }
        svg.openGroup([
            "class": "basemap-labels", "font-size": "9", "font-style": "italic", "text-anchor": "middle",
            "fill": "#444444", "stroke": "#ffffff", "stroke-width": "2", "paint-order": "stroke",
        ])
        for label in basemap.labels {
            let at = viewport.pixel(label.point)
            guard viewport.contains(at) else { continue }
            if let placed = placer.place(strings.t(label.name, label.nameEn ?? label.name), x: at.x, y: at.y - 8) {
                svg.circle(x: at.x, y: at.y, r: 1.6, ["fill": "#444444", "stroke": "none"])
                svg.text(placed.text, x: placed.x, y: placed.y, ["data-basemap": label.name])
            }
        }
        svg.closeGroup()
    }

    private func drawParksAndMarkers(_ svg: inout SVGWriter, _ geometry: MapGeometry, _ viewport: MapViewport) {
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
            // One group per colour, in the order the colours first appear: the fill is written once.
            var colours: [String] = []
            for marker in markers where !colours.contains(marker.color) { colours.append(marker.color) }
            svg.openGroup(["class": "points", "stroke": "#ffffff", "stroke-width": "0.3"])
            for colour in colours {
                svg.openGroup(["fill": colour])
                for marker in markers where marker.color == colour {
                    let p = viewport.pixel(marker.point)
                    guard p.x >= viewport.left - 2, p.x <= viewport.left + viewport.width + 2,
                        p.y >= viewport.top - 2, p.y <= viewport.top + viewport.height + 2
                    else { continue }
                    svg.circle(x: p.x, y: p.y, r: markerRadius)
                }
                svg.closeGroup()
            }
            svg.closeGroup()
        }
    }
}
