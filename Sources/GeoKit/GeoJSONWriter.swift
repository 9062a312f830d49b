import Foundation

/// A streaming RFC 7946 GeoJSON / GeoJSONSeq writer.
///
/// OGR's GeoJSON driver cannot add a top-level member (GDAL 3.6 has no
/// foreign-members option) and is slow on millions of points, so zonefit
/// writes GeoJSON itself: WGS84 lon/lat, no `crs`, counter-clockwise shells,
/// coordinates at full double precision (a point on a boundary stays on it),
/// and keys in a fixed order so outputs diff cleanly.
public final class GeoJSONWriter {
    public enum Layout: Sendable { case featureCollection, sequence }

    private let layout: Layout
    private let file: BufferedFile
    private let fieldNames: [String]
    private let context: GEOSContext
    private var first = true

    public init(path: String, layout: Layout, name: String, fields: [FieldDefinition]) throws {
        self.layout = layout
        self.file = try BufferedFile(path: path)
        self.fieldNames = Self.keys(fields)
        self.context = try GEOSContext()
        if layout == .featureCollection { try file.write(Self.head(name: name)) }
    }

    public func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws {
        let geometryJSON: String
        switch geometry {
        case .none: geometryJSON = "null"
        case .point(let x, let y): geometryJSON = Self.point(x: x, y: y)
        case .wkb(let bytes):
            geometryJSON = try GeoJSONGeometry.encode(Geometry(wkb: bytes, in: context).orientedForGeoJSON())
        }
        let separator = layout == .featureCollection && !first ? ",\n" : ""
        first = false
        try file.write(
            separator + Self.feature(id: id, keys: fieldNames, values: values, geometry: geometryJSON)
                + (layout == .sequence ? "\n" : ""))
    }

    // MARK: Pieces, for writers that assemble features on several threads

    /// The encoded property keys of `fields`, computed once per layer.
    public static func keys(_ fields: [FieldDefinition]) -> [String] { fields.map { JSONText.string($0.name) } }

    /// The FeatureCollection's opening, up to the first feature.
    public static func head(name: String) -> String {
        "{\"type\":\"FeatureCollection\",\"name\":\(JSONText.string(name)),\"features\":[\n"
    }

    /// The FeatureCollection's closing, with extra top-level members (already-encoded JSON).
    /// They come after the features (RFC 7946 §6.1 allows foreign members anywhere), so a
    /// streaming writer can include what it learns while writing, such as the input's SHA-256.
    public static func tail(members: [(key: String, json: String)]) -> String {
        "\n]" + members.map { ",\(JSONText.string($0.key)):\($0.json)" }.joined() + "}\n"
    }

    public static func point(x: Double, y: Double) -> String {
        let bytes = ByteBuffer(capacity: 64)
        appendPoint(x: x, y: y, to: bytes)
        return bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    private static let pointStart = Array("{\"type\":\"Point\",\"coordinates\":[".utf8)

    /// A Point object's bytes, for writers that assemble millions of them.
    public static func appendPoint(x: Double, y: Double, to out: ByteBuffer) {
        out.append(pointStart)
        out.append(JSONText.number(x))
        out.append(UInt8(ascii: ","))
        out.append(JSONText.number(y))
        out.append(UInt8(ascii: "]"))
        out.append(UInt8(ascii: "}"))
    }

    /// One Feature object, keys in a fixed order: type, id, properties, geometry.
    public static func feature(id: Int64?, keys: [String], values: [FieldValue], geometry: String) -> String {
        var text = "{\"type\":\"Feature\""
        if let id { text += ",\"id\":\(id)" }
        text += ",\"properties\":{"
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            text += keys[index]
            text += ":"
            text += JSONText.value(value)
        }
        return text + "},\"geometry\":" + geometry + "}"
    }

    /// Finishes the document and closes the file. `members` are extra top-level members of a
    /// FeatureCollection (e.g. provenance), written as given (already-encoded JSON) after the
    /// features: see `tail(members:)`.
    public func close(members: [(key: String, json: String)] = []) throws {
        if layout == .featureCollection { try file.write(Self.tail(members: members)) }
        try file.close()
    }
}

/// GeoJSON geometry objects from GEOS geometries.
enum GeoJSONGeometry {
    static func encode(_ shape: Geometry) throws -> String {
        switch shape.kind {
        case .point:
            let point = try shape.coordinates()
            guard let first = point.first else { return "null" }
            return "{\"type\":\"Point\",\"coordinates\":\(position(first))}"
        case .lineString, .linearRing:
            return "{\"type\":\"LineString\",\"coordinates\":\(try line(shape))}"
        case .polygon:
            return "{\"type\":\"Polygon\",\"coordinates\":\(try polygon(shape))}"
        case .multiPoint:
            let points = try (0..<shape.partCount).compactMap { try shape.part($0).coordinates().first }
            return "{\"type\":\"MultiPoint\",\"coordinates\":[\(points.map(position).joined(separator: ","))]}"
        case .multiLineString:
            let lines = try (0..<shape.partCount).map { try line(shape.part($0)) }
            return "{\"type\":\"MultiLineString\",\"coordinates\":[\(lines.joined(separator: ","))]}"
        case .multiPolygon:
            let polygons = try (0..<shape.partCount).map { try polygon(shape.part($0)) }
            return "{\"type\":\"MultiPolygon\",\"coordinates\":[\(polygons.joined(separator: ","))]}"
        case .geometryCollection:
            let members = try (0..<shape.partCount).map { try encode(shape.part($0)) }
            return "{\"type\":\"GeometryCollection\",\"geometries\":[\(members.joined(separator: ","))]}"
        }
    }

    private static func position(_ point: (x: Double, y: Double)) -> String {
        "[\(JSONText.number(point.x)),\(JSONText.number(point.y))]"
    }

    private static func line(_ shape: Geometry) throws -> String {
        "[" + (try shape.coordinates()).map(position).joined(separator: ",") + "]"
    }

    private static func polygon(_ shape: Geometry) throws -> String {
        let rings = [try shape.exteriorRing()] + (try shape.interiorRings())
        return "[" + (try rings.map(line)).joined(separator: ",") + "]"
    }
}

/// JSON text for scalars, written by hand because it sits on the hot path.
public enum JSONText {
    public static func string(_ text: String) -> String {
        // Most text needs no escape: one scan of the bytes, one concatenation.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Shortest round-trip form; JSON has no NaN or infinity, so those become null.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    public static func value(_ value: FieldValue) -> String {
        switch value {
        case .null: return "null"
        case .integer(let number): return String(number)
        case .real(let real): return number(real)
        case .string(let text): return string(text)
        case .boolean(let flag): return flag ? "true" : "false"
        }
    }
}
