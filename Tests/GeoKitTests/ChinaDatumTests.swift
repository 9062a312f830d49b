import Testing

@testable import GeoKit

/// Reference pairs published with eviltransform (googollee/eviltransform tests),
/// computed with the same forward formula zonefit uses.
@Suite("GCJ-02 and BD-09 shifts")
struct ChinaDatumTests {
    static let gcjPairs: [(wgsLon: Double, wgsLat: Double, gcjLon: Double, gcjLat: Double)] = [
        (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),  // Shanghai
        (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),  // Shenzhen
        (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),  // Beijing
    ]

    @Test(arguments: gcjPairs)
    func forwardShiftMatchesPublishedPairs(_ pair: (wgsLon: Double, wgsLat: Double, gcjLon: Double, gcjLat: Double)) {
        let gcj = ChinaDatum.gcj02.fromWGS84(lon: pair.wgsLon, lat: pair.wgsLat)
        #expect(abs(gcj.lon - pair.gcjLon) < 1e-12)
        #expect(abs(gcj.lat - pair.gcjLat) < 1e-12)
    }

    @Test(arguments: gcjPairs)
    func inverseShiftRecoversWGS84ToAMillimetre(
        _ pair: (wgsLon: Double, wgsLat: Double, gcjLon: Double, gcjLat: Double)
    ) {
        let wgs = ChinaDatum.gcj02.toWGS84(lon: pair.gcjLon, lat: pair.gcjLat)
        // 1e-8 degrees is about 1 mm.
        #expect(abs(wgs.lon - pair.wgsLon) < 1e-8)
        #expect(abs(wgs.lat - pair.wgsLat) < 1e-8)
    }

    /// The GCJ-02 → BD-09 pair in wandergis/coordtransform's tests (and its ports).
    @Test func bd09ForwardMatchesThePublishedPair() {
        let bd = ChinaDatum.bdFromGCJ(lon: 116.404, lat: 39.915)
        #expect(abs(bd.lon - 116.41036949371029) < 1e-12)
        #expect(abs(bd.lat - 39.92133699351021) < 1e-12)
        let gcj = ChinaDatum.gcjFromBD(lon: bd.lon, lat: bd.lat)
        #expect(abs(gcj.lon - 116.404) < 1e-9 && abs(gcj.lat - 39.915) < 1e-9)
    }

    /// Beijing railway station as Amap (GCJ-02) and Baidu (BD-09) publish it, to 5 decimals.
    @Test func bd09AgreesWithBaiduForBeijingStation() {
        let gcj = ChinaDatum.gcjFromBD(lon: 116.43351, lat: 39.90851)
        #expect(abs(gcj.lon - 116.42703) < 2e-5)
        #expect(abs(gcj.lat - 39.90245) < 2e-5)
    }

    @Test func roundTripsOverChengduAreBelowOneCentimetre() {
        for datum in ChinaDatum.allCases {
            for lon in stride(from: 102.9, through: 105.0, by: 0.1) {
                for lat in stride(from: 30.0, through: 31.5, by: 0.1) {
                    let shifted = datum.fromWGS84(lon: lon, lat: lat)
                    let back = datum.toWGS84(lon: shifted.lon, lat: shifted.lat)
                    #expect(abs(back.lon - lon) < 1e-7 && abs(back.lat - lat) < 1e-7)
                }
            }
        }
    }

    @Test func outsideChinaNothingMoves() {
        let paris = ChinaDatum.gcj02.fromWGS84(lon: 2.35, lat: 48.85)
        #expect(paris.lon == 2.35 && paris.lat == 48.85)
    }
}
