import Foundation
import GeoKit

/// Where synthetic firms go, as Sendable values that every worker turns into its
/// own GEOS geometries: unit weights and seeded cluster centres, the cells, and
/// the parks with their leading industries.
struct SynthPlan: Sendable {
    struct Centre: Sendable {
        var lon, lat: Double
        /// Gaussian spread in degrees.
        var sigmaLon, sigmaLat: Double
    }

    struct Unit: Sendable {
        var zone: SynthZone
        /// The unit's cells (its ground split by district), indices into `cells`.
        var cells: [Int]
        var envelope: Envelope
        var centres: [Centre]
        var centreChoice: WeightedChoice
    }

    struct Park: Sendable {
        var id: String
        var wkb: [UInt8]
        var envelope: Envelope
        /// Indices into `SynthIndustryMix.classes`; empty: the zone's mix.
        var industries: [Int]
    }

    var cells: [ZoneCell]
    var cellZones: [SynthZone]
    /// Per cell the functional area's name where the cell is one's (成都高新区), for addresses.
    var areaNames: [String?]
    /// The districts' names, once each, for addresses that name another district.
    var districtNames: [String]
    var units: [Unit]
    var unitChoice: WeightedChoice
    var parks: [Park]
    var parkChoice: WeightedChoice
    /// The share of firms placed in parks (0 without parks).
    var parkShare: Double

    /// Firms per km² by zone: the core five densest, then the new areas, the rest of
    /// the central city, the suburban towns sparse. ILLUSTRATIVE.
    static func density(_ zone: SynthZone) -> Double {
        switch zone {
        case .core: return 60
        case .newArea: return 25
        case .central: return 12
        case .suburban: return 2
        }
    }

    /// Builds the plan; cluster centres depend only on `seed` and the layer.
    static func build(layer: ZoneLayer, parks parkPolygons: [ParkPolygon], seed: UInt64, parkShare: Double = 0.25)
        throws -> SynthPlan
    {
        let context = try GEOSContext()
        let geometries = try layer.cells.map { try Geometry(wkb: $0.wkb, in: context) }
        let prepared = try geometries.map { try $0.prepared() }
        var random = SeededRandom(seed: seed, stream: .max)
        var units: [Unit] = []
        for (index, unit) in layer.units.enumerated() {
            let zone = SynthZone(zone: unit.zone, isCore: unit.isCore)
            let cells = layer.cells.indices.filter { layer.cells[$0].unitIndex == index }
            let envelope = try Geometry(wkb: unit.wkb, in: context).envelope()
            // A few centres per unit, more in large units; spread ~ a quarter of the side of a centre's share.
            let count = min(8, max(3, Int(unit.areaKm2 / 150) + 2))
            let sideKm = (unit.areaKm2 / Double(count)).squareRoot()
            var centres: [Centre] = []
            var weights: [Double] = []
            var attempts = 0
            while centres.count < count && attempts < 10_000 {
                attempts += 1
                let lon = envelope.minX + random.unit() * (envelope.maxX - envelope.minX)
                let lat = envelope.minY + random.unit() * (envelope.maxY - envelope.minY)
                let point = try Geometry.point(x: lon, y: lat, in: context)
                guard try cells.contains(where: { try prepared[$0].contains(point) }) else { continue }
                let sigmaKm = sideKm * (0.15 + 0.2 * random.unit())
                centres.append(
                    Centre(
                        lon: lon, lat: lat, sigmaLon: sigmaKm / (111.32 * cos(lat * .pi / 180)),
                        sigmaLat: sigmaKm / 110.57))
                weights.append(random.logNormal(median: 1, sigma: 0.7))
            }
            units.append(
                Unit(
                    zone: zone, cells: cells, envelope: envelope, centres: centres,
                    centreChoice: WeightedChoice(weights)))
        }
        let districtUnits = Set(layer.scheme.districts.map(\.unit))
        let parks = parkPolygons.map { park in
            Park(
                id: park.id, wkb: park.wkb, envelope: park.envelope,
                industries: Array(Set(park.leadingIndustries.flatMap(SynthIndustryMix.classes(matching:)))).sorted())
        }
        return SynthPlan(
            cells: layer.cells,
            cellZones: layer.cells.map {
                SynthZone(zone: layer.units[$0.unitIndex].zone, isCore: layer.units[$0.unitIndex].isCore)
            },
            areaNames: layer.cells.map { cell in
                districtUnits.contains(layer.units[cell.unitIndex].id) ? nil : layer.units[cell.unitIndex].name
            },
            districtNames: Array(Set(layer.cells.map(\.district))).sorted(),
            units: units,
            unitChoice: WeightedChoice(zip(layer.units, units).map { $0.areaKm2 * density($1.zone) }),
            // Parks weigh by the square root of their extent, so small parks are not empty.
            parks: parks,
            parkChoice: WeightedChoice(parkPolygons.map { $0.areaKm2.squareRoot() }),
            parkShare: parks.isEmpty ? 0 : parkShare)
    }
}
