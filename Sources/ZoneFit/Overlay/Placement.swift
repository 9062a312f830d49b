import GeoKit

/// Where one input feature ends up.
enum Placement: Sendable {
    case point(cell: Int, lon: Double, lat: Double, snappedMetres: Double?)
    case polygon(unit: Int, cell: Int, wkb: [UInt8], areaM2: Double, share: Double,
                 byUnit: [(unit: Int, cell: Int, areaM2: Double)], repaired: String?)
    case rejected(RejectReason, String)
}
