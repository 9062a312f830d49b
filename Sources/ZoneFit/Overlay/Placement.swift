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
    /// The placed row the analyses see; nil for a rejected feature.
    func placedRow(_ worker: OverlayWorker) -> PlacedRow? {
        switch self {
        case .point(let cell, let lon, let lat, _): PlacedRow(cellIndex: cell, lon: lon, lat: lat, worker: worker)
        case .polygon(_, let cell, _, _, _, _, _): PlacedRow(cellIndex: cell, lon: nil, lat: nil, worker: worker)
        // The analyses judge a row by its unit: one whose unit is uncertain is written, not judged.
        case .described(let place): place.cell.map { PlacedRow(cellIndex: $0, lon: nil, lat: nil, worker: worker) }
        case .rejected: nil
        }
    }
}
