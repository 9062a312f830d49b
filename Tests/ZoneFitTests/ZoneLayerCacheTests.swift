import Foundation
import Testing

@testable import ZoneFit

@Suite("Built layers cached on disk")
struct ZoneLayerCacheTests {
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent("zonefit-cache-\(UUID().uuidString)").path

    func entries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: cache + "/layers"))?.filter { $0.hasSuffix(".json") }
            ?? []
    }

    func sameLayer(_ a: ZoneLayer, _ b: ZoneLayer) {
        #expect(a.units.map(\.id) == b.units.map(\.id))
        #expect(a.units.map(\.wkb) == b.units.map(\.wkb))
        #expect(a.units.map(\.adcodes) == b.units.map(\.adcodes))
        #expect(a.units.map(\.areaKm2) == b.units.map(\.areaKm2))
        #expect(a.cells.map(\.wkb) == b.cells.map(\.wkb))
        #expect(a.cells.map(\.adcode) == b.cells.map(\.adcode))
        #expect(a.cityEnvelope == b.cityEnvelope)
        #expect(a.checks.slivers == b.checks.slivers && a.checks.repaired == b.checks.repaired)
    }

    @Test func aStoredLayerComesBackAsBuilt() throws {
        let toy = try ToyScheme()
        let scheme = try ZoneScheme(contentsOf: toy.schemePath)
        let built = try ZoneLayerBuilder.build(scheme)
        let first = try ZoneLayerCache.layer(scheme, directory: cache)
        #expect(entries().count == 1)
        let second = try ZoneLayerCache.layer(scheme, directory: cache)
        sameLayer(first, built)
        sameLayer(second, built)
    }

    @Test func anEditedLayerFileMakesANewEntry() throws {
        let toy = try ToyScheme()
        let before = try ZoneLayerCache.layer(ZoneScheme(contentsOf: toy.schemePath), directory: cache)
        // Move F's outline: the cached layer must not be reused.
        _ = try toy.write(
            "areas.geojson",
            ToyScheme.collection([
                ToyScheme.feature(
                    ["id": "f", "provenance": "illustrative"], ToyScheme.box(104.02, 30.02, 104.06, 30.04))
            ]))
        let after = try ZoneLayerCache.layer(ZoneScheme(contentsOf: toy.schemePath), directory: cache)
        #expect(entries().count == 2)
        #expect(before.units[0].adcodes == ["510001", "510002"])
        #expect(after.units[0].adcodes == ["510001"])
        sameLayer(after, try toy.build())
    }

    @Test func anUnreadableEntryIsRebuilt() throws {
        let toy = try ToyScheme()
        let scheme = try ZoneScheme(contentsOf: toy.schemePath)
        _ = try ZoneLayerCache.layer(scheme, directory: cache)
        let entry = try #require(entries().first)
        try "{\"units\": [".write(toFile: cache + "/layers/" + entry, atomically: true, encoding: .utf8)
        sameLayer(try ZoneLayerCache.layer(scheme, directory: cache), try toy.build())
        // Stored again, whole.
        #expect(try Data(contentsOf: URL(fileURLWithPath: cache + "/layers/" + entry)).count > 100)
    }

    @Test func noDirectoryMeansNoCache() throws {
        let toy = try ToyScheme()
        sameLayer(try ZoneLayerCache.layer(ZoneScheme(contentsOf: toy.schemePath), directory: nil), try toy.build())
        #expect(entries().isEmpty)
    }
}
