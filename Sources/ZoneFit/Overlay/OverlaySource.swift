import GeoKit

/// What the overlay reads through OGR: a layer's features in batches, and for
/// the in-database overlay (`InDatabaseOverlay`) the cell the database found
/// for each, taken off the rows so that the rest of the run sees the layer's
/// own fields only.
final class OverlaySource {
    let reader: VectorSource
    /// The layer's fields, without the database's cell column.
    let fields: [FieldDefinition]
    /// The position of the database's cell column, for the in-database overlay.
    private let cellColumn: Int?

    init(_ reader: VectorSource) {
        self.reader = reader
        cellColumn = reader.fields.lastIndex { $0.name == InDatabaseOverlay.cellColumn }
        fields =
            cellColumn.map { column in reader.fields.enumerated().filter { $0.offset != column }.map(\.element) }
            ?? reader.fields
    }

    /// True when the database placed the rows.
    var placedInDatabase: Bool { cellColumn != nil }

    /// Up to `limit` features, and with the in-database overlay each one's cell (nil: outside every cell).
    func next(batch limit: Int) throws -> (features: [SourceFeature], cells: [Int?]?) {
        var features = try reader.next(batch: limit)
        guard let cellColumn else { return (features, nil) }
        var cells: [Int?] = []
        cells.reserveCapacity(features.count)
        for index in features.indices {
            let value = features[index].values.remove(at: cellColumn)
            if case .integer(let cell) = value { cells.append(Int(cell)) } else { cells.append(nil) }
        }
        return (features, cells)
    }
}
