import CGEOS

/// A prepared geometry (`GEOSPrepare_r`) for fast repeated predicates against
/// one zone unit. It keeps its geometry alive, as GEOS requires.
public final class PreparedGeometry {
    public let geometry: Geometry
    private let pointer: OpaquePointer

    init(_ geometry: Geometry) throws {
        guard let prepared = GEOSPrepare_r(geometry.context.handle, geometry.pointer) else {
            throw geometry.context.takeError("GEOSPrepare_r failed")
        }
        self.geometry = geometry
        self.pointer = prepared
    }

    deinit { GEOSPreparedGeom_destroy_r(geometry.context.handle, pointer) }

    /// `GEOSPreparedIntersects_r`: for a point, true inside or on the boundary.
    public func intersects(_ other: Geometry) throws -> Bool {
        try geometry.context.predicate(
            GEOSPreparedIntersects_r(geometry.context.handle, pointer, other.pointer),
            "GEOSPreparedIntersects_r")
    }

    /// `GEOSPreparedContainsProperly_r`: `other` lies in the interior, touching no boundary.
    public func containsProperly(_ other: Geometry) throws -> Bool {
        try geometry.context.predicate(
            GEOSPreparedContainsProperly_r(geometry.context.handle, pointer, other.pointer),
            "GEOSPreparedContainsProperly_r")
    }

    /// `GEOSPreparedContains_r`: for a point, true only in the interior.
    public func contains(_ other: Geometry) throws -> Bool {
        try geometry.context.predicate(
            GEOSPreparedContains_r(geometry.context.handle, pointer, other.pointer),
            "GEOSPreparedContains_r")
    }
}
