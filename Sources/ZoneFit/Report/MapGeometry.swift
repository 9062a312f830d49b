import Foundation
import GeoKit

/// Polygons in the scheme's projected CRS (EPSG:4544 for Chengdu), ready to
/// draw: the unit polygons with a label point inside each (GEOS point on
/// surface), and optional park outlines. Projected once per report; every map
/// reuses them.
public struct MapGeometry: Sendable {
    public struct Shape: Sendable {
        public var id: String
        /// The park's own name (zh, en) where the layer has `name` / `name_en`.
        public var name: String?
        public var nameEn: String?
        /// For parks: the unit holding the park's point on surface.
        public var unit: String?
        /// Rings in metres: shells and holes, drawn with the even-odd rule.
        public var rings: [[Point]]
        /// A point inside the shape, for its label.
        public var labelPoint: Point
        public var envelope: Envelope
    }

    public var crs: String
    public var units: [Shape]
    public var parks: [Shape]
    public var envelope: Envelope

    /// Projects the units of `layer` (WGS84 WKB) and the parks (any OGR polygon layer) to the scheme's area CRS.
    public init(layer: ZoneLayer, parks parksLayer: SourceReference? = nil) throws {
        let context = try GEOSContext()
        let wgs84 = try SpatialReference.wgs84()
        let project = try CoordinateTransform(from: wgs84, to: SpatialReference(layer.scheme.areaCRS))
        crs = layer.scheme.areaCRS
        units = try layer.units.map { unit in
            try Self.shape(id: unit.id, geometry: project.transform(Geometry(wkb: unit.wkb, in: context)))
        }
        var parks: [Shape] = []
        if let parksLayer {
            var repaired: [String] = []
            let read = try PolygonLayerReader.read(
                parksLayer, keyField: "id", context: context, repaired: &repaired)
            let locator = try Locator(layer)
            for park in read {
                let inside = try park.geometry.pointOnSurface()
                let unit = try locator.cell(x: inside.x, y: inside.y).map { layer.units[layer.cells[$0].unitIndex].id }
                var shape = try Self.shape(id: park.key, geometry: project.transform(park.geometry))
                shape.name = park.values["name"]?.text
                shape.nameEn = park.values["name_en"]?.text
                shape.unit = unit
                parks.append(shape)
            }
        }
        self.parks = parks
        envelope = units.map(\.envelope).reduce(units.first?.envelope ?? Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)) {
            Envelope(
                minX: min($0.minX, $1.minX), minY: min($0.minY, $1.minY), maxX: max($0.maxX, $1.maxX),
                maxY: max($0.maxY, $1.maxY))
        }
    }

    static func shape(id: String, geometry: Geometry) throws -> Shape {
        let rings = try WKBRings.parse(geometry.wkb())
        let inside = try geometry.pointOnSurface()
        return Shape(
            id: id, name: nil, nameEn: nil, unit: nil, rings: rings, labelPoint: Point(x: inside.x, y: inside.y),
            envelope: try geometry.envelope())
    }
}

/// Reads the rings of (multi)polygons, and of polygons inside collections, from
/// ISO/OGC WKB (either byte order). Points and lines are skipped: only ground is drawn.
enum WKBRings {
    struct Malformed: Error {}

    static func parse(_ bytes: [UInt8]) throws -> [[Point]] {
        var reader = Reader(bytes: bytes)
        var rings: [[Point]] = []
        try geometry(&reader, into: &rings)
        return rings
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0
        var little = true

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw Malformed() }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint32() throws -> UInt32 {
            guard offset + 4 <= bytes.count else { throw Malformed() }
            var value: UInt32 = 0
            for i in 0..<4 { value |= UInt32(bytes[offset + i]) << (8 * UInt32(little ? i : 3 - i)) }
            offset += 4
            return value
        }

        mutating func double() throws -> Double {
            guard offset + 8 <= bytes.count else { throw Malformed() }
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(little ? i : 7 - i)) }
            offset += 8
            return Double(bitPattern: value)
        }
    }

    private static func geometry(_ reader: inout Reader, into rings: inout [[Point]]) throws {
        reader.little = try reader.byte() == 1
        let type = try reader.uint32()
        let base = type % 1000
        let dimensions = type >= 3000 ? 4 : (type >= 1000 ? 3 : 2)
        func coordinates(_ count: UInt32) throws -> [Point] {
            var points: [Point] = []
            points.reserveCapacity(Int(count))
            for _ in 0..<count {
                let x = try reader.double()
                let y = try reader.double()
                for _ in 2..<dimensions { _ = try reader.double() }
                points.append(Point(x: x, y: y))
            }
            return points
        }
        switch base {
        case 1: _ = try coordinates(1)
        case 2: _ = try coordinates(try reader.uint32())
        case 3:
            for _ in 0..<(try reader.uint32()) { rings.append(try coordinates(try reader.uint32())) }
        case 4, 5, 6, 7:
            for _ in 0..<(try reader.uint32()) {
                let little = reader.little
                try geometry(&reader, into: &rings)
                reader.little = little
            }
        default: throw Malformed()
        }
    }
}
