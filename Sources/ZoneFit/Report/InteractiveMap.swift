import Foundation
import GeoKit

/// What report.html's map viewer (`MapViewerScript`) draws, encoded as JSON
/// into the page: the units and the shared layers once per page (`Layers`),
/// and per map its colours, figures and legend (`Spec`). Coordinates are whole
/// metres in the scheme's projected CRS, relative to `Layers.origin`, so the
/// page stays small and the viewer needs no projection of its own.
public enum InteractiveMap {
    /// The shared layers' ids, as the viewer and `UnitMap.shownLayers` name them.
    public enum Layer {
        public static let units = "units"
        public static let zones = "zones"
        public static let firms = "firms"
        public static let flagged = "flagged"
        public static let parks = "parks"
        public static let hotSpots = "hotSpots"
        public static let basemap = "basemap"
    }

    /// Vertices closer than this (metres) to the last kept one are dropped: under a pixel at the viewer's deepest
    /// zoom (five levels in from the whole city) for a city of Chengdu's size.
    static let vertexStep = 4.0

    public struct Layers: Encodable, Sendable {
        public var language: String
        public var origin: [Double]
        /// Each layer's name in the page's language, by id.
        public var names: [String: String]
        public var units: [Unit]
        public var zones: [Zone]
        public var parks: [Park]
        public var firms: Points?
        public var flagged: Points?
        public var hotSpots: Cells?
        public var basemap: Basemap?
        /// Texts the viewer shows: tooltip words and control labels.
        public var words: [String: String]
    }

    public struct Unit: Encodable, Sendable {
        public var id: String
        public var name: String
        public var zone: String
        public var core: Bool
        /// Flat x, y pairs per ring (shells and holes, drawn even-odd).
        public var rings: [[Int]]
        public var label: [Int]
        public var labelText: String
    }

    public struct Zone: Encodable, Sendable {
        public var id: String
        public var name: String
        public var color: String
    }

    public struct Park: Encodable, Sendable {
        public var id: String
        public var name: String
        /// Flagged firms pointed at the park as their first receiving site.
        public var receives: Int
        public var rings: [[Int]]
    }

    /// Points (flat x, y, class index) while the layer is small enough, else counts per cell of `cell` (width,
    /// height in metres).
    public struct Points: Encodable, Sendable {
        public var total: Int
        public var classes: [Zone]
        public var points: [Int]?
        public var cell: [Int]?
        /// Flat cell-centre x, y, count.
        public var cells: [Int]?
        public var note: String?
    }

    /// Square cells (flat centre x, y, class index) of side `cell`, coloured by class.
    public struct Cells: Encodable, Sendable {
        public var cell: Int
        public var classes: [Zone]
        public var cells: [Int]
    }

    public struct Basemap: Encodable, Sendable {
        /// Flat x, y per line.
        public var lines: [[Int]]
        /// Flat x, y and the label.
        public var labels: [BasemapLabel]
    }

    public struct BasemapLabel: Encodable, Sendable {
        public var x: Int
        public var y: Int
        public var text: String
    }

    /// One map: the fill and figure of each unit, the legend, the layers shown at first, the core's extent.
    public struct Spec: Encodable, Sendable {
        public var id: String
        public var title: String
        public var figure: String
        /// Unit id → [fill, figure or ""].
        public var styles: [String: [String]]
        public var emphasised: [String]
        /// [colour, label, swatch].
        public var legend: [[String]]
        public var show: [String]
        /// [minX, minY, maxX, maxY] relative to the origin, and the label of the button that zooms to it.
        public var inset: [Int]?
        public var insetButton: String
        /// The units labelled on the static map: the interactive map labels the same.
        public var labels: [String]
        public var small: Bool

        init(_ map: UnitMap, origin: Point) {
            id = map.id
            title = map.title
            figure = map.legendTitle
            styles = map.styles.mapValues { [$0.fill, $0.value ?? ""] }
            emphasised = map.styles.filter(\.value.emphasised).map(\.key).sorted()
            legend = map.legend.map { [$0.color, $0.label, "\($0.swatch)"] }
            show = [Layer.units] + map.shownLayers
            inset = map.inset.map(\.envelope).map { box in
                [box.minX - origin.x, box.minY - origin.y, box.maxX - origin.x, box.maxY - origin.y].map {
                    Int($0.rounded())
                }
            }
            insetButton = map.insetButton
            labels = map.labels.map(\.unit)
            small = map.width < 900
        }
    }

    /// The page's layers from the report's data.
    static func layers(_ data: ReportData, strings: ReportStrings, maps: ReportMaps) throws -> Layers {
        let origin = Point(x: data.geometry.envelope.minX, y: data.geometry.envelope.minY)
        func rings(_ rings: [[Point]]) -> [[Int]] { Self.rings(rings, origin: origin) }
        let labels = Dictionary(maps.labels.map { ($0.unit, $0.text) }, uniquingKeysWith: { a, _ in a })
        let units = zip(data.layer.units, data.geometry.units).map { unit, shape in
            Unit(
                id: unit.id, name: strings.unitName(unit), zone: unit.zone.rawValue, core: unit.isCore,
                rings: rings(shape.rings),
                label: [
                    Int((shape.labelPoint.x - origin.x).rounded()), Int((shape.labelPoint.y - origin.y).rounded()),
                ],
                labelText: labels[unit.id] ?? strings.mapLabel(unit))
        }
        let zones = ZoneClass.allCases.map {
            Zone(id: $0.rawValue, name: strings.zoneName($0, scheme: data.layer.scheme), color: ColorScheme.zone($0))
        }
        let parks = data.geometry.parks.map { park in
            Park(
                id: park.id, name: strings.t(park.name ?? park.id, park.nameEn ?? park.name ?? park.id),
                receives: data.tally.receivedByPark[park.id] ?? 0, rings: rings(park.rings))
        }
        let palette = ReportMaps.categoryColors(data.relocation.categories)
        let categories = data.relocation.categories.map {
            Zone(id: $0, name: strings.categoryName($0, rules: data.rules), color: palette[$0] ?? "#000000")
        }
        let flagged = points(data.tally.flaggedSample, classes: categories, origin: origin, strings: strings) {
            Point(x: $0.x, y: $0.y)
        }
        let project = try CoordinateTransform(
            from: SpatialReference.wgs84(), to: SpatialReference(data.layer.scheme.areaCRS))
        let firms = points(data.tally.firmSample, classes: zones, origin: origin, strings: strings) {
            project.transform(x: $0.x, y: $0.y).map { Point(x: $0.x, y: $0.y) }
        }
        var names = [
            Layer.units: strings.t("统计单元（本图）", "Units (this map)"),
            Layer.zones: strings.t("三类区域界线", "Zone classes"),
            Layer.firms: strings.t("全部企业", "All firms"), Layer.flagged: strings.t("疏解企业", "Flagged firms"),
            Layer.parks: strings.t("园区与承接地", "Parks and receiving sites"),
        ]
        var basemap: Basemap?
        if let reference = data.geometry.basemap {
            names[Layer.basemap] = strings.t("参考底图", "Reference (basemap)")
            basemap = Basemap(
                lines: Self.rings(reference.lines, origin: origin, fewest: 2),
                labels: reference.labels.map {
                    BasemapLabel(
                        x: Int(($0.point.x - origin.x).rounded()), y: Int(($0.point.y - origin.y).rounded()),
                        text: strings.t($0.name, $0.nameEn ?? $0.name))
                })
        }
        var hotSpots: Cells?
        if let clusters = data.clusters {
            names[Layer.hotSpots] = strings.t("产业链热点", "Chain hot spots")
            hotSpots = Self.hotSpots(clusters, maps: maps, origin: origin)
        }
        return Layers(
            language: strings.language.rawValue, origin: [origin.x, origin.y], names: names, units: units,
            zones: zones, parks: parks, firms: firms.total > 0 ? firms : nil,
            flagged: flagged.total > 0 ? flagged : nil,
            hotSpots: hotSpots, basemap: basemap,
            words: [
                "city": strings.t("全市", "City"),
                "receives": strings.t("首选承接疏解企业", "first receiving site of flagged firms"),
                "firms": strings.t("家企业", "firms"), "open": strings.t("点击查看单元页", "click for the unit page"),
            ])
    }

    /// A point layer: every point while the sample is whole, else the counts per cell, with a note.
    static func points(
        _ sample: PointSample, classes: [Zone], origin: Point, strings: ReportStrings,
        project: ((x: Double, y: Double)) -> Point?
    ) -> Points {
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1.id, $0) })
        func relative(_ point: Point) -> [Int] {
            [Int((point.x - origin.x).rounded()), Int((point.y - origin.y).rounded())]
        }
        if sample.isComplete {
            var flat: [Int] = []
            flat.reserveCapacity(sample.points.count * 3)
            for point in sample.points {
                guard let p = project((Double(point.x), Double(point.y))) else { continue }
                flat += relative(p) + [index[point.category] ?? 0]
            }
            return Points(total: sample.count, classes: classes, points: flat)
        }
        var flat: [Int] = []
        // A cell's width and height in metres, from its first cell's edges (a degree cell is not square).
        var size: [Int]?
        for cell in sample.cells {
            guard let centre = project((cell.x, cell.y)) else { continue }
            if size == nil, let east = project((cell.x + sample.binSize / 2, cell.y)),
                let north = project((cell.x, cell.y + sample.binSize / 2))
            {
                size = [
                    Int((2 * hypot(east.x - centre.x, east.y - centre.y)).rounded()),
                    Int((2 * hypot(north.x - centre.x, north.y - centre.y)).rounded()),
                ]
            }
            flat += relative(centre) + [cell.count]
        }
        let shown = size.map { "\($0[0]) × \($0[1])" } ?? "?"
        return Points(
            total: sample.count, classes: classes, cell: size, cells: flat,
            note: strings.t(
                "共 \(ReportFormat.integer(sample.count)) 家，超过 \(ReportFormat.integer(PointSample.limit)) 家，按约 \(shown) 米格网计数显示。",
                "\(ReportFormat.integer(sample.count)) firms, more than \(ReportFormat.integer(PointSample.limit)): drawn as counts per cell of about \(shown) m."
            ))
    }

    /// Every grid cell that is a significant hot spot of some chain, classed by the chain of highest z there
    /// (the same cells and colours as the static hot-spot map).
    static func hotSpots(_ clusters: ClustersResult, maps: ReportMaps, origin: Point) -> Cells {
        let colors = ReportMaps.chainColors(clusters.chains.chains.count)
        let classes = clusters.chains.chains.indices.map {
            Zone(id: clusters.chains.chains[$0].id, name: maps.chainName(clusters.chains.chains[$0]), color: colors[$0])
        }
        var flat: [Int] = []
        for cell in clusters.grid.cells.indices {
            let hot = clusters.hotSpots.indices.filter { clusters.hotSpots[$0].spots[cell] == .hot }
            guard let chain = hot.max(by: { clusters.hotSpots[$0].z[cell]! < clusters.hotSpots[$1].z[cell]! }) else {
                continue
            }
            let box = clusters.grid.envelope(of: cell)
            flat += [
                Int(((box.minX + box.maxX) / 2 - origin.x).rounded()),
                Int(((box.minY + box.maxY) / 2 - origin.y).rounded()), chain,
            ]
        }
        return Cells(cell: Int(clusters.grid.size.rounded()), classes: classes, cells: flat)
    }

    /// Rings (or lines) as flat whole metres relative to `origin`, vertices within `vertexStep` of the last kept
    /// dropped, those left with fewer than `fewest` vertices left out.
    static func rings(_ rings: [[Point]], origin: Point, fewest: Int = 4) -> [[Int]] {
        rings.compactMap { ring in
            var flat: [Int] = []
            var last: Point?
            for (index, point) in ring.enumerated() {
                if let last, index != ring.count - 1, abs(point.x - last.x) < vertexStep,
                    abs(point.y - last.y) < vertexStep
                {
                    continue
                }
                flat += [Int((point.x - origin.x).rounded()), Int((point.y - origin.y).rounded())]
                last = point
            }
            return flat.count >= 2 * fewest ? flat : nil
        }
    }

    /// The page's layers as JavaScript, safe inside `<script>` and an XML CDATA section.
    static func script(_ layers: Layers) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(layers), as: UTF8.self)
        return "window.ZONEFIT_LAYERS = " + Self.safe(json) + ";"
    }

    /// A map's spec as the JSON of its figure's `data-zonefit-map` attribute.
    static func attribute(_ spec: Spec) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(spec)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// `<`, `>` and `&` as JSON escapes: they only occur inside strings, and so never end a script or a CDATA.
    static func safe(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }
}
