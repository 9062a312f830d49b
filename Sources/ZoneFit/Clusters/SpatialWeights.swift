/// Who neighbours whom among the study grid's cells, and how the statistics
/// weight them: a binary distance band (every cell whose centre lies within
/// the band) or the k nearest cells, ties broken by cell order. The lists hold
/// other cells only; Gi* adds each cell itself with weight 1, Local Moran's I
/// row-standardises them (see `GetisOrd`, `LocalMoran`).
public struct SpatialWeights: Sendable {
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        /// Centres at most this many metres apart.
        case band(metres: Double)
        case nearest(k: Int)

        public var description: String {
            switch self {
            case .band(let metres):
                "distance band \(metres == metres.rounded() ? String(Int(metres)) : String(metres)) m, binary"
            case .nearest(let k): "\(k) nearest cells"
            }
        }
    }

    public let kind: Kind
    /// By cell, the indices of its neighbours (never the cell itself), ascending.
    public let neighbours: [[Int]]

    public init(kind: Kind, neighbours: [[Int]]) {
        self.kind = kind
        self.neighbours = neighbours
    }

    /// The weights over arbitrary points (a test's fixture, say): every pair within the band, or each point's
    /// k nearest, by brute force.
    public init(points: [(x: Double, y: Double)], kind: Kind) {
        func distance(_ a: Int, _ b: Int) -> Double {
            ((points[a].x - points[b].x) * (points[a].x - points[b].x)
                + (points[a].y - points[b].y) * (points[a].y - points[b].y)).squareRoot()
        }
        let lists = points.indices.map { i in
            let others = points.indices.filter { $0 != i }
            switch kind {
            case .band(let metres): return others.filter { distance(i, $0) <= metres }
            case .nearest(let k):
                return others.sorted { (distance(i, $0), $0) < (distance(i, $1), $1) }.prefix(k).sorted()
            }
        }
        self.init(kind: kind, neighbours: lists)
    }

    /// The weights over the cells of a regular grid, from cell offsets rather than distances between all
    /// pairs: `cells` are (column, row) in cell units, `index` finds a cell by its key.
    init(grid cells: [StudyGrid.Key], size: Double, index: [StudyGrid.Key: Int], kind: Kind) {
        // Offsets ring by ring out to a radius: enough for a band, and for k nearest wherever the grid is
        // not sparse around a cell (beyond it the search widens).
        func offsets(within radius: Int) -> [(dx: Int, dy: Int, d2: Int)] {
            var list: [(dx: Int, dy: Int, d2: Int)] = []
            for dy in -radius...radius {
                for dx in -radius...radius where dx != 0 || dy != 0 {
                    list.append((dx, dy, dx * dx + dy * dy))
                }
            }
            return list.sorted { $0.d2 < $1.d2 }
        }
        // No neighbour lies further than the grid is wide or tall.
        let columns = cells.map(\.column)
        let rows = cells.map(\.row)
        let span = max((columns.max() ?? 0) - (columns.min() ?? 0), (rows.max() ?? 0) - (rows.min() ?? 0))
        switch kind {
        case .band(let metres):
            let reach = Int(min((metres / size).rounded(.down), Double(span)))
            let near = offsets(within: reach).filter { Double($0.d2) * size * size <= metres * metres }
            self.init(
                kind: kind,
                neighbours: cells.map { cell in
                    near.compactMap { index[StudyGrid.Key(column: cell.column + $0.dx, row: cell.row + $0.dy)] }
                        .sorted()
                })
        case .nearest(let k):
            self.init(
                kind: kind,
                neighbours: cells.indices.map { i in
                    Self.nearest(k, to: cells[i], among: cells.count, span: span, index: index, offsets: offsets)
                })
        }
    }

    /// A cell's k nearest: rings outwards until k are found and no closer cell can lie further out.
    private static func nearest(
        _ k: Int, to cell: StudyGrid.Key, among count: Int, span: Int, index: [StudyGrid.Key: Int],
        offsets: (Int) -> [(dx: Int, dy: Int, d2: Int)]
    ) -> [Int] {
        let wanted = min(k, count - 1)
        var radius = max(1, Int(Double(wanted).squareRoot().rounded(.up)))
        while true {
            let found = offsets(radius).compactMap { offset -> (d2: Int, index: Int)? in
                index[StudyGrid.Key(column: cell.column + offset.dx, row: cell.row + offset.dy)].map {
                    (offset.d2, $0)
                }
            }.sorted { ($0.d2, $0.index) < ($1.d2, $1.index) }
            // Every cell within `radius` cells is in the square searched; beyond it, none is nearer.
            if found.count >= wanted, wanted == 0 || found[wanted - 1].d2 <= radius * radius || radius >= span {
                return found.prefix(wanted).map(\.index).sorted()
            }
            radius = min(radius * 2, max(span, 1))
        }
    }

    /// How the outputs describe the weights.
    public var summary: String { kind.description }
}
