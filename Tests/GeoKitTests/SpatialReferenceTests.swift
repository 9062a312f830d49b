import Testing

@testable import GeoKit

@Suite("CRS transforms through OSR/PROJ")
struct SpatialReferenceTests {
    @Test func gaussKrugerCentralMeridianMapsToTheFalseEasting() throws {
        let transform = try CoordinateTransform(from: .wgs84(), to: SpatialReference("EPSG:4544"))
        let xy = try #require(transform.transform(x: 105, y: 30))
        #expect(abs(xy.x - 500_000) < 1e-6)
        // Meridian arc length to 30°N on the GRS80/CGCS2000 ellipsoid.
        #expect(abs(xy.y - 3_320_113.4) < 0.1)
    }

    @Test func bareNumbersAreEPSGCodesAndAxisOrderIsLonLat() throws {
        let cgcs = try SpatialReference("4490")
        #expect(cgcs.isGeographic)
        #expect(cgcs.authorityCode == "EPSG:4490")
        let transform = try CoordinateTransform(from: cgcs, to: .wgs84())
        let xy = try #require(transform.transform(x: 104.06, y: 30.66))
        // CGCS2000 and WGS84 agree to centimetres here.
        #expect(abs(xy.x - 104.06) < 1e-6 && abs(xy.y - 30.66) < 1e-6)
    }

    @Test func roundTripThroughTheProjectedCRS() throws {
        let forward = try CoordinateTransform(from: .wgs84(), to: SpatialReference("EPSG:4544"))
        let back = try CoordinateTransform(from: SpatialReference("EPSG:4544"), to: .wgs84())
        var xs = [104.06, 103.62, 104.55]
        var ys = [30.66, 31.0, 30.41]
        #expect(forward.transform(xs: &xs, ys: &ys) == [true, true, true])
        #expect(back.transform(xs: &xs, ys: &ys) == [true, true, true])
        #expect(abs(xs[1] - 103.62) < 1e-9 && abs(ys[2] - 30.41) < 1e-9)
    }

    @Test func unknownCRSIsAGDALError() {
        #expect(throws: GeoKitError.self) { try SpatialReference("EPSG:999999") }
        #expect(throws: GeoKitError.self) { try SpatialReference("nonsense") }
    }

    @Test func geometriesTransformVertexByVertex() throws {
        let context = try GEOSContext()
        let square = try Geometry(wkt: "POLYGON ((104 30, 104.01 30, 104.01 30.01, 104 30.01, 104 30))", in: context)
        let projected = try CoordinateTransform(from: .wgs84(), to: SpatialReference("EPSG:4544")).transform(square)
        // About 964 m × 1109 m at 30°N.
        #expect(abs(try projected.area() - 1_069_000) < 5_000)
    }
}
