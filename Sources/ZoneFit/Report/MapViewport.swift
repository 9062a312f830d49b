import GeoKit

/// Fits projected metres into a pixel rectangle: one scale for x and y (no
/// distortion beyond the projection's), centred, with y flipped (north up).
public struct MapViewport: Sendable {
    /// The drawing area in pixels.
    public let left: Double, top: Double, width: Double, height: Double
    /// Pixels per metre.
    public let scale: Double
    private let originX: Double, originY: Double

    public init(fitting envelope: Envelope, left: Double, top: Double, width: Double, height: Double) {
        (self.left, self.top, self.width, self.height) = (left, top, width, height)
        let spanX = max(envelope.maxX - envelope.minX, 1e-9)
        let spanY = max(envelope.maxY - envelope.minY, 1e-9)
        scale = min(width / spanX, height / spanY)
        // Centre the envelope in the rectangle.
        originX = left + (width - spanX * scale) / 2 - envelope.minX * scale
        originY = top + (height - spanY * scale) / 2 + envelope.maxY * scale
    }

    /// The pixel height a rectangle of `width` needs to show `envelope` without empty bands.
    public static func height(for envelope: Envelope, width: Double) -> Double {
        let spanX = max(envelope.maxX - envelope.minX, 1e-9)
        return width * (envelope.maxY - envelope.minY) / spanX
    }

    /// Whether a pixel lies in the drawing area.
    public func contains(_ pixel: Point) -> Bool {
        pixel.x >= left && pixel.x <= left + width && pixel.y >= top && pixel.y <= top + height
    }

    public func pixel(_ point: Point) -> Point {
        Point(x: originX + point.x * scale, y: originY - point.y * scale)
    }

    /// Rings in pixels, vertices closer than `minimumStep` px to the last kept one dropped
    /// (ring ends kept): a district boundary of thousands of vertices draws in a few hundred.
    public func pixels(_ rings: [[Point]], minimumStep: Double = 1.0) -> [[Point]] {
        rings.compactMap { ring in
            var kept: [Point] = []
            kept.reserveCapacity(ring.count / 4)
            for (index, point) in ring.enumerated() {
                let p = pixel(point)
                if let last = kept.last, index != ring.count - 1,
                    abs(p.x - last.x) < minimumStep && abs(p.y - last.y) < minimumStep
                {
                    continue
                }
                kept.append(p)
            }
            return kept.count >= 4 ? kept : nil
        }
    }
}
