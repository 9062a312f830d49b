import CGDAL

/// Puts zonefit's WGS84 lon/lat output geometries into the output's CRS, on
/// the writer's thread (a transformation is not thread-safe, and each writer
/// has one thread). Nothing to do when the output is WGS84.
final class OutputReprojection {
    let target: SpatialReference
    private let transform: CoordinateTransform?

    init(_ target: SpatialReference) throws {
        let wgs84 = try SpatialReference.wgs84()
        self.target = target
        transform = target.isSame(as: wgs84) ? nil : try CoordinateTransform(from: wgs84, to: target)
    }

    func point(x: Double, y: Double) throws -> (x: Double, y: Double) {
        guard let transform else { return (x, y) }
        guard let moved = transform.transform(x: x, y: y) else {
            throw GeoKitError(.gdal, "cannot put the point (\(x), \(y)) into \(target.name)")
        }
        return moved
    }

    /// Transforms an OGR geometry in place.
    func apply(_ geometry: OGRGeometryH) throws {
        guard let transform else { return }
        try ogrCheck("cannot put a geometry into \(target.name)") { OGR_G_Transform(geometry, transform.handle) }
    }

    /// 2D WGS84 WKB as an OGR geometry in the target CRS, a Polygon promoted to a MultiPolygon when
    /// `multiPolygon` (a layer declared so). The caller destroys it.
    func geometry(wkb: UnsafeRawBufferPointer, multiPolygon: Bool) throws -> OGRGeometryH {
        var shape: OGRGeometryH?
        try ogrCheck("cannot read a geometry for output") {
            OGR_G_CreateFromWkb(wkb.baseAddress, nil, &shape, Int32(wkb.count))
        }
        guard var geometry = shape else { throw GeoKitError(.gdal, "cannot read a geometry for output") }
        if multiPolygon && OGR_GT_Flatten(OGR_G_GetGeometryType(geometry)) == wkbPolygon {
            geometry = OGR_G_ForceToMultiPolygon(geometry)
        }
        do {
            try apply(geometry)
        } catch {
            OGR_G_DestroyGeometry(geometry)
            throw error
        }
        return geometry
    }
}
