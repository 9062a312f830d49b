import Foundation
import GeoKit
import Testing

/// Fixtures/parks.geojson: P1 wholly in 锦江 (drawn clockwise), P2 across the
/// 锦江/成华 boundary (~1/3 锦江, ~2/3 成华), P3 a self-intersecting bow-tie in 龙泉驿.
@Suite("Parks (polygons)")
struct ParkTests {
    /// Area of a lon/lat box of half-size `h` degrees, on the GRS80 ellipsoid (local radii).
    static func boxArea(lat: Double, h: Double) -> Double {
        let a = 6_378_137.0
        let e2 = 0.006_694_380_022_90
        let phi = lat * .pi / 180
        let s = sin(phi)
        let m = a * (1 - e2) / pow(1 - e2 * s * s, 1.5)  // meridional radius
        let n = a / sqrt(1 - e2 * s * s)  // prime vertical radius
        let side = 2 * h * .pi / 180
        return (m * side) * (n * cos(phi) * side)
    }

    /// Signed area of a ring (shoelace): positive when counter-clockwise.
    static func signedArea(_ ring: [[Double]]) -> Double {
        zip(ring, ring.dropFirst()).reduce(0) { $0 + ($1.0[0] * $1.1[1] - $1.1[0] * $1.0[1]) } / 2
    }

    static func rings(_ geometry: [String: Any]?) -> [[[Double]]] {
        let coordinates = geometry?["coordinates"]
        let polygons: [[[[Double]]]]
        switch geometry?["type"] as? String {
        case "Polygon": polygons = [(coordinates as? [[[Double]]]) ?? []]
        case "MultiPolygon": polygons = (coordinates as? [[[[Double]]]]) ?? []
        default: polygons = []
        }
        return polygons.flatMap { $0 }
    }

    static func wkt(_ geometry: [String: Any]?) -> String? {
        func ring(_ r: [[Double]]) -> String { "(" + r.map { "\($0[0]) \($0[1])" }.joined(separator: ", ") + ")" }
        switch geometry?["type"] as? String {
        case "Polygon":
            guard let rings = geometry?["coordinates"] as? [[[Double]]] else { return nil }
            return "POLYGON (" + rings.map(ring).joined(separator: ", ") + ")"
        case "MultiPolygon":
            guard let polygons = geometry?["coordinates"] as? [[[[Double]]]] else { return nil }
            return "MULTIPOLYGON ("
                + polygons.map { "(" + $0.map(ring).joined(separator: ", ") + ")" }.joined(separator: ", ") + ")"
        default: return nil
        }
    }

    func overlayParks(_ extra: [String] = []) throws -> (CLI.Run, [String: Row]) {
        let run = try CLI.overlay("parks.geojson", extra)
        try #require(run.status == 0, "\(run)")
        let rows = try Read.geojson(run.path("out.geojson"))
        return (run, Dictionary(uniqueKeysWithValues: rows.compactMap { row in row.string("id").map { ($0, row) } }))
    }

    @Test("majority unit, area in m² and unit share")
    func majorityUnit() throws {
        let (run, parks) = try overlayParks()
        #expect(parks.count == 3)
        let p1 = try #require(parks["P1"])
        let p2 = try #require(parks["P2"])
        let p3 = try #require(parks["P3"])
        #expect(p1.string("unit") == "510104" && p1.string("zone") == "central" && p1.bool("is_core") == true)
        #expect(p2.string("unit") == "510108", "P2 is ~2/3 成华")
        #expect(p2.string("adcode") == "510108")
        #expect(p3.string("unit") == "510112" && p3.bool("is_core") == false)

        let a1 = try #require(p1.double("area_m2"))
        let expected1 = Self.boxArea(lat: 30.6574, h: 0.002)
        #expect(abs(a1 - expected1) / expected1 < 0.005, "P1 area \(a1) m², expected ≈ \(expected1)")
        #expect(abs((p1.double("unit_share") ?? 0) - 1) < 1e-9)
        let a2 = try #require(p2.double("area_m2"))
        let expected2 = Self.boxArea(lat: 30.62657, h: 0.003)
        #expect(abs(a2 - expected2) / expected2 < 0.005, "P2 area \(a2) m², expected ≈ \(expected2)")
        let share2 = try #require(p2.double("unit_share"))
        #expect(share2 > 0.6 && share2 < 0.75, "P2 share in 成华: \(share2)")
        #expect(CLI.reconciliation(run).map { $0.read == 3 && $0.written == 3 && $0.rejected == 0 } == true)
    }

    @Test("--apportion writes every unit's share; shares sum to 1 per park")
    func apportion() throws {
        let (run, _) = try overlayParks(["--apportion", "shares.csv"])
        let table = try Read.csv(run.path("shares.csv"))
        for column in ["row", "unit", "zone", "adcode", "area_m2", "share"] { #expect(table.header.contains(column)) }
        let byRow = Dictionary(grouping: table.rows) { $0.string("row") ?? "?" }
        #expect(byRow.keys.sorted() == ["1", "2", "3"])
        for (row, shares) in byRow {
            let sum = shares.compactMap { $0.double("share") }.reduce(0, +)
            #expect(abs(sum - 1) < 1e-9, "row \(row): shares sum to \(sum)")
        }
        let p2 = try #require(byRow["2"])
        #expect(Set(p2.compactMap { $0.string("unit") }) == ["510104", "510108"], "P2 straddles exactly 锦江 and 成华")
        let jinjiang = p2.first { $0.string("unit") == "510104" }?.double("share") ?? 0
        #expect(jinjiang > 0.25 && jinjiang < 0.4, "锦江 share \(jinjiang)")
        #expect(byRow["1"]?.count == 1 && byRow["3"]?.count == 1)
    }

    @Test("the bow-tie is repaired for the overlay, with a note; its area is the two triangles'")
    func bowTie() throws {
        let (run, parks) = try overlayParks()
        let p3 = try #require(parks["P3"])
        // Two triangles, each a quarter of the 0.02° box around (104.269, 30.56).
        let expected = Self.boxArea(lat: 30.56, h: 0.01) / 2
        let area = try #require(p3.double("area_m2"))
        #expect(abs(area - expected) / expected < 0.01, "bow-tie area \(area) m², expected ≈ \(expected)")
        #expect(run.stderrLines.contains { $0.contains("MakeValid") || $0.lowercased().contains("repaired") })
    }

    @Test("every output polygon is valid")
    func outputPolygonsValid() throws {
        let (_, parks) = try overlayParks()
        let context = try GEOSContext()
        for id in ["P1", "P2"] {
            let shape = try Geometry(wkt: try #require(Self.wkt(parks[id]?.geometry)), in: context)
            #expect(try shape.isValid(), "\(id) valid")
        }
        let p3 = try Geometry(wkt: try #require(Self.wkt(parks["P3"]?.geometry)), in: context)
        let valid = try p3.isValid()
        let reason = valid ? "" : try p3.invalidityReason()
        #expect(valid, "P3 written valid: \(reason)")
    }

    @Test("RFC 7946: exterior rings counter-clockwise, even when the input was clockwise")
    func ringOrientation() throws {
        let (_, parks) = try overlayParks()
        for id in ["P1", "P2"] {
            let rings = Self.rings(parks[id]?.geometry)
            let exterior = try #require(rings.first)
            #expect(Self.signedArea(exterior) > 0, "\(id) exterior ring counter-clockwise")
        }
    }

    @Test("parks into GeoPackage and CSV (WKT)", arguments: ["out.gpkg", "out.csv"])
    func parkOutputs(output: String) throws {
        let run = try CLI.overlay("parks.geojson", output: output)
        try #require(run.status == 0, "\(run)")
        let rows = output.hasSuffix(".csv") ? try Read.csv(run.path(output)).rows : try Read.ogr(run.path(output)).rows
        let units = Dictionary(
            uniqueKeysWithValues: rows.compactMap { row in row.string("id").map { ($0, row.string("unit") ?? "") } })
        #expect(units == ["P1": "510104", "P2": "510108", "P3": "510112"])
        #expect(rows.allSatisfy { ($0.double("area_m2") ?? 0) > 0 && $0.double("unit_share") != nil })
        if output.hasSuffix(".csv") {
            #expect(
                rows.allSatisfy {
                    ($0.string("WKT") ?? "").hasPrefix("POLYGON") || ($0.string("WKT") ?? "").hasPrefix("MULTIPOLYGON")
                })
        }
    }
}
