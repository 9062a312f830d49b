import GeoKit

/// Places synthetic firms: a worker's own GEOS context and prepared cells and parks.
///
/// A point is kept only when it lies in the interior of one of the chosen unit's
/// cells (rejection sampling against the unit's prepared ground), so the overlay
/// puts it in that unit and district. Coordinates are rounded to the 6 decimals
/// written (~0.1 m) before the test, so the written point is the tested point.
final class SynthSampler {
    struct Location {
        var lon, lat: Double
        var cell: Int
        /// Index into `plan.parks` when the firm is in a park.
        var park: Int?
    }

    let plan: SynthPlan
    private let context: GEOSContext
    private let cells: [PreparedGeometry]
    private let cellEnvelopes: [Envelope]
    private let parks: [PreparedGeometry]

    init(_ plan: SynthPlan) throws {
        self.plan = plan
        let context = try GEOSContext()
        let geometries = try plan.cells.map { try Geometry(wkb: $0.wkb, in: context) }
        self.context = context
        cells = try geometries.map { try $0.prepared() }
        cellEnvelopes = try geometries.map { try $0.envelope() }
        parks = try plan.parks.map { try Geometry(wkb: $0.wkb, in: context).prepared() }
    }

    func locate(_ random: inout SeededRandom) throws -> Location {
        if plan.parkShare > 0 && random.chance(plan.parkShare) {
            let park = plan.parkChoice.pick(&random)
            if let location = try inPark(park, &random) { return location }
        }
        return try inUnit(plan.unitChoice.pick(&random), &random)
    }

    /// Around one of the unit's centres (Gaussian); after 64 misses, uniform over its envelope.
    private func inUnit(_ index: Int, _ random: inout SeededRandom) throws -> Location {
        let unit = plan.units[index]
        var attempt = 0
        while true {
            attempt += 1
            var lon: Double
            var lat: Double
            if attempt <= 64 && !unit.centres.isEmpty {
                let centre = unit.centres[unit.centreChoice.pick(&random)]
                lon = centre.lon + centre.sigmaLon * random.normal()
                lat = centre.lat + centre.sigmaLat * random.normal()
            } else {
                lon = unit.envelope.minX + random.unit() * (unit.envelope.maxX - unit.envelope.minX)
                lat = unit.envelope.minY + random.unit() * (unit.envelope.maxY - unit.envelope.minY)
            }
            (lon, lat) = (
                SynthFirm.rounded(lon, SynthFirm.decimals.degrees), SynthFirm.rounded(lat, SynthFirm.decimals.degrees)
            )
            guard unit.envelope.contains(x: lon, y: lat) else { continue }
            let point = try Geometry.point(x: lon, y: lat, in: context)
            for cell in unit.cells where cellEnvelopes[cell].contains(x: lon, y: lat) {
                if try cells[cell].contains(point) { return Location(lon: lon, lat: lat, cell: cell, park: nil) }
            }
        }
    }

    /// Uniform inside the park and inside a cell; nil when 200 tries miss (a park outside the city).
    private func inPark(_ index: Int, _ random: inout SeededRandom) throws -> Location? {
        let envelope = plan.parks[index].envelope
        for _ in 0..<200 {
            let lon = SynthFirm.rounded(
                envelope.minX + random.unit() * (envelope.maxX - envelope.minX), SynthFirm.decimals.degrees)
            let lat = SynthFirm.rounded(
                envelope.minY + random.unit() * (envelope.maxY - envelope.minY), SynthFirm.decimals.degrees)
            let point = try Geometry.point(x: lon, y: lat, in: context)
            guard try parks[index].contains(point) else { continue }
            for cell in cells.indices where cellEnvelopes[cell].contains(x: lon, y: lat) {
                if try cells[cell].contains(point) { return Location(lon: lon, lat: lat, cell: cell, park: index) }
            }
        }
        return nil
    }
}
