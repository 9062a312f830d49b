import Foundation

/// The furniture of a map: legend, scale bar and north arrow.
public enum MapDecorations {
    public enum Swatch: Sendable { case fill, outline, dot, hatch }

    public struct LegendEntry: Sendable {
        public var color: String
        public var label: String
        public var swatch: Swatch
        public init(_ color: String, _ label: String, swatch: Swatch = .fill) {
            (self.color, self.label, self.swatch) = (color, label, swatch)
        }
    }

    /// A legend box at (x, y): a title and one row per entry. Returns the box it covers.
    @discardableResult
    public static func legend(_ svg: inout SVGWriter, title: String, entries: [LegendEntry], x: Double, y: Double)
        -> LabelPlacer.Box
    {
        let row = 20.0
        svg.openGroup(["class": "legend"])
        svg.text(title, x: x, y: y + 12, ["font-size": "13", "font-weight": "bold", "fill": "#222222"])
        var width = LabelPlacer.textWidth(title, fontSize: 13)
        for (index, entry) in entries.enumerated() {
            let top = y + 22 + Double(index) * row
            switch entry.swatch {
            case .fill:
                svg.rect(
                    x: x, y: top, width: 22, height: 14,
                    ["fill": entry.color, "stroke": "#666666", "stroke-width": "0.5"])
            case .outline:
                svg.rect(
                    x: x + 1, y: top + 1, width: 20, height: 12,
                    ["fill": "none", "stroke": entry.color, "stroke-width": "2.2"])
            case .dot:
                svg.circle(
                    x: x + 11, y: top + 7, r: 3.5, ["fill": entry.color, "stroke": "#ffffff", "stroke-width": "0.6"])
            case .hatch:
                svg.rect(
                    x: x, y: top, width: 22, height: 14,
                    [
                        "fill": entry.color, "fill-opacity": "0.35", "stroke": entry.color, "stroke-width": "1.2",
                        "stroke-dasharray": "3 2",
                    ])
            }
            svg.text(entry.label, x: x + 30, y: top + 11.5, ["font-size": "12", "fill": "#222222"])
            width = max(width, 30 + LabelPlacer.textWidth(entry.label, fontSize: 12))
        }
        svg.closeGroup()
        return LabelPlacer.Box(
            minX: x - 2, minY: y - 2, maxX: x + width + 2, maxY: y + 22 + Double(entries.count) * row)
    }

    /// The longest 1, 2 or 5 × 10ⁿ km that fits in `maxPixels`.
    public static func scaleLength(pixelsPerMetre: Double, maxPixels: Double) -> Double {
        let maxKm = maxPixels / pixelsPerMetre / 1000
        let power = pow(10, floor(log10(maxKm)))
        for step in [5.0, 2.0, 1.0] where step * power <= maxKm { return step * power }
        return power
    }

    /// A scale bar in two halves, its left end at (x, y). Returns the box it covers.
    @discardableResult
    public static func scaleBar(
        _ svg: inout SVGWriter, pixelsPerMetre: Double, x: Double, y: Double, maxPixels: Double,
        unitLabel: String
    ) -> LabelPlacer.Box {
        let km = scaleLength(pixelsPerMetre: pixelsPerMetre, maxPixels: maxPixels)
        let length = km * 1000 * pixelsPerMetre
        let label = km == km.rounded() ? String(Int(km)) : String(format: "%g", km)
        svg.openGroup(["class": "scale-bar", "data-km": label])
        svg.rect(x: x, y: y, width: length / 2, height: 5, ["fill": "#333333"])
        svg.rect(
            x: x + length / 2, y: y, width: length / 2, height: 5,
            ["fill": "#ffffff", "stroke": "#333333", "stroke-width": "0.8"])
        svg.rect(x: x, y: y, width: length, height: 5, ["fill": "none", "stroke": "#333333", "stroke-width": "0.8"])
        svg.text("0", x: x, y: y - 4, ["font-size": "11", "text-anchor": "middle", "fill": "#222222"])
        svg.text(
            "\(label) \(unitLabel)", x: x + length, y: y - 4,
            ["font-size": "11", "text-anchor": "middle", "fill": "#222222"])
        svg.closeGroup()
        return LabelPlacer.Box(minX: x - 8, minY: y - 16, maxX: x + length + 30, maxY: y + 8)
    }

    /// A north arrow centred on x, its tip at y. Returns the box it covers.
    @discardableResult
    public static func northArrow(_ svg: inout SVGWriter, x: Double, y: Double, label: String) -> LabelPlacer.Box {
        svg.openGroup(["class": "north-arrow"])
        svg.polygon([Point(x: x, y: y), Point(x: x + 8, y: y + 24), Point(x: x, y: y + 18)], ["fill": "#333333"])
        svg.polygon(
            [Point(x: x, y: y), Point(x: x - 8, y: y + 24), Point(x: x, y: y + 18)],
            ["fill": "#ffffff", "stroke": "#333333", "stroke-width": "0.8"])
        svg.text(
            label, x: x, y: y + 38,
            ["font-size": "12", "font-weight": "bold", "text-anchor": "middle", "fill": "#222222"])
        svg.closeGroup()
        return LabelPlacer.Box(minX: x - 12, minY: y - 2, maxX: x + 12, maxY: y + 42)
    }
}
