import GeoKit

/// Areas in m², computed in the scheme's projected CRS (never in degrees).
struct AreaProjection {
    let transform: CoordinateTransform

    init(_ crs: String) throws {
        transform = try CoordinateTransform(from: SpatialReference.wgs84(), to: SpatialReference(crs))
    }

    func project(_ geometry: Geometry) throws -> Geometry { try transform.transform(geometry) }

    func areaM2(_ geometry: Geometry) throws -> Double {
        geometry.isEmpty ? 0 : try project(geometry).area()
    }

    /// The area of the holes of a polygonal geometry: ground its parts enclose but do not cover.
    func holeAreaM2(_ geometry: Geometry) throws -> Double {
        let projected = try project(geometry)
        let filled = try projected.filledHoles()
        return try filled.area() - projected.area()
    }
}
