import CGEOS

/// A GEOS geometry owned by (or borrowed from) a parent, living in one context.
///
/// Geometries never cross threads: what crosses is WKB (`wkb()`), read back
/// in the receiving worker's own context.
public final class Geometry {
    public let context: GEOSContext
    let pointer: OpaquePointer
    /// Set when this geometry is a part of another one: the parent frees it.
    private let parent: Geometry?

    init(owning pointer: OpaquePointer, in context: GEOSContext) {
        self.context = context
        self.pointer = pointer
        self.parent = nil
    }

    private init(borrowing pointer: OpaquePointer, of parent: Geometry) {
        self.context = parent.context
        self.pointer = pointer
        self.parent = parent
    }

    deinit {
        if parent == nil { GEOSGeom_destroy_r(context.handle, pointer) }
    }

    // MARK: Making geometries

    /// Reads ISO/OGC WKB (`GEOSWKBReader_read_r`).
    public convenience init(wkb: [UInt8], in context: GEOSContext) throws {
        guard let reader = GEOSWKBReader_create_r(context.handle) else {
            throw context.takeError("GEOSWKBReader_create_r failed")
        }
        defer { GEOSWKBReader_destroy_r(context.handle, reader) }
        let read = wkb.withUnsafeBufferPointer {
            GEOSWKBReader_read_r(context.handle, reader, $0.baseAddress, $0.count)
        }
        guard let read else { throw context.takeError("cannot read WKB") }
        self.init(owning: read, in: context)
    }

    /// Reads WKT (`GEOSWKTReader_read_r`).
    public convenience init(wkt: String, in context: GEOSContext) throws {
        guard let reader = GEOSWKTReader_create_r(context.handle) else {
            throw context.takeError("GEOSWKTReader_create_r failed")
        }
        defer { GEOSWKTReader_destroy_r(context.handle, reader) }
        guard let read = GEOSWKTReader_read_r(context.handle, reader, wkt) else {
            throw context.takeError("cannot read WKT")
        }
        self.init(owning: read, in: context)
    }

    /// A point (`GEOSGeom_createPointFromXY_r`).
    public static func point(x: Double, y: Double, in context: GEOSContext) throws -> Geometry {
        try context.geometry(GEOSGeom_createPointFromXY_r(context.handle, x, y), "create point")
    }

    /// An axis-aligned rectangle (`GEOSGeom_createRectangle_r`).
    public static func rectangle(_ envelope: Envelope, in context: GEOSContext) throws -> Geometry {
        try context.geometry(
            GEOSGeom_createRectangle_r(context.handle, envelope.minX, envelope.minY, envelope.maxX, envelope.maxY),
            "create rectangle")
    }

    /// 2D little-endian WKB (`GEOSWKBWriter_write_r`).
    public func wkb() throws -> [UInt8] {
        guard let writer = GEOSWKBWriter_create_r(context.handle) else {
            throw context.takeError("GEOSWKBWriter_create_r failed")
        }
        defer { GEOSWKBWriter_destroy_r(context.handle, writer) }
        GEOSWKBWriter_setOutputDimension_r(context.handle, writer, 2)
        GEOSWKBWriter_setByteOrder_r(context.handle, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(context.handle, writer, pointer, &size) else {
            throw context.takeError("cannot write WKB")
        }
        defer { GEOSFree_r(context.handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// WKT, for messages and tests (`GEOSWKTWriter_write_r`).
    public func wkt() throws -> String {
        guard let writer = GEOSWKTWriter_create_r(context.handle) else {
            throw context.takeError("GEOSWKTWriter_create_r failed")
        }
        defer { GEOSWKTWriter_destroy_r(context.handle, writer) }
        GEOSWKTWriter_setTrim_r(context.handle, writer, 1)
        guard let text = GEOSWKTWriter_write_r(context.handle, writer, pointer) else {
            throw context.takeError("cannot write WKT")
        }
        defer { GEOSFree_r(context.handle, text) }
        return String(cString: text)
    }

    // MARK: Properties

    public enum Kind: Int32, Sendable {
        case point = 0
        case lineString, linearRing, polygon, multiPoint, multiLineString,
            multiPolygon, geometryCollection

        /// The OGC name, as GIS users read it ("LineString").
        public var name: String {
            switch self {
            case .point: return "Point"
            case .lineString: return "LineString"
            case .linearRing: return "LinearRing"
            case .polygon: return "Polygon"
            case .multiPoint: return "MultiPoint"
            case .multiLineString: return "MultiLineString"
            case .multiPolygon: return "MultiPolygon"
            case .geometryCollection: return "GeometryCollection"
            }
        }
    }

    /// `GEOSGeomTypeId_r`.
    public var kind: Kind {
        Kind(rawValue: GEOSGeomTypeId_r(context.handle, pointer)) ?? .geometryCollection
    }

    /// `GEOSisEmpty_r`.
    public var isEmpty: Bool { GEOSisEmpty_r(context.handle, pointer) == 1 }

    /// `GEOSGetNumGeometries_r`: 1 for a single geometry.
    public var partCount: Int { Int(GEOSGetNumGeometries_r(context.handle, pointer)) }

    /// Part `index` of a collection (`GEOSGetGeometryN_r`), borrowed from this one.
    public func part(_ index: Int) throws -> Geometry {
        guard let part = GEOSGetGeometryN_r(context.handle, pointer, Int32(index)) else {
            throw context.takeError("no part \(index)")
        }
        return Geometry(borrowing: part, of: self)
    }

    /// The exterior ring of a polygon (`GEOSGetExteriorRing_r`), borrowed.
    func exteriorRing() throws -> Geometry {
        guard let ring = GEOSGetExteriorRing_r(context.handle, pointer) else {
            throw context.takeError("not a polygon")
        }
        return Geometry(borrowing: ring, of: self)
    }

    /// Interior ring `index` of a polygon (`GEOSGetInteriorRingN_r`), borrowed.
    func interiorRings() throws -> [Geometry] {
        let count = GEOSGetNumInteriorRings_r(context.handle, pointer)
        guard count >= 0 else { throw context.takeError("not a polygon") }
        return try (0..<count).map { index in
            guard let ring = GEOSGetInteriorRingN_r(context.handle, pointer, index) else {
                throw context.takeError("no interior ring \(index)")
            }
            return Geometry(borrowing: ring, of: self)
        }
    }

    /// The x/y pairs of a point, line or ring (`GEOSCoordSeq_getXY_r`).
    func coordinates() throws -> [(x: Double, y: Double)] {
        guard let sequence = GEOSGeom_getCoordSeq_r(context.handle, pointer) else {
            throw context.takeError("no coordinate sequence")
        }
        var size: UInt32 = 0
        try context.status(GEOSCoordSeq_getSize_r(context.handle, sequence, &size), "GEOSCoordSeq_getSize_r")
        var result: [(x: Double, y: Double)] = []
        result.reserveCapacity(Int(size))
        for index in 0..<size {
            var x = 0.0
            var y = 0.0
            try context.status(GEOSCoordSeq_getXY_r(context.handle, sequence, index, &x, &y), "GEOSCoordSeq_getXY_r")
            result.append((x, y))
        }
        return result
    }

    /// `GEOSArea_r`, in the square units of the coordinates.
    public func area() throws -> Double {
        var area = 0.0
        try context.status(GEOSArea_r(context.handle, pointer, &area), "GEOSArea_r")
        return area
    }

    /// The bounding box (`GEOSGeom_getXMin_r` …).
    public func envelope() throws -> Envelope {
        var minX = 0.0
        var minY = 0.0
        var maxX = 0.0
        var maxY = 0.0
        try context.status(GEOSGeom_getXMin_r(context.handle, pointer, &minX), "GEOSGeom_getXMin_r")
        try context.status(GEOSGeom_getYMin_r(context.handle, pointer, &minY), "GEOSGeom_getYMin_r")
        try context.status(GEOSGeom_getXMax_r(context.handle, pointer, &maxX), "GEOSGeom_getXMax_r")
        try context.status(GEOSGeom_getYMax_r(context.handle, pointer, &maxY), "GEOSGeom_getYMax_r")
        return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    // MARK: Validity

    /// `GEOSisValid_r`.
    public func isValid() throws -> Bool {
        try context.predicate(GEOSisValid_r(context.handle, pointer), "GEOSisValid_r")
    }

    /// Why the geometry is invalid, e.g. "Self-intersection[1 1]" (`GEOSisValidReason_r`).
    public func invalidityReason() throws -> String {
        guard let text = GEOSisValidReason_r(context.handle, pointer) else {
            throw context.takeError("GEOSisValidReason_r failed")
        }
        defer { GEOSFree_r(context.handle, text) }
        return String(cString: text)
    }

    /// A valid geometry covering the same ground (`GEOSMakeValid_r`).
    public func madeValid() throws -> Geometry {
        try context.geometry(GEOSMakeValid_r(context.handle, pointer), "GEOSMakeValid_r")
    }

    // MARK: Overlay (OverlayNG; a grid size > 0 snap-rounds the result)

    /// `GEOSIntersectionPrec_r`.
    public func intersection(with other: Geometry, gridSize: Double = 0) throws -> Geometry {
        try context.geometry(
            GEOSIntersectionPrec_r(context.handle, pointer, other.pointer, gridSize), "intersection")
    }

    /// `GEOSDifferencePrec_r`.
    public func difference(_ other: Geometry, gridSize: Double = 0) throws -> Geometry {
        try context.geometry(
            GEOSDifferencePrec_r(context.handle, pointer, other.pointer, gridSize), "difference")
    }

    /// `GEOSUnionPrec_r`.
    public func union(with other: Geometry, gridSize: Double = 0) throws -> Geometry {
        try context.geometry(GEOSUnionPrec_r(context.handle, pointer, other.pointer, gridSize), "union")
    }

    /// Union of the parts of a collection (`GEOSUnaryUnionPrec_r`).
    public func unaryUnion(gridSize: Double = 0) throws -> Geometry {
        try context.geometry(GEOSUnaryUnionPrec_r(context.handle, pointer, gridSize), "unary union")
    }

    /// Collects geometries into a GeometryCollection (`GEOSGeom_createCollection_r`), copying them.
    public static func collection(_ members: [Geometry], in context: GEOSContext) throws -> Geometry {
        var clones = try members.map { member -> OpaquePointer? in
            guard let clone = GEOSGeom_clone_r(context.handle, member.pointer) else {
                throw context.takeError("GEOSGeom_clone_r failed")
            }
            return clone
        }
        let collection = clones.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(
                context.handle, Int32(GEOS_GEOMETRYCOLLECTION.rawValue), $0.baseAddress, UInt32($0.count))
        }
        return try context.geometry(collection, "GEOSGeom_createCollection_r")
    }

    /// Only the polygonal parts, as a (Multi)Polygon: overlay results may carry
    /// slivers collapsed to lines or points, which are not ground.
    public func polygonalParts() throws -> Geometry {
        switch kind {
        case .polygon, .multiPolygon: return self
        case .geometryCollection:
            let parts = try (0..<partCount).map { try part($0) }.filter {
                $0.kind == .polygon || $0.kind == .multiPolygon
            }
            return try Geometry.collection(parts, in: context).unaryUnion()
        default:
            return try Geometry(wkt: "POLYGON EMPTY", in: context)
        }
    }

    /// The polygonal parts with their holes filled (`GEOSGeom_createPolygon_r` on each shell).
    public func filledHoles() throws -> Geometry {
        let polygons = kind == .polygon ? [self] : try (0..<partCount).map { try part($0) }
        let shells = try polygons.filter { $0.kind == .polygon }.map { polygon -> Geometry in
            let ring = try polygon.exteriorRing()
            guard let clone = GEOSGeom_clone_r(context.handle, ring.pointer),
                let shell = GEOSGeom_createPolygon_r(context.handle, clone, nil, 0)
            else { throw context.takeError("cannot fill holes") }
            return Geometry(owning: shell, in: context)
        }
        return try Geometry.collection(shells, in: context).unaryUnion()
    }

    // MARK: Predicates and measures

    /// `GEOSIntersects_r`.
    public func intersects(_ other: Geometry) throws -> Bool {
        try context.predicate(GEOSIntersects_r(context.handle, pointer, other.pointer), "GEOSIntersects_r")
    }

    /// `GEOSContains_r`.
    public func contains(_ other: Geometry) throws -> Bool {
        try context.predicate(GEOSContains_r(context.handle, pointer, other.pointer), "GEOSContains_r")
    }

    /// `GEOSCovers_r`.
    public func covers(_ other: Geometry) throws -> Bool {
        try context.predicate(GEOSCovers_r(context.handle, pointer, other.pointer), "GEOSCovers_r")
    }

    /// `GEOSDistance_r`, in the units of the coordinates.
    public func distance(to other: Geometry) throws -> Double {
        var distance = 0.0
        try context.status(GEOSDistance_r(context.handle, pointer, other.pointer, &distance), "GEOSDistance_r")
        return distance
    }

    /// A point guaranteed to lie inside the geometry (`GEOSPointOnSurface_r`).
    public func pointOnSurface() throws -> (x: Double, y: Double) {
        let point = try context.geometry(GEOSPointOnSurface_r(context.handle, pointer), "GEOSPointOnSurface_r")
        guard let xy = try point.coordinates().first else {
            throw GeoKitError(.geos, "empty geometry has no point on its surface")
        }
        return xy
    }

    /// The centre and radius of the largest circle inside the polygon(s), to `tolerance` in the
    /// coordinates' units (`GEOSMaximumInscribedCircle_r`): the pole of inaccessibility, where a
    /// label has the most room.
    public func maximumInscribedCircle(tolerance: Double) throws -> (x: Double, y: Double, radius: Double) {
        let line = try context.geometry(
            GEOSMaximumInscribedCircle_r(context.handle, pointer, tolerance), "GEOSMaximumInscribedCircle_r")
        let ends = try line.coordinates()
        guard let centre = ends.first, let edge = ends.last else {
            throw GeoKitError(.geos, "empty geometry has no inscribed circle")
        }
        return (
            centre.x, centre.y,
            ((edge.x - centre.x) * (edge.x - centre.x) + (edge.y - centre.y) * (edge.y - centre.y)).squareRoot()
        )
    }

    /// A prepared form for repeated predicates (`GEOSPrepare_r`).
    public func prepared() throws -> PreparedGeometry {
        try PreparedGeometry(self)
    }

    // MARK: Transformations

    /// Every vertex mapped through `transform` (`GEOSGeom_transformXY_r`).
    public func transformedXY(_ transform: (Double, Double) -> (Double, Double)) throws -> Geometry {
        try withoutActuallyEscaping(transform) { transform in
            let box = TransformBox(transform)
            let result = GEOSGeom_transformXY_r(
                context.handle, pointer,
                { x, y, userdata in
                    guard let x, let y, let userdata else { return 0 }
                    let box = Unmanaged<TransformBox>.fromOpaque(userdata).takeUnretainedValue()
                    (x.pointee, y.pointee) = box.transform(x.pointee, y.pointee)
                    return 1
                },
                Unmanaged.passUnretained(box).toOpaque())
            return try context.geometry(result, "GEOSGeom_transformXY_r")
        }
    }

    private final class TransformBox {
        let transform: (Double, Double) -> (Double, Double)
        init(_ transform: @escaping (Double, Double) -> (Double, Double)) { self.transform = transform }
    }

    /// Exterior rings counter-clockwise and holes clockwise, as RFC 7946 asks:
    /// `GEOSNormalize_r` makes shells clockwise, `GEOSReverse_r` flips them.
    public func orientedForGeoJSON() throws -> Geometry {
        guard let clone = GEOSGeom_clone_r(context.handle, pointer) else {
            throw context.takeError("GEOSGeom_clone_r failed")
        }
        let normalized = Geometry(owning: clone, in: context)
        // GEOSNormalize_r returns 0 on success and -1 on exception.
        if GEOSNormalize_r(context.handle, clone) != 0 { throw context.takeError("GEOSNormalize_r failed") }
        return try context.geometry(GEOSReverse_r(context.handle, normalized.pointer), "GEOSReverse_r")
    }
}

/// An axis-aligned bounding box.
public struct Envelope: Sendable, Equatable, Codable {
    public var minX, minY, maxX, maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        (self.minX, self.minY, self.maxX, self.maxY) = (minX, minY, maxX, maxY)
    }

    public func contains(x: Double, y: Double) -> Bool {
        x >= minX && x <= maxX && y >= minY && y <= maxY
    }
}
