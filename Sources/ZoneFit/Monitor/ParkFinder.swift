import GeoKit

/// The receiving park a point lies in (plan 三(五)1: where a relocated firm
/// went), by GEOS on the parks' own ground: a box test first, then the prepared
/// polygon, boundary included. Asked on one thread, for the firms `diff` finds
/// relocated: a few thousand points against tens of parks.
final class ParkFinder {
    private let context: GEOSContext
    private let parks: [(park: ReceivingSites.Park, box: Envelope, area: PreparedGeometry)]

    init(_ sites: ReceivingSites) throws {
        let context = try GEOSContext()
        self.context = context
        parks = try sites.parks.map { park in
            let shape = try Geometry(wkb: park.area, in: context)
            return (park, try shape.envelope(), try shape.prepared())
        }
    }

    /// The first park (in the layer's order) whose ground holds `lon`/`lat`; nil outside every park.
    func park(lon: Double, lat: Double) throws -> ReceivingSites.Park? {
        let point = try Geometry.point(x: lon, y: lat, in: context)
        return try parks.first { try $0.box.contains(x: lon, y: lat) && $0.area.intersects(point) }?.park
    }
}
