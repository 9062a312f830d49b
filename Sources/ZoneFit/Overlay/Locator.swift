import GeoKit

/// Finds the cell of a point: an STRtree over the cells' envelopes, then
/// prepared-geometry tests in boundary-rule order (see `ZoneLayer`).
///
/// A locator owns its GEOS context and prepared geometries and is used by
/// one worker at a time for a whole run; workers never share one.
final class Locator {
    /// The worker's GEOS context; geometries it places are made in it too.
    let context: GEOSContext
    private let prepared: [PreparedGeometry]
    private let tree: STRtree
    private let cells: [ZoneCell]
    private let areaCRS: String
    /// A grid over the city: each square is learnt on first use, as lying in the
    /// interior of one cell (then a point there needs no geometry test at all)
    /// or not (then the exact test decides). Interior means GEOS containsProperly,
    /// so no square that touches a boundary ever short-cuts the boundary rule.
    private var grid: [Int32]
    private let gridEnvelope: Envelope
    private static let gridSize = 256
    private static let unknown: Int32 = -2, mixed: Int32 = -1

    /// Cells in the projected CRS, made on first use: only snapping needs them.
    private var projected: (transform: CoordinateTransform, cells: [Geometry])?

    init(_ layer: ZoneLayer) throws {
        context = try GEOSContext()
        cells = layer.cells
        areaCRS = layer.scheme.areaCRS
        tree = try STRtree(in: context)
        var prepared: [PreparedGeometry] = []
        for (index, cell) in layer.cells.enumerated() {
            let geometry = try Geometry(wkb: cell.wkb, in: context)
            prepared.append(try geometry.prepared())
            tree.insert(geometry, item: index)
        }
        self.prepared = prepared
        self.gridEnvelope = layer.cityEnvelope
        self.grid = Array(repeating: Self.unknown, count: Self.gridSize * Self.gridSize)
    }

    /// The index of the first cell covering (inside or on the boundary of) the point.
    func cell(x: Double, y: Double) throws -> Int? {
        if let square = square(x: x, y: y) {
            if grid[square] == Self.unknown { grid[square] = try learn(square) }
            if grid[square] >= 0 { return Int(grid[square]) }
        }
        let point = try Geometry.point(x: x, y: y, in: context)
        for candidate in tree.query(point) where try prepared[candidate].intersects(point) {
            return candidate
        }
        return nil
    }

    /// The grid square of a point, nil outside the city's envelope.
    private func square(x: Double, y: Double) -> Int? {
        let n = Self.gridSize
        let column = Int((x - gridEnvelope.minX) / (gridEnvelope.maxX - gridEnvelope.minX) * Double(n))
        let row = Int((y - gridEnvelope.minY) / (gridEnvelope.maxY - gridEnvelope.minY) * Double(n))
        guard (0..<n).contains(column), (0..<n).contains(row) else { return nil }
        return row * n + column
    }

    /// The cell whose interior holds the whole square, or `mixed`.
    private func learn(_ square: Int) throws -> Int32 {
        let n = Double(Self.gridSize)
        let width = (gridEnvelope.maxX - gridEnvelope.minX) / n
        let height = (gridEnvelope.maxY - gridEnvelope.minY) / n
        let column = Double(square % Self.gridSize)
        let row = Double(square / Self.gridSize)
        let box = try Geometry.rectangle(
            Envelope(
                minX: gridEnvelope.minX + column * width, minY: gridEnvelope.minY + row * height,
                maxX: gridEnvelope.minX + (column + 1) * width, maxY: gridEnvelope.minY + (row + 1) * height),
            in: context)
        for candidate in tree.query(box) where try prepared[candidate].containsProperly(box) {
            return Int32(candidate)
        }
        return Self.mixed
    }

    private func projectedCells() throws -> (transform: CoordinateTransform, cells: [Geometry]) {
        if let projected { return projected }
        let transform = try CoordinateTransform(from: SpatialReference.wgs84(), to: SpatialReference(areaCRS))
        let made = (transform, try prepared.map { try transform.transform($0.geometry) })
        projected = made
        return made
    }

    /// The nearest cell within `metres` of a point outside every cell, and its distance.
    func nearestCell(x: Double, y: Double, within metres: Double) throws -> (cell: Int, metres: Double)? {
        let projected = try projectedCells()
        guard let xy = projected.transform.transform(x: x, y: y) else { return nil }
        let point = try Geometry.point(x: xy.x, y: xy.y, in: context)
        var best: (cell: Int, metres: Double)?
        for (index, cell) in projected.cells.enumerated() {
            let distance = try cell.distance(to: point)
            if distance <= metres && distance < (best?.metres ?? .infinity) { best = (index, distance) }
        }
        return best
    }

    /// Overlap of a valid WGS84 polygon with each cell, in m² of the projected CRS, by cell order.
    func apportion(_ shape: Geometry) throws -> (shares: [(cell: Int, areaM2: Double)], totalM2: Double) {
        let projected = try projectedCells()
        let ground = try projected.transform.transform(shape)
        var shares: [(cell: Int, areaM2: Double)] = []
        for candidate in tree.query(shape) {
            let overlap = try ground.intersection(with: projected.cells[candidate]).polygonalParts()
            let area = overlap.isEmpty ? 0 : try overlap.area()
            if area > 0 { shares.append((candidate, area)) }
        }
        return (shares, try ground.area())
    }
}
