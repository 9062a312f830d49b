import CGDAL
import Foundation

/// An OGR spatial reference (`OSRNewSpatialReference`), always in
/// longitude/latitude (x/y) axis order, whatever the authority says.
public final class SpatialReference {
    let handle: UnsafeMutableRawPointer

    /// Takes what GDAL's tools take: `EPSG:4544`, a bare EPSG number, WKT,
    /// PROJ strings (`OSRSetFromUserInput`).
    public init(_ definition: String) throws {
        _ = GDALRuntime.registered
        let trimmed = definition.trimmingCharacters(in: .whitespaces)
        let text = trimmed.allSatisfy(\.isNumber) && !trimmed.isEmpty ? "EPSG:\(trimmed)" : trimmed
        guard let handle = OSRNewSpatialReference(nil) else {
            throw GeoKitError(.gdal, "OSRNewSpatialReference failed")
        }
        self.handle = handle
        try ogrCheck("unknown CRS '\(definition)'") { OSRSetFromUserInput(handle, text) }
        OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
    }

    /// Borrows (clones) a layer's reference.
    init(cloning handle: UnsafeMutableRawPointer) throws {
        guard let clone = OSRClone(handle) else { throw GeoKitError(.gdal, "OSRClone failed") }
        self.handle = clone
        OSRSetAxisMappingStrategy(clone, OAMS_TRADITIONAL_GIS_ORDER)
    }

    deinit { OSRRelease(handle) }

    /// WGS 84 longitude/latitude, the frame of all zonefit outputs.
    public static func wgs84() throws -> SpatialReference { try SpatialReference("EPSG:4326") }

    /// `OSRIsGeographic`.
    public var isGeographic: Bool { OSRIsGeographic(handle) != 0 }

    /// "EPSG:4544" when the reference has an authority code.
    public var authorityCode: String? {
        OSRAutoIdentifyEPSG(handle)
        guard let name = OSRGetAuthorityName(handle, nil), let code = OSRGetAuthorityCode(handle, nil)
        else { return nil }
        return "\(String(cString: name)):\(String(cString: code))"
    }

    /// The reference's name, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 105E".
    public var name: String {
        guard let name = OSRGetName(handle) else { return "unnamed" }
        return String(cString: name)
    }

    /// The reference as WKT (`OSRExportToWkt`).
    public var wkt: String {
        var text: UnsafeMutablePointer<CChar>?
        OSRExportToWkt(handle, &text)
        defer { VSIFree(text) }
        return text.map { String(cString: $0) } ?? ""
    }

    /// `OSRIsSame`.
    public func isSame(as other: SpatialReference) -> Bool { OSRIsSame(handle, other.handle) != 0 }
}

/// A coordinate transformation between two references (`OCTNewCoordinateTransformation`).
/// Not thread-safe: each worker makes its own.
public final class CoordinateTransform {
    let handle: UnsafeMutableRawPointer
    public let source: SpatialReference
    public let target: SpatialReference

    public init(from source: SpatialReference, to target: SpatialReference) throws {
        self.handle = try gdalCall("cannot transform from \(source.name) to \(target.name)") {
            OCTNewCoordinateTransformation(source.handle, target.handle)
        }
        self.source = source
        self.target = target
    }

    deinit { OCTDestroyCoordinateTransformation(handle) }

    /// One x/y pair; nil where PROJ cannot transform it.
    public func transform(x: Double, y: Double) -> (x: Double, y: Double)? {
        var x = x
        var y = y
        var z = 0.0
        var success: Int32 = 0
        let ok = OCTTransformEx(handle, 1, &x, &y, &z, &success)
        guard ok != 0, success != 0, x.isFinite, y.isFinite else { return nil }
        return (x, y)
    }

    /// Transforms x/y arrays in place; `ok[i]` tells which pairs succeeded.
    public func transform(xs: inout [Double], ys: inout [Double]) -> [Bool] {
        precondition(xs.count == ys.count)
        guard !xs.isEmpty else { return [] }
        var success = [Int32](repeating: 0, count: xs.count)
        let count = Int32(xs.count)
        _ = xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                OCTTransformEx(handle, count, x.baseAddress, y.baseAddress, nil, &success)
            }
        }
        return zip(success, zip(xs, ys)).map { $0.0 != 0 && $0.1.0.isFinite && $0.1.1.isFinite }
    }

    /// Transforms a GEOS geometry vertex by vertex.
    public func transform(_ geometry: Geometry) throws -> Geometry {
        var failed = false
        let result = try geometry.transformedXY { x, y in
            guard let out = self.transform(x: x, y: y) else {
                failed = true
                return (x, y)
            }
            return out
        }
        if failed {
            throw GeoKitError(.gdal, "cannot transform coordinates from \(source.name) to \(target.name)")
        }
        return result
    }
}
