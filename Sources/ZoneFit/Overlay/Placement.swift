import GeoKit

/// Where one input feature ends up.
enum Placement: Sendable {
    case point(cell: Int, lon: Double, lat: Double, snappedMetres: Double?)
    case polygon(
        unit: Int, cell: Int, wkb: [UInt8], areaM2: Double, share: Double,
        byUnit: [(unit: Int, cell: Int, areaM2: Double)], repaired: String?)
    /// Placed by its register entry (address or USCC), with no point.
    case described(DescribedPlace)
    case rejected(RejectReason, String)
}

extension Placement {
    /// What the analyses add to the row (nil: they leave it out); a rejected feature gets nothing.
    func analysed(_ row: @autoclosure () -> InputRow, by slices: AnalysisChain.Slices, on worker: OverlayWorker) throws
        -> [FieldValue]?
    {
        switch self {
        case .point(let cell, let lon, let lat, _):
            try slices.values(for: row(), at: PlacedRow(cellIndex: cell, lon: lon, lat: lat, worker: worker))
        case .polygon(_, let cell, _, _, _, _, _):
            try slices.values(for: row(), at: PlacedRow(cellIndex: cell, lon: nil, lat: nil, worker: worker))
        case .described(let place):
            if place.isCertain, let cell = place.cell {
                try slices.values(for: row(), at: PlacedRow(cellIndex: cell, lon: nil, lat: nil, worker: worker))
            } else {
                try slices.values(for: row(), among: UncertainPlace(place, worker: worker))
            }
        case .rejected: []
        }
    }
}
