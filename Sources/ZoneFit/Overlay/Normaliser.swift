import Foundation
import GeoKit

/// Moves coordinates from a source frame to WGS84 lon/lat. One per worker:
/// OGR transformations are not thread-safe.
final class Normaliser {
    let isGeographic: Bool
    private let transform: CoordinateTransform?
    private let datum: ChinaDatum?

    init(_ crs: SourceCRS) throws {
        switch crs {
        case .wgs84:
            (isGeographic, transform, datum) = (true, nil, nil)
        case .china(let china):
            (isGeographic, transform, datum) = (true, nil, china)
        case .definition(let text):
            let source = try SpatialReference(text)
            (isGeographic, transform, datum) = (
                source.isGeographic, try CoordinateTransform(from: source, to: SpatialReference.wgs84()), nil
            )
        }
    }

    /// WGS84 lon/lat, or nil when PROJ cannot transform the pair.
    func toWGS84(x: Double, y: Double) -> (x: Double, y: Double)? {
        if let datum {
            let wgs = datum.toWGS84(lon: x, lat: y)
            return (wgs.lon, wgs.lat)
        }
        if let transform { return transform.transform(x: x, y: y) }
        return (x, y)
    }

    /// A geometry moved to WGS84, vertex by vertex.
    func toWGS84(_ geometry: Geometry) throws -> Geometry {
        if let datum {
            return try geometry.transformedXY { x, y in
                let wgs = datum.toWGS84(lon: x, lat: y)
                return (wgs.lon, wgs.lat)
            }
        }
        if let transform { return try transform.transform(geometry) }
        return geometry
    }
}
