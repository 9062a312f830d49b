import GeoKit

/// A polygon feature of a scheme layer, repaired and in WGS84.
struct SchemePolygon {
    var key: String
    var values: [String: FieldValue]
    var geometry: Geometry
}

/// Reads a scheme layer (districts or functional areas) keyed by one field,
/// transforming to WGS84 and repairing invalid geometry with MakeValid.
enum PolygonLayerReader {
    /// `keyField` nil: features are keyed by their number.
    static func read(
        _ reference: SourceReference, keyField: String?, context: GEOSContext, repaired: inout [String]
    ) throws -> [SchemePolygon] {
        let path = reference.name
        let source: VectorSource
        do {
            source = try reference.open()
        } catch let error as GeoKitError {
            throw ZoneFitError(file: path, error.message)
        }
        let keyIndex = source.fields.firstIndex { $0.name == keyField }
        if let keyField, keyIndex == nil {
            throw ZoneFitError(
                file: path, "has no field '\(keyField)' (fields: \(source.fields.map(\.name).joined(separator: ", ")))")
        }
        let wgs84 = try SpatialReference.wgs84()
        let transform = try source.spatialReference.flatMap {
            $0.isSame(as: wgs84) ? nil : try CoordinateTransform(from: $0, to: wgs84)
        }
        var polygons: [SchemePolygon] = []
        while let feature = try source.next() {
            let key = keyIndex.map { feature.values[$0].text ?? "" } ?? String(feature.number)
            guard !key.isEmpty else {
                throw ZoneFitError(file: path, "feature \(feature.number): field '\(keyField ?? "")' is empty")
            }
            guard case .wkb(let bytes) = feature.geometry else {
                throw ZoneFitError(
                    file: path,
                    "feature \(feature.number) (\(key)): expected a polygon, found \(feature.geometry == .none ? "no geometry" : "a point")"
                )
            }
            var geometry = try Geometry(wkb: bytes, in: context)
            guard geometry.kind == .polygon || geometry.kind == .multiPolygon else {
                throw ZoneFitError(
                    file: path, "feature \(feature.number) (\(key)): expected a polygon, found a \(geometry.kind.name)")
            }
            if let transform { geometry = try transform.transform(geometry) }
            if !(try geometry.isValid()) {
                repaired.append(
                    "\(reference.label) feature \(feature.number) (\(key)): \(try geometry.invalidityReason())")
                geometry = try geometry.madeValid().polygonalParts()
            }
            let values = Dictionary(
                zip(source.fields.map(\.name), feature.values), uniquingKeysWith: { first, _ in first })
            polygons.append(SchemePolygon(key: key, values: values, geometry: geometry))
        }
        return polygons
    }
}

/// The last path component, for messages (and what it records: a connection without its password).
func fileName(_ path: String) -> String {
    SourceReference(path).label
}
