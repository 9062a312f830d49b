/// At most `limit` points, in input order: every point while there are fewer,
/// beyond that an even, deterministic sample. A point is kept while the
/// trailing zero bits of its row's hash reach the sample's level; each time the
/// sample overflows, the level rises and about half the points go. The same
/// rows are kept however the input was split between threads. Beside the
/// sample, every point is counted in a square grid, so a layer too large to
/// embed point by point can still be drawn whole, as counts per cell.
struct PointSample: Sendable {
    /// The interactive map embeds up to this many points per layer.
    static let limit = 100_000
    /// Cell size, in the points' own units, of the counts drawn instead of the points above `limit`.
    let binSize: Double

    struct Point: Sendable {
        var row: Int
        var x: Float, y: Float
        var category: String
    }

    private(set) var points: [Point] = []
    private var level = 0
    /// Every point added, and the count per grid cell (key: column and row packed in 32 bits each).
    private(set) var count = 0
    private(set) var bins: [Int64: Int] = [:]

    init(binSize: Double) { self.binSize = binSize }

    /// Whether `points` holds every point added.
    var isComplete: Bool { points.count == count }

    mutating func add(row: Int, x: Float, y: Float, category: String) {
        count += 1
        bins[bin(x: x, y: y), default: 0] += 1
        keep(row: row, x: x, y: y, category: category)
    }

    /// Adds a later slice's sample (its rows come after these).
    mutating func add(_ other: PointSample) {
        count += other.count
        bins.merge(other.bins, uniquingKeysWith: +)
        level = max(level, other.level)
        points.removeAll { Self.level($0.row) < level }
        for point in other.points { keep(row: point.row, x: point.x, y: point.y, category: point.category) }
    }

    /// The cells' centres and counts, in key order.
    var cells: [(x: Double, y: Double, count: Int)] {
        bins.sorted { $0.key < $1.key }.map { key, count in
            (
                (Double(Int32(truncatingIfNeeded: key >> 32)) + 0.5) * binSize,
                (Double(Int32(truncatingIfNeeded: key)) + 0.5) * binSize, count
            )
        }
    }

    private mutating func keep(row: Int, x: Float, y: Float, category: String) {
        guard Self.level(row) >= level else { return }
        points.append(Point(row: row, x: x, y: y, category: category))
        while points.count > Self.limit {
            level += 1
            points.removeAll { Self.level($0.row) < level }
        }
    }

    private func bin(x: Float, y: Float) -> Int64 {
        let column = Int64(Int32(clamping: Int((Double(x) / binSize).rounded(.down))))
        let row = Int64(Int32(clamping: Int((Double(y) / binSize).rounded(.down))))
        return column << 32 | (row & 0xFFFF_FFFF)
    }

    /// Trailing zero bits of a SplitMix64 hash of the row number.
    private static func level(_ row: Int) -> Int {
        var z = UInt64(bitPattern: Int64(row)) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)).trailingZeroBitCount
    }
}
