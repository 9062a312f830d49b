/// A line chart of one measure over the periods, as an SVG: the values (a gap
/// where a period has no data), the target as a dashed line where it is a
/// level, and the periods' labels.
struct TrendChart {
    var title: String
    var titleEn: String
    var unit: String
    var labels: [String]
    var values: [Double?]
    var target: Double?

    func svg() -> String {
        let (width, height, left, right, top, bottom) = (640.0, 340.0, 70.0, 50.0, 64.0, 40.0)
        var svg = SVGWriter(width: width, height: height, standalone: true, title: "\(title) \(titleEn)")
        let known = values.compactMap { $0 } + [target].compactMap { $0 }
        var low = known.min() ?? 0
        var high = known.max() ?? 1
        if low == high { (low, high) = (low - 1, high + 1) }
        let pad = (high - low) * 0.1
        (low, high) = (low >= 0 ? max(0, low - pad) : low - pad, high + pad)
        func x(_ index: Int) -> Double {
            labels.count < 2 ? left : left + Double(index) * (width - left - right) / Double(labels.count - 1)
        }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * (height - top - bottom) }
        svg.text(title, x: 8, y: 20, ["font-size": "14", "font-weight": "bold"])
        svg.text(titleEn, x: 8, y: 38, ["font-size": "12", "fill": "#333"])
        svg.text(unit, x: 8, y: top - 8, ["font-size": "11", "fill": "#555"])
        for step in 0...4 {
            let value = low + Double(step) * (high - low) / 4
            svg.line(x1: left, y1: y(value), x2: width - right, y2: y(value), ["stroke": "#ddd"])
            svg.text(
                ReportFormat.value(value), x: left - 6, y: y(value) + 4, ["font-size": "11", "text-anchor": "end"])
        }
        for (index, label) in labels.enumerated() {
            svg.text(label, x: x(index), y: height - bottom + 18, ["font-size": "11", "text-anchor": "middle"])
        }
        if let target {
            svg.line(
                x1: left, y1: y(target), x2: width - right, y2: y(target),
                ["stroke": "#c0392b", "stroke-dasharray": "6 4", "data-role": "target"])
            svg.text(
                "目标 target \(ReportFormat.value(target))", x: width - right, y: y(target) - 5,
                ["font-size": "11", "fill": "#c0392b", "text-anchor": "end"])
        }
        // One path per run of periods with data.
        var run: [Point] = []
        func flush() {
            if run.count > 1 {
                svg.path(
                    "M " + run.map { "\(SVGNumber.format($0.x)) \(SVGNumber.format($0.y))" }.joined(separator: " L "),
                    ["fill": "none", "stroke": "#1f5fa8", "stroke-width": "2"])
            }
            run = []
        }
        for (index, value) in values.enumerated() {
            guard let value else {
                flush()
                continue
            }
            run.append(Point(x: x(index), y: y(value)))
            svg.circle(x: x(index), y: y(value), r: 3.5, ["fill": "#1f5fa8", "data-value": SVGNumber.format(value)])
        }
        flush()
        return svg.finish()
    }
}
