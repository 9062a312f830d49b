/// Places map labels greedily: each label tries its anchor (a point inside its
/// unit), then small shifts around it; a label whose box would overlap one
/// already placed, or leave the map, is skipped. Callers order labels by
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

    /// Tries to place `text` centred on (x, y); returns where, or nil when every position collides.
    @discardableResult
    public mutating func place(_ text: String, x: Double, y: Double) -> Placed? {
        let width = Self.textWidth(text, fontSize: fontSize)
        let height = fontSize * 1.2
        let step = height + 3
        let shifts: [(Double, Double)] = [(0, 0), (0, -step), (0, step), (width + 3, 0), (-width - 3, 0)]
        for (dx, dy) in shifts {
            let cx = x + dx
            let cy = y + dy
            let box = Box(
                minX: cx - width / 2 - 1, minY: cy - height / 2 - 1, maxX: cx + width / 2 + 1, maxY: cy + height / 2 + 1
            )
            guard box.minX >= bounds.minX, box.maxX <= bounds.maxX, box.minY >= bounds.minY, box.maxY <= bounds.maxY
            else { continue }
            if placed.contains(where: { $0.box.overlaps(box) }) || obstacles.contains(where: { $0.overlaps(box) }) {
                continue
            }
            // Baseline a third of the font size below the centre.
            let label = Placed(text: text, x: cx, y: cy + fontSize * 0.35, box: box)
            placed.append(label)
            return label
        }
        return nil
    }
}
