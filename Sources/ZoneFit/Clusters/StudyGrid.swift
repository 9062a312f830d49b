import GeoKit

/// The hot-spot statistics' study area: a regular grid of square cells in the
/// scheme's projected CRS, its origin at a multiple of the cell size (so grids
/// of different periods line up cell for cell), holding every cell whose
/// interior meets the city's (the districts' union): a cell the city only
/// touches along a grid line is outside. (Tested as the square shrunk by a
/// micrometre intersecting the city: GEOS's prepared intersects is fast, its
/// touches a full relate against the whole outline for every cell.) A cell inside the city
/// with no firm is a zero, not missing; ground outside the city is not studied.
public struct StudyGrid: Sendable {
    /// A cell's place: x from `column · size` to `(column + 1) · size` metres, y likewise by `row`.
    public struct Key: Hashable, Sendable {
        public var column: Int
        public var row: Int
    }

    /// The most cells a grid may span (its bounding box): 100 m cells over a city of 200 km × 200 km.
    static let mostCells = 4_000_000

    public let size: Double
    /// The projected CRS the grid is laid out in.
    public let crs: String
    public let cells: [Key]
    let index: [Key: Int]

    public init(layer: ZoneLayer, size: Double) throws {
        guard size > 0, size.isFinite else {
            throw ZoneFitError("the grid's cell size must be a positive number of metres")
        }
        let context = try GEOSContext()
        let projection = try AreaProjection(layer.scheme.areaCRS)
        let city = try projection.project(
            try Geometry.collection(
                layer.cells.map { try Geometry(wkb: $0.wkb, in: context) }, in: context
            ).unaryUnion())
        let envelope = try city.envelope()
        let prepared = try city.prepared()
        let span = ((envelope.maxX - envelope.minX) / size + 1) * ((envelope.maxY - envelope.minY) / size + 1)
        guard span <= Double(Self.mostCells) else {
            throw ZoneFitError(
                "a grid of \(size) m cells over the city (\(Int((envelope.maxX - envelope.minX) / 1000)) × \(Int((envelope.maxY - envelope.minY) / 1000)) km) would hold about \(Int(span)) cells, more than \(Self.mostCells): choose larger cells"
            )
        }
        var cells: [Key] = []
        let columns = Int((envelope.minX / size).rounded(.down))...Int((envelope.maxX / size).rounded(.down))
        for row in Int((envelope.minY / size).rounded(.down))...Int((envelope.maxY / size).rounded(.down)) {
            for column in columns {
                let inset = 1e-6
                let square = try Geometry.rectangle(
                    Envelope(
                        minX: Double(column) * size + inset, minY: Double(row) * size + inset,
                        maxX: Double(column + 1) * size - inset, maxY: Double(row + 1) * size - inset), in: context)
                if try prepared.intersects(square) { cells.append(Key(column: column, row: row)) }
            }
        }
        self.size = size
        self.crs = layer.scheme.areaCRS
        self.cells = cells
        self.index = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) })
    }

    /// The cell holding a projected point, if it is in the study area.
    func cell(x: Double, y: Double) -> Int? {
        index[Key(column: Int((x / size).rounded(.down)), row: Int((y / size).rounded(.down)))]
    }

    /// The weights between the cells.
    public func weights(_ kind: SpatialWeights.Kind) -> SpatialWeights {
        SpatialWeights(grid: cells, size: size, index: index, kind: kind)
    }

    /// A cell's square in projected metres.
    public func envelope(of cell: Int) -> Envelope {
        let key = cells[cell]
        return Envelope(
            minX: Double(key.column) * size, minY: Double(key.row) * size, maxX: Double(key.column + 1) * size,
            maxY: Double(key.row + 1) * size)
    }

    /// The cells as WGS84 polygons (WKB), for the outputs: each square's corners transformed.
    func polygons() throws -> [[UInt8]] {
        let context = try GEOSContext()
        let back = try CoordinateTransform(from: SpatialReference(crs), to: SpatialReference.wgs84())
        return try cells.indices.map { try back.transform(Geometry.rectangle(envelope(of: $0), in: context)).wkb() }
    }
}
