import Foundation
import GeoKit

/// The coordinate frame of an input: a PROJ-known CRS or one of the Chinese
/// web-map datums (`gcj02`, `bd09`) that PROJ does not know.
public enum SourceCRS: Sendable, Equatable {
    case wgs84
    /// Any definition OGR's `SetFromUserInput` takes (EPSG code, WKT, PROJ string).
    case definition(String)
    case china(ChinaDatum)

    /// Reads `-s/--src-crs`: `gcj02`, `bd09`, a bare EPSG number, or any PROJ definition.
    public init(option: String) throws {
        let text = option.trimmingCharacters(in: .whitespaces)
        if let datum = ChinaDatum(rawValue: text.lowercased().replacingOccurrences(of: "-", with: "")) {
            self = .china(datum)
            return
        }
        do {
            let reference = try SpatialReference(text)
            self = reference.isSame(as: try SpatialReference.wgs84()) ? .wgs84 : .definition(text)
        } catch let error as GeoKitError {
            throw ZoneFitError("--src-crs '\(option)': not a CRS that PROJ knows, nor gcj02/bd09 (\(error.message))")
        }
    }

    public var label: String {
        switch self {
        case .wgs84: return "EPSG:4326"
        case .definition(let text): return text
        case .china(let datum): return datum.rawValue
        }
    }
}

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
            (isGeographic, transform, datum) = (source.isGeographic, try CoordinateTransform(from: source, to: SpatialReference.wgs84()), nil)
        }
    }

    /// WGS84 lon/lat, or nil when PROJ cannot transform the pair.
    func toWGS84(x: Double, y: Double) -> (x: Double, y: Double)? {
        if let datum { let wgs = datum.toWGS84(lon: x, lat: y); return (wgs.lon, wgs.lat) }
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
