/// An SVG document: shapes, text and groups on a `Markup` writer, with every
/// attribute quoted and every text escaped. `standalone` adds the SVG namespace
/// (needed in a `.svg` file; inline SVG in HTML5 needs none, and the report's
/// HTML carries no URL at all).
public struct SVGWriter: Sendable {
    public let width: Double
    /// May grow while drawing (a map's key below its inset); the `<svg>` element is written by `finish()`.
    public var height: Double
    private let standalone: Bool
    private let title: String?
    private let label: String?
    private let background: String?
    private var markup = Markup()

    public init(
        width: Double, height: Double, standalone: Bool, title: String? = nil, label: String? = nil,
        background: String? = nil
    ) {
        (self.width, self.height, self.standalone) = (width, height, standalone)
        (self.title, self.label, self.background) = (title, label, background)
    }

    /// Path data for rings in viewport pixels: "M x y" then relative steps "l dx dy" per ring, closed with
    /// "z"; positions are rounded to tenths first and the steps taken between the rounded positions, so the
    /// path never drifts and is about half the size of absolute coordinates.
    public static func pathData(_ rings: [[Point]]) -> String {
        let n = SVGNumber.format
        var data = ""
        for ring in rings where ring.count >= 3 {
            let tenths = ring.map { (x: ($0.x * 10).rounded(), y: ($0.y * 10).rounded()) }
            data += "M" + n(tenths[0].x / 10) + " " + n(tenths[0].y / 10)
            var previous = tenths[0]
            var steps: [String] = []
            for point in tenths.dropFirst() {
                let dx = n((point.x - previous.x) / 10)
                let dy = n((point.y - previous.y) / 10)
                steps.append(dx + (dy.hasPrefix("-") ? "" : " ") + dy)
                previous = point
            }
            // Steps after the first need no separator when they start with a minus sign.
            data += "l" + steps.enumerated().map { $0 == 0 || $1.hasPrefix("-") ? $1 : " " + $1 }.joined() + "z"
        }
        return data
    }

    /// One path: `attributes` carry fill, stroke and data-* marks.
    public mutating func path(_ data: String, _ attributes: KeyValuePairs<String, String?>) {
        var all: [(String, String?)] = [("d", data)]
        all += attributes.map { ($0.key, $0.value) }
        emit("path", all)
    }

    /// A closed polygon from pixel points (`<polygon points="…">`): shapes that are not units
    /// (parks, the north arrow) use it, so every `<path>` of a map is a unit.
    public mutating func polygon(_ points: [Point], _ attributes: KeyValuePairs<String, String?> = [:]) {
        let n = SVGNumber.format
        let text = points.map { n($0.x) + "," + n($0.y) }.joined(separator: " ")
        emit("polygon", [("points", text)] + attributes.map { ($0.key, $0.value) })
    }

    /// An open line from pixel points (`<polyline points="…">`): the basemap's roads and rivers.
    public mutating func polyline(_ points: [Point], _ attributes: KeyValuePairs<String, String?> = [:]) {
        let n = SVGNumber.format
        let text = points.map { n($0.x) + "," + n($0.y) }.joined(separator: " ")
        emit("polyline", [("points", text)] + attributes.map { ($0.key, $0.value) })
    }

    public mutating func rect(
        x: Double, y: Double, width: Double, height: Double, _ attributes: KeyValuePairs<String, String?> = [:]
    ) {
        let n = SVGNumber.format
        emit(
            "rect",
            [("x", n(x)), ("y", n(y)), ("width", n(width)), ("height", n(height))]
                + attributes.map { ($0.key, $0.value) })
    }

    public mutating func circle(x: Double, y: Double, r: Double, _ attributes: KeyValuePairs<String, String?> = [:]) {
        let n = SVGNumber.format
        emit("circle", [("cx", n(x)), ("cy", n(y)), ("r", n(r))] + attributes.map { ($0.key, $0.value) })
    }

    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, _ attributes: KeyValuePairs<String, String?> = [:]
    ) {
        let n = SVGNumber.format
        emit(
            "line",
            [("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2))] + attributes.map { ($0.key, $0.value) })
    }

    public mutating func text(
        _ content: String, x: Double, y: Double, _ attributes: KeyValuePairs<String, String?> = [:]
    ) {
        let n = SVGNumber.format
        let all = [("x", n(x)), ("y", n(y))] + attributes.map { ($0.key, $0.value) }
        markup.raw("<text" + Self.attributeText(all) + ">" + Markup.escape(content) + "</text>")
    }

    public mutating func openGroup(_ attributes: KeyValuePairs<String, String?> = [:]) { markup.open("g", attributes) }
    public mutating func closeGroup() { markup.close() }

    /// A nested viewport at (x, y): what is drawn inside is clipped to it, in its own pixels counted from
    /// `origin` (the zero point by default; the viewport's own corner keeps the outer pixels).
    public mutating func openNested(
        x: Double, y: Double, width: Double, height: Double, origin: Point = Point(x: 0, y: 0),
        _ attributes: KeyValuePairs<String, String?> = [:]
    ) {
        let n = SVGNumber.format
        markup.open(
            "svg",
            attributes: [
                ("x", n(x)), ("y", n(y)), ("width", n(width)), ("height", n(height)),
                ("viewBox", "\(n(origin.x)) \(n(origin.y)) \(n(width)) \(n(height))"),
            ] + attributes.map { ($0.key, $0.value) })
    }
    public mutating func closeNested() { markup.close() }

    /// The finished document, every element closed.
    public func finish() -> String {
        let n = SVGNumber.format
        var document = Markup()
        document.open(
            "svg",
            [
                "xmlns": standalone ? "http://www.w3.org/2000/svg" : nil,
                "width": n(width), "height": n(height), "viewBox": "0 0 \(n(width)) \(n(height))",
                "role": "img", "aria-label": label ?? title,
                "font-family": standalone ? ReportStyle.fontStack : nil,
            ])
        if let title { document.element("title", text: title) }
        if let background {
            document.empty("rect", ["x": "0", "y": "0", "width": n(width), "height": n(height), "fill": background])
        }
        document.raw(markup.finish())
        document.close()
        return document.finish()
    }

    private mutating func emit(_ name: String, _ attributes: [(String, String?)]) {
        markup.raw("<\(name)" + Self.attributeText(attributes) + "/>")
    }

    private static func attributeText(_ attributes: [(String, String?)]) -> String {
        attributes.compactMap { key, value in value.map { " \(key)=\"\(Markup.escape($0))\"" } }.joined()
    }
}

/// A point in a plane: projected metres or viewport pixels.
public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { (self.x, self.y) = (x, y) }
}
