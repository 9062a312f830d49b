import Foundation
import GeoKit
import Testing

@testable import ZoneFit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The report's small drawing pieces: the markup/SVG writer, the viewport, labels, classes, WKB rings.
@Suite("report: SVG writer, viewport, labels, classes")
struct ReportSVGTests {
    /// Element names of a well-formed XML text, and the parser's error if it is not.
    static func parse(_ text: String) -> (elements: [String], error: String?) {
        switch XMLTree.parse(text) {
        case .success(let root): return (root.all.map(\.name), nil)
        case .failure(let error): return ([], error.message)
        }
    }

    @Test func markupEscapesTextAndAttributes() {
        #expect(Markup.escape("a & b < c > d \"e\" 'f'") == "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;")
        #expect(Markup.escape("bell\u{07}tab\t") == "belltab\t")
        var markup = Markup()
        markup.open("p", ["title": "x\"><script>", "class": nil])
        markup.text("R&D <强度>")
        markup.close()
        let text = markup.finish()
        #expect(text == "<p title=\"x&quot;&gt;&lt;script&gt;\">R&amp;D &lt;强度&gt;</p>")
        #expect(!text.contains("class="))
        #expect(Self.parse(text).error == nil)
    }

    @Test func svgWriterClosesEveryElementAndParses() throws {
        var svg = SVGWriter(width: 200, height: 100, standalone: true, title: "图 & <map>")
        svg.openGroup(["class": "units"])
        svg.path(
            SVGWriter.pathData([[Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 10, y: 10), Point(x: 0, y: 0)]]),
            ["data-unit": "u&1", "fill": "#ffffff"])
        svg.closeGroup()
        svg.polygon([Point(x: 1, y: 1), Point(x: 2, y: 2), Point(x: 1, y: 3)], ["fill": "#000000"])
        svg.text("锦江区 <A&B>", x: 5.25, y: -0.04, ["font-size": "11"])
        svg.circle(x: 1, y: 2, r: 3)
        let text = svg.finish()
        let parsed = Self.parse(text)
        #expect(parsed.error == nil, "\(parsed.error ?? "")")
        #expect(parsed.elements == ["svg", "title", "g", "path", "polygon", "text", "circle"])
        #expect(text.contains("data-unit=\"u&amp;1\""))
        #expect(text.contains(">锦江区 &lt;A&amp;B&gt;</text>"))
        #expect(text.contains("x=\"5.3\" y=\"0\""))  // one decimal, no "-0"
        #expect(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(text.hasSuffix("</svg>"))
        #expect(SVGWriter.pathData([[Point(x: 0, y: 0), Point(x: 1.26, y: 2)]]) == "")  // fewer than 3 points: nothing
        // Relative steps between positions rounded to tenths: 1.26 → 1.3, then 3 − 1.3 = 1.7, back by −3.
        #expect(
            SVGWriter.pathData([[Point(x: 0, y: 0), Point(x: 1.26, y: 2), Point(x: 3, y: -4.04), Point(x: 0, y: 0)]])
                == "M0 0l1.3 2 1.7-6-3 4z")
        let ring = [Point(x: 10.04, y: 5), Point(x: 12.2, y: 7.7), Point(x: 9.95, y: 6.1), Point(x: 10.04, y: 5)]
        #expect(ReportRunTests.rings(SVGWriter.pathData([ring])).first?.last == Point(x: 10, y: 5), "no drift")
    }

    @Test func inlineSVGHasNoNamespaceURL() {
        let text = SVGWriter(width: 10, height: 10, standalone: false).finish()
        #expect(!text.contains("http"))
        #expect(Self.parse(text).error == nil)
    }

    @Test func viewportFitsTheEnvelopeAndFlipsY() {
        let envelope = Envelope(minX: 400_000, minY: 3_300_000, maxX: 600_000, maxY: 3_400_000)
        let viewport = MapViewport(fitting: envelope, left: 10, top: 20, width: 400, height: 400)
        #expect(viewport.scale == 400.0 / 200_000)
        let northWest = viewport.pixel(Point(x: 400_000, y: 3_400_000))
        let southEast = viewport.pixel(Point(x: 600_000, y: 3_300_000))
        #expect(abs(northWest.x - 10) < 1e-9 && abs(southEast.x - 410) < 1e-9)
        // 100 km tall at 0.002 px/m is 200 px, centred in 400: top at 20 + 100.
        #expect(abs(northWest.y - 120) < 1e-9 && abs(southEast.y - 320) < 1e-9)
        #expect(northWest.y < southEast.y, "north is up")
        #expect(MapViewport.height(for: envelope, width: 400) == 200)
    }

    @Test func viewportThinsVerticesButKeepsRings() {
        let viewport = MapViewport(
            fitting: Envelope(minX: 0, minY: 0, maxX: 1000, maxY: 1000), left: 0, top: 0, width: 100, height: 100)
        let dense =
            (0...1000).map { Point(x: Double($0), y: 0) } + [
                Point(x: 1000, y: 1000), Point(x: 0, y: 1000), Point(x: 0, y: 0),
            ]
        let rings = viewport.pixels([dense])
        #expect(rings.count == 1)
        #expect(rings[0].count < 200)
        #expect(rings[0].first == Point(x: 0, y: 100) && rings[0].last == Point(x: 0, y: 100))
        #expect(
            viewport.pixels([[Point(x: 0, y: 0), Point(x: 1, y: 0), Point(x: 0, y: 1), Point(x: 0, y: 0)]]).isEmpty,
            "a ring smaller than a pixel is dropped")
    }

    @Test func labelsThatWouldOverlapAreSkipped() {
        var placer = LabelPlacer(fontSize: 10, bounds: .init(minX: 0, minY: 0, maxX: 300, maxY: 300))
        #expect(placer.place("锦江区", x: 100, y: 100) != nil)
        // Same anchor: moved above or below, not on top of the first.
        let second = placer.place("青羊区", x: 100, y: 100)
        #expect(second != nil && !(second!.box.overlaps(placer.placed[0].box)))
        #expect(placer.place("金牛区", x: 100, y: 100) != nil)
        // Surrounded on all sides now: a fourth and a fifth at the same anchor cannot all fit.
        let more = (0..<4).compactMap { _ in placer.place("武侯区", x: 100, y: 100) }
        #expect(more.count < 4)
        for (i, a) in placer.placed.enumerated() {
            for b in placer.placed[(i + 1)...] { #expect(!a.box.overlaps(b.box)) }
        }
        // Outside the frame: skipped.
        #expect(placer.place("成华区", x: 299, y: 150) == nil || placer.placed.last!.box.maxX <= 300)
        #expect(LabelPlacer.textWidth("成都", fontSize: 10) == 20)
    }

    @Test func labelsStayInsideTheirPolygon() {
        // An L-shaped unit: its anchor in the foot; a label too wide for the foot moves up into the stem.
        let shape = [
            [
                Point(x: 0, y: 0), Point(x: 20, y: 0), Point(x: 20, y: 80), Point(x: 100, y: 80), Point(x: 100, y: 100),
                Point(x: 0, y: 100), Point(x: 0, y: 0),
            ]
        ]
        var placer = LabelPlacer(fontSize: 10, bounds: .init(minX: 0, minY: 0, maxX: 300, maxY: 300))
        let placed = placer.place("Qingbaijiang", x: 50, y: 90, inside: shape)
        #expect(placed != nil && LabelPlacer.contains(shape, placed!.box.centre))
        // Nowhere inside for the centre of a second label of the same size: refused, or forced onto its anchor.
        #expect(placer.place("Qingbaijiang", x: 50, y: 90, inside: shape) == nil)
        let forced = placer.place("2", x: 10, y: 40, inside: shape, force: true)
        #expect(forced != nil && LabelPlacer.contains(shape, forced!.box.centre))
        #expect(!LabelPlacer.contains(shape, Point(x: 50, y: 40)) && LabelPlacer.contains(shape, Point(x: 10, y: 40)))
    }

    @Test func quantileClassesCoverEveryValue() {
        let values = [0, 0.5, 1.2, 3.3, 8.9, 14, 27.5, 120]
        let classes = MapClasses.quantiles(values, count: 5, palette: ColorScheme.ylGnBu, format: { "\($0)" })
        #expect(classes.colors.count == classes.breaks.count - 1)
        #expect(classes.breaks.first! <= 0 && classes.breaks.last! >= 120)
        #expect(zip(classes.breaks, classes.breaks.dropFirst()).allSatisfy { $0 < $1 })
        #expect(classes.index(of: 0) == 0 && classes.index(of: 120) == classes.colors.count - 1)
        let single = MapClasses.quantiles([2, 2, 2], count: 5, palette: ColorScheme.ylOrRd, format: { "\($0)" })
        #expect(single.colors.count == 1)
        #expect(MapClasses.round2(1234, down: false) == 1300 && MapClasses.round2(1234, down: true) == 1200)
    }

    @Test func colourHelpers() {
        #expect(ColorScheme.classes(3, from: ColorScheme.ylGnBu) == ["#ffffd9", "#41b6c4", "#081d58"])
        #expect(ColorScheme.textColor(on: "#081d58") == "#ffffff")
        #expect(ColorScheme.textColor(on: "#ffffd9") == "#000000")
        #expect(Set(ZoneClass.allCases.map(ColorScheme.zone)).count == 3)
    }

    @Test func wkbRingsOfAMultiPolygonWithAHole() throws {
        let context = try GEOSContext()
        let geometry = try Geometry(
            wkt: "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2)),((20 0,30 0,30 5,20 0)))", in: context)
        let rings = try WKBRings.parse(geometry.wkb())
        #expect(rings.count == 3)
        #expect(rings.map(\.count) == [5, 5, 4])
        #expect(rings[1][1] == Point(x: 2, y: 4))
        #expect(throws: WKBRings.Malformed.self) { try WKBRings.parse([1, 3, 0, 0, 0, 1]) }
    }

    @Test func englishUnitsAndMapLabels() {
        let en = ReportStrings(.en)
        #expect(en.indicatorUnit("万m³/km²") == "10k m³/km²" && en.indicatorUnit("tce/万元") == "tce/10k yuan")
        #expect(en.indicatorUnit("万元/亩") == "10k yuan/mu" && en.indicatorUnit("μg/m³") == "μg/m³")
        #expect(ReportStrings(.zh).indicatorUnit("万元/亩") == "万元/亩")
    }

    @Test func numbersPrintGrouped() {
        #expect(ReportFormat.number(1234567.891, decimals: 1) == "1,234,567.9")
        #expect(ReportFormat.number(-0.04, decimals: 1) == "0.0")
        #expect(ReportFormat.number(-1500, decimals: 0) == "-1,500")
        #expect(ReportFormat.value(0.0123456) == "0.01235")
        #expect(ReportFormat.value(12345.6) == "12,346")
        #expect(ReportFormat.hectares(45_000) == "4.5")
        #expect(ReportFormat.mu(6666.7) == "10")
    }
}

/// A small DOM built with Foundation's XMLParser, for the report tests.
final class XMLTree {
    struct ParseError: Error { let message: String }

    let name: String
    let attributes: [String: String]
    private(set) var children: [XMLTree] = []
    private(set) var ownText = ""
    weak var parent: XMLTree?

    init(name: String, attributes: [String: String]) { (self.name, self.attributes) = (name, attributes) }

    /// This element and every descendant, in document order.
    var all: [XMLTree] { [self] + children.flatMap(\.all) }
    /// The text of this element and its descendants.
    var text: String { ownText + children.map(\.text).joined() }
    func elements(_ name: String) -> [XMLTree] { all.filter { $0.name == name } }
    func first(_ name: String, where test: (XMLTree) -> Bool = { _ in true }) -> XMLTree? {
        all.first { $0.name == name && test($0) }
    }

    static func parse(_ text: String) -> Result<XMLTree, ParseError> {
        final class Builder: NSObject, XMLParserDelegate {
            var root: XMLTree?
            var stack: [XMLTree] = []
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                let node = XMLTree(name: name, attributes: attributes)
                if let top = stack.last {
                    top.children.append(node)
                    node.parent = top
                } else {
                    root = node
                }
                stack.append(node)
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?)
            {
                stack.removeLast()
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                guard let top = stack.last else { return }
                if top.children.isEmpty {
                    top.ownText += string
                } else {
                    // Text after a child: keep it with a synthetic text node so order is kept.
                    let node = XMLTree(name: "#text", attributes: [:])
                    node.ownText = string
                    top.children.append(node)
                }
            }
        }
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            return .failure(
                ParseError(
                    message:
                        "line \(parser.lineNumber), column \(parser.columnNumber): \(parser.parserError.map { "\($0)" } ?? "no root")"
                ))
        }
        return .success(root)
    }
}
