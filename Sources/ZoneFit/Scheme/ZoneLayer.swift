import GeoKit

/// A statistical unit (统计单元): a district's remainder, or a functional area
/// clipped to the city.
public struct ZoneUnit: Sendable, Codable {
    public var id: String
    public var name: String
    public var nameEn: String
    public var zone: ZoneClass
    /// True only for the remainder of a core district (五城区).
    public var isCore: Bool
    /// The districts the unit lies in (by at least 1 m²), ascending.
    public var adcodes: [String]
    public var areaKm2: Double
    /// "illustrative" or "open-data", from the source layer when it says.
    public var provenance: String?
    /// WGS84 lon/lat WKB.
    public var wkb: [UInt8]
}

/// A piece of one unit inside one district: what points are located in, so
/// that each point gets both its statistical unit and its administrative
/// district.
public struct ZoneCell: Sendable, Codable {
    public var unitIndex: Int
    public var adcode: String
    public var district: String
    public var districtEn: String
    public var wkb: [UInt8]
}

/// The built scheme: units and cells, in the order that decides boundary points.
///
/// Boundary rule: a point on a boundary shared by several cells goes to the
/// first of them in `cells` order — functional areas first, in the order the
/// scheme lists them (cells of one area by adcode), then district remainders
/// by adcode ascending.
public struct ZoneLayer: Sendable {
    public var scheme: ZoneScheme
    public var units: [ZoneUnit]
    public var cells: [ZoneCell]
    public var cityEnvelope: Envelope
    public var checks: ZoneChecks
}

/// What the build found in the source layers; areas in m² in the scheme's projected CRS.
/// Tiling (gaps, overlaps) is measured apart: see `ZoneTiling`.
public struct ZoneChecks: Sendable, Codable {
    /// Functional-area pieces under 1 m² in a district (overlay slivers along a
    /// shared boundary): kept as cells, left out of the unit's `adcodes`. "unit in adcode".
    public var slivers: [String]
    /// Functional-area ground outside the city, clipped away.
    public var clippedM2: [String: Double]
    /// Invalid geometries repaired with GEOS MakeValid: "feature: reason".
    public var repaired: [String]
    /// Functional-area ground taken by an earlier area in the precedence order.
    public var functionalOverlapM2: [String: Double]
}
