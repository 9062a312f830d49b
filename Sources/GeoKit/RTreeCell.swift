/// One entry of an R-tree node: a row id (or a child node's number) and its box as the
/// SQLite R*Tree module stores it, in 32-bit floats rounded outwards.
struct RTreeCell {
    var id: Int64
    var minX, maxX, minY, maxY: Float

    init(id: Int64, _ envelope: GeoPackageBlob.Envelope) {
        self.id = id
        (minX, maxX) = (Self.down(envelope.minX), Self.up(envelope.maxX))
        (minY, maxY) = (Self.down(envelope.minY), Self.up(envelope.maxY))
    }

    init(id: Int64, covering cells: ArraySlice<RTreeCell>) {
        self.id = id
        let first = cells[cells.startIndex]
        (minX, maxX, minY, maxY) = (first.minX, first.maxX, first.minY, first.maxY)
        for cell in cells {
            (minX, maxX) = (Swift.min(minX, cell.minX), Swift.max(maxX, cell.maxX))
            (minY, maxY) = (Swift.min(minY, cell.minY), Swift.max(maxY, cell.maxY))
        }
    }

    /// The nearest float at or below `value` (SQLite rounds a box outwards the same way).
    static func down(_ value: Double) -> Float {
        let rounded = Float(value)
        return Double(rounded) > value ? rounded.nextDown : rounded
    }

    static func up(_ value: Double) -> Float {
        let rounded = Float(value)
        return Double(rounded) < value ? rounded.nextUp : rounded
    }
}
