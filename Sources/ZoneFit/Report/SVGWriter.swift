/// An SVG document: shapes, text and groups on a `Markup` writer, with every
/// attribute quoted and every text escaped. `standalone` adds the SVG namespace
/// (needed in a `.svg` file; inline SVG in HTML5 needs none, and the report's
/// HTML carries no URL at all).
public struct SVGWriter: Sendable {
    public let width: Double
    public let height: Double
    private var markup = Markup()

    public init(width: Double, height: Double, standalone: Bool, title: String? = nil, label: String? = nil) {
        self.width = width
        self.height = height
        let n = SVGNumber.format
        markup.open(
            "svg",
            [
                "xmlns": standalone ? "http://www.w3.org/2000/svg" : nil,
                "width": n(width), "height": n(height), "viewBox": "0 0 \(n(width)) \(n(height))",
                "role": "img", "aria-label": label ?? title,
                "font-family": standalone ? ReportStyle.fontStack : nil,
            ])
        if let title { markup.element("title", text: title) }
    }

    /// Path data for rings in viewport pixels: "M x y L … Z" per ring.
    public static func pathData(_ rings: [[Point]]) -> String {
        let n = SVGNumber.format
        var data = ""
        for ring in rings where ring.count >= 3 {
            data += "M" + n(ring[0].x) + " " + n(ring[0].y)
            for point in ring.dropFirst() { data += "L" + n(point.x) + " " + n(point.y) }
            data += "Z"
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

    /// The finished document, every element closed.
    public func finish() -> String {
        var copy = markup
        copy.close()
        return copy.finish()
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
