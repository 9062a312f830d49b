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
    /// What the layer declares (for the in-database overlay the table's, which a statement's result does not
    /// carry): a geometry column, points only, polygons, its CRS and key.
    let hasGeometryField: Bool
    let declaresPoints: Bool
    let declaresPolygons: Bool
    let spatialReference: SpatialReference?
    let fidColumn: String?

    /// `cellColumn`: the position of the column that holds the database's cell, and `table` the layer the
    /// statement read, for the in-database overlay.
    init(_ reader: VectorSource, cellColumn: Int? = nil, table: VectorSource? = nil) {
        self.reader = reader
        self.cellColumn = cellColumn
        let declared = table ?? reader
        hasGeometryField = declared.hasGeometryField
        declaresPoints = declared.declaresPoints
        declaresPolygons = declared.declaresPolygons
        spatialReference = declared.spatialReference
        fidColumn = declared.fidColumn
        fields =
            cellColumn.map { column in reader.fields.enumerated().filter { $0.offset != column }.map(\.element) }
            ?? reader.fields
    }

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
