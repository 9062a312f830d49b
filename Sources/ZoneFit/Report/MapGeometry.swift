import Foundation
import GeoKit

/// Polygons in the scheme's projected CRS (EPSG:4544 for Chengdu), ready to
/// draw: the unit polygons with a label point inside each (the centre of
/// GEOS's maximum inscribed circle), and optional park outlines. Projected once per report; every map
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
        /// The projected polygon as WKB, for clipping.
        var wkb: [UInt8]
    }

    public var crs: String
    public var units: [Shape]
    public var parks: [Shape]
    public var envelope: Envelope
    /// The reference lines and names drawn under every map (`report --basemap`).
    public var basemap: BasemapLayer?

    /// Projects the units of `layer` (WGS84 WKB) and the parks (any OGR polygon layer) to the scheme's area CRS.
    public init(layer: ZoneLayer, parks parksLayer: SourceReference? = nil, basemap: SourceReference? = nil) throws {
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
        self.basemap = try basemap.map { try BasemapLayer($0, areaCRS: layer.scheme.areaCRS) }
        envelope = units.map(\.envelope).reduce(
            units.first?.envelope ?? Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1), Self.union)
    }

    static func shape(id: String, geometry: Geometry) throws -> Shape {
        let rings = try WKBRings.parse(geometry.wkb())
        let envelope = try geometry.envelope()
        // The pole of inaccessibility to a thousandth of the shape's size: where a label has most room.
        let tolerance = max(envelope.maxX - envelope.minX, envelope.maxY - envelope.minY) / 1000
        let circle = try geometry.maximumInscribedCircle(tolerance: max(tolerance, 1e-9))
        return Shape(
            id: id, name: nil, nameEn: nil, unit: nil, rings: rings, labelPoint: Point(x: circle.x, y: circle.y),
            envelope: envelope, wkb: try geometry.wkb())
    }

    /// The core units with a margin, for the inset of the thematic maps; nil when the scheme marks no core.
    public func coreInset(_ layer: ZoneLayer) throws -> MapGeometry? {
        let core = Set(layer.units.filter(\.isCore).map(\.id))
        let boxes = units.filter { core.contains($0.id) }.map(\.envelope)
        guard let first = boxes.first else { return nil }
        return try clipped(to: Self.padded(boxes.dropFirst().reduce(first, Self.union), by: 0.08))
    }

    /// The neighbourhood of every unit small at city scale (under a quarter of the city's span), by unit id,
    /// for the inset of its locator.
    public func unitInsets() throws -> [String: MapGeometry] {
        let city = max(envelope.maxX - envelope.minX, envelope.maxY - envelope.minY)
        var insets: [String: MapGeometry] = [:]
        for unit in units
        where max(unit.envelope.maxX - unit.envelope.minX, unit.envelope.maxY - unit.envelope.minY) < city / 4 {
            insets[unit.id] = try clipped(to: Self.padded(unit.envelope, by: 0.6))
        }
        return insets
    }

    static func union(_ a: Envelope, _ b: Envelope) -> Envelope {
        Envelope(
            minX: min(a.minX, b.minX), minY: min(a.minY, b.minY), maxX: max(a.maxX, b.maxX), maxY: max(a.maxY, b.maxY))
    }

    static func padded(_ box: Envelope, by fraction: Double) -> Envelope {
        let dx = (box.maxX - box.minX) * fraction
        let dy = (box.maxY - box.minY) * fraction
        return Envelope(minX: box.minX - dx, minY: box.minY - dy, maxX: box.maxX + dx, maxY: box.maxY + dy)
    }

    /// The units and parks cut to `box` (GEOS intersection), those outside it left out, labels where they
    /// were: an inset draws only what it shows.
    public func clipped(to box: Envelope) throws -> MapGeometry {
        let context = try GEOSContext()
        let frame = try Geometry.rectangle(box, in: context)
        func clip(_ shapes: [Shape]) throws -> [Shape] {
            try shapes.compactMap { shape in
                guard shape.envelope.minX < box.maxX, shape.envelope.maxX > box.minX, shape.envelope.minY < box.maxY,
                    shape.envelope.maxY > box.minY
                else { return nil }
                var cut = shape
                // Projection can leave a ring touching itself, which GEOS's overlay refuses: repaired first.
                var geometry = try Geometry(wkb: shape.wkb, in: context)
                if try !geometry.isValid() { geometry = try geometry.madeValid() }
                cut.rings = try WKBRings.parse(geometry.intersection(with: frame).polygonalParts().wkb())
                return cut.rings.isEmpty ? nil : cut
            }
        }
        var copy = self
        copy.units = try clip(units)
        copy.parks = try clip(parks)
        copy.envelope = box
        return copy
    }
}

/// Reads the rings of (multi)polygons, and of polygons inside collections, from
/// ISO/OGC WKB (either byte order). Points are skipped, and lines unless `lines`
/// (the basemap's roads and rivers): a unit map draws only ground.
enum WKBRings {
    struct Malformed: Error {}

    static func parse(_ bytes: [UInt8], lines: Bool = false) throws -> [[Point]] {
        var reader = Reader(bytes: bytes)
        var rings: [[Point]] = []
        try geometry(&reader, into: &rings, lines: lines)
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

    private static func geometry(_ reader: inout Reader, into rings: inout [[Point]], lines: Bool) throws {
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
        case 2:
            let line = try coordinates(try reader.uint32())
            if lines { rings.append(line) }
        case 3:
            for _ in 0..<(try reader.uint32()) { rings.append(try coordinates(try reader.uint32())) }
        case 4, 5, 6, 7:
            for _ in 0..<(try reader.uint32()) {
                let little = reader.little
                try geometry(&reader, into: &rings, lines: lines)
                reader.little = little
            }
        default: throw Malformed()
        }
    }
}
