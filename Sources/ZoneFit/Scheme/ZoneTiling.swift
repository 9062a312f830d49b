import GeoKit

/// Whether a scheme's districts tile the city, in m² of the scheme's projected
/// CRS. Measured on demand (`zonefit zones`, the tests), not on every build:
/// the pairwise intersections cost more than the overlay itself.
public struct ZoneTiling: Sendable {
    /// Ground of the city outline that no district covers; without a city
    /// outline in the scheme, the holes inside the union of the districts.
    public var gapM2: Double
    /// District ground outside the city outline (0 without an outline).
    public var outsideCityM2: Double
    /// Ground claimed by two districts, summed over pairs.
    public var overlapM2: Double
    /// Ground claimed by two statistical units after the overlay (should be ~0).
    public var unitOverlapM2: Double

    /// Re-reads the scheme's district and city layers and measures them and the built units.
    public static func measure(_ layer: ZoneLayer) throws -> ZoneTiling {
        let scheme = layer.scheme
        let context = try GEOSContext()
        let project = try AreaProjection(scheme.areaCRS)
        var repaired: [String] = []
        let districts = try PolygonLayerReader.read(
            SourceReference(scheme.districtsPath), keyField: scheme.districtCodeField, context: context,
            repaired: &repaired
        ).map(\.geometry)
        let city = try Geometry.collection(districts, in: context).unaryUnion()
        let outline = try scheme.cityPath.map { path in
            try Geometry.collection(
                PolygonLayerReader.read(SourceReference(path), keyField: nil, context: context, repaired: &repaired)
                    .map(
                        \.geometry),
                in: context
            ).unaryUnion()
        }
        let units = try layer.units.map { try Geometry(wkb: $0.wkb, in: context) }
        return ZoneTiling(
            gapM2: try outline.map { try project.areaM2($0.difference(city).polygonalParts()) }
                ?? project.holeAreaM2(city),
            outsideCityM2: try outline.map { try project.areaM2(city.difference($0).polygonalParts()) } ?? 0,
            overlapM2: try pairwiseOverlapM2(districts, project, context),
            unitOverlapM2: try pairwiseOverlapM2(units, project, context))
    }

    private static func pairwiseOverlapM2(_ geometries: [Geometry], _ project: AreaProjection, _ context: GEOSContext)
        throws -> Double
    {
        let tree = try STRtree(in: context)
        for (index, geometry) in geometries.enumerated() { tree.insert(geometry, item: index) }
        var total = 0.0
        for (index, geometry) in geometries.enumerated() {
            for other in tree.query(geometry) where other > index {
                let shared = try geometry.intersection(with: geometries[other]).polygonalParts()
                if !shared.isEmpty { total += try project.areaM2(shared) }
            }
        }
        return total
    }
}
