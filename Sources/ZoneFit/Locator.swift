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
    }

    /// The index of the first cell covering (inside or on the boundary of) the point.
    func cell(x: Double, y: Double) throws -> Int? {
        let point = try Geometry.point(x: x, y: y, in: context)
        for candidate in tree.query(point) where try prepared[candidate].intersects(point) {
            return candidate
        }
        return nil
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
