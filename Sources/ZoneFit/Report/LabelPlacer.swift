/// Places map labels greedily: each label tries its anchor (the centre of its
/// unit's largest inscribed circle), then small shifts around it, first where
/// the whole box lies inside the unit, then where at least its centre does; a
/// label whose box would overlap one already placed, or leave the map, is
/// skipped (or, with `force`, put on its anchor). Callers order labels by
/// importance, so the skipped ones are the least important.
public struct LabelPlacer: Sendable {
    public struct Box: Sendable, Equatable {
        public var minX, minY, maxX, maxY: Double
        func overlaps(_ other: Box) -> Bool {
            minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
        }
    }

    public struct Placed: Sendable {
        public var text: String
        /// The text's centre and baseline.
        public var x: Double, y: Double
        public var box: Box
    }

    public let fontSize: Double
    public let bounds: Box
    public private(set) var placed: [Placed] = []
    /// Boxes that labels must avoid (legend, scale bar, north arrow).
    private var obstacles: [Box] = []

    public init(fontSize: Double, bounds: Box) {
        self.fontSize = fontSize
        self.bounds = bounds
    }

    public mutating func avoid(_ box: Box) { obstacles.append(box) }

    /// Width of `text` in pixels: East Asian characters one em, others about 0.6 em.
    public static func textWidth(_ text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0.0) { sum, scalar in
            sum + (scalar.value >= 0x2E80 ? 1.0 : (scalar == " " ? 0.3 : 0.62))
        } * fontSize
    }

    /// Tries to place `text` centred on (x, y) or near it, inside `rings` (pixel rings, even-odd) when given;
    /// returns where, or nil when every position collides. `force` places it on (x, y) rather than fail.
    @discardableResult
    public mutating func place(
        _ text: String, x: Double, y: Double, inside rings: [[Point]] = [], force: Bool = false
    ) -> Placed? {
        let width = Self.textWidth(text, fontSize: fontSize)
        let height = fontSize * 1.2
        let step = height + 3
        let shifts: [(Double, Double)] = [
            (0, 0), (0, -step), (0, step), (width / 2, 0), (-width / 2, 0), (width / 2, -step), (-width / 2, -step),
            (width / 2, step), (-width / 2, step), (0, -2 * step), (0, 2 * step),
        ]
        let passes: [(Box) -> Bool] =
            rings.isEmpty
            ? [{ _ in true }]
            : [
                { box in box.samplePoints.allSatisfy { Self.contains(rings, $0) } },
                { box in Self.contains(rings, box.centre) },
            ]
        for fits in passes {
            for (dx, dy) in shifts {
                let box = Box(centre: Point(x: x + dx, y: y + dy), width: width + 2, height: height + 2)
                guard box.minX >= bounds.minX, box.maxX <= bounds.maxX, box.minY >= bounds.minY,
                    box.maxY <= bounds.maxY, fits(box),
                    !placed.contains(where: { $0.box.overlaps(box) }), !obstacles.contains(where: { $0.overlaps(box) })
                else { continue }
                return keep(text, box)
            }
        }
        return force ? keep(text, Box(centre: Point(x: x, y: y), width: width + 2, height: height + 2)) : nil
    }

    private mutating func keep(_ text: String, _ box: Box) -> Placed {
        // Baseline a third of the font size below the centre.
        let label = Placed(text: text, x: box.centre.x, y: box.centre.y + fontSize * 0.35, box: box)
        placed.append(label)
        return label
    }

    /// Whether `point` lies inside the rings by the even-odd rule (holes excluded).
    public static func contains(_ rings: [[Point]], _ point: Point) -> Bool {
        var inside = false
        for ring in rings {
            var previous = ring[ring.count - 1]
            for current in ring {
                if (current.y > point.y) != (previous.y > point.y),
                    point.x < (previous.x - current.x) * (point.y - current.y) / (previous.y - current.y) + current.x
                {
                    inside.toggle()
                }
                previous = current
            }
        }
        return inside
    }
}

extension LabelPlacer.Box {
    init(centre: Point, width: Double, height: Double) {
        self.init(
            minX: centre.x - width / 2, minY: centre.y - height / 2, maxX: centre.x + width / 2,
            maxY: centre.y + height / 2)
    }

    public var centre: Point { Point(x: (minX + maxX) / 2, y: (minY + maxY) / 2) }

    /// Corners, edge midpoints and centre: a box whose samples are all inside a unit reads as inside it.
    var samplePoints: [Point] {
        let c = centre
        return [
            Point(x: minX, y: minY), Point(x: maxX, y: minY), Point(x: minX, y: maxY), Point(x: maxX, y: maxY),
            Point(x: c.x, y: minY), Point(x: c.x, y: maxY), Point(x: minX, y: c.y), Point(x: maxX, y: c.y), c,
        ]
    }
}
