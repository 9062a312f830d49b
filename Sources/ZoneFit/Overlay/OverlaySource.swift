import GeoKit

/// What the overlay reads through OGR: a layer's features in batches, and for
/// the in-database overlay (`InDatabaseOverlay`) the cell the database found
/// for each, taken off the rows so that the rest of the run sees the layer's
/// own fields only. A sheet with title rows above its header (`HeaderRow`) is
/// read without OGR's header: the header row's cells name the fields, and the
/// rows below it are the features.
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
    /// Rows read past the header row, handed out first; and how many sheet rows lie above the first data row.
    private var pending: [SourceFeature] = []
    private var rowsAbove = 0
    /// What the run should say of how the source is read (the header row it took).
    private(set) var notes: [String] = []

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

    /// A sheet read with no header (`HeaderRow.openOptions`): `header` is the row (1-based) among `head`, the
    /// first rows read, whose cells name the fields.
    init(_ reader: VectorSource, header: Int, head: [SourceFeature], notes: [String]) {
        self.notes = notes
        self.reader = reader
        cellColumn = nil
        (hasGeometryField, declaresPoints, declaresPolygons) = (false, false, false)
        (spatialReference, fidColumn) = (reader.spatialReference, nil)
        fields = HeaderRow.names(head[header - 1].values.map(\.text)).map { FieldDefinition($0, .string) }
        pending = Array(head[header...])
        rowsAbove = header
    }

    /// Up to `limit` features, and with the in-database overlay each one's cell (nil: outside every cell).
    func next(batch limit: Int) throws -> (features: [SourceFeature], cells: [Int?]?) {
        var features = pending.count >= limit ? [] : try reader.next(batch: limit - pending.count)
        if !pending.isEmpty {
            features = pending + features
            pending = []
        }
        if rowsAbove > 0 {
            // Numbered as data rows, the first below the header being row 1.
            for index in features.indices { features[index].number -= rowsAbove }
        }
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
