/// At most `limit` points, in input order: every point while there are fewer,
/// beyond that an even, deterministic sample. A point is kept while the
/// trailing zero bits of its row's hash reach the sample's level; each time the
/// sample overflows, the level rises and about half the points go. The same
/// rows are kept however the input was split between threads.
struct PointSample: Sendable {
    static let limit = 12_000

    struct Point: Sendable {
        var row: Int
        var x: Float, y: Float
        var category: String
    }

    private(set) var points: [Point] = []
    private var level = 0

    mutating func add(row: Int, x: Float, y: Float, category: String) {
        guard Self.level(row) >= level else { return }
        points.append(Point(row: row, x: x, y: y, category: category))
        while points.count > Self.limit {
            level += 1
            points.removeAll { Self.level($0.row) < level }
        }
    }

    /// Adds a later slice's sample (its rows come after these).
    mutating func add(_ other: PointSample) {
        level = max(level, other.level)
        points.removeAll { Self.level($0.row) < level }
        for point in other.points { add(row: point.row, x: point.x, y: point.y, category: point.category) }
    }

    /// Trailing zero bits of a SplitMix64 hash of the row number.
    private static func level(_ row: Int) -> Int {
        var z = UInt64(bitPattern: Int64(row)) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)).trailingZeroBitCount
    }
}
