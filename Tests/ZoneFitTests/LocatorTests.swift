import Foundation
import GeoKit
import Testing

@testable import ZoneFit

@Suite("Locating points: the boundary rule")
struct LocatorTests {
    let layer: ZoneLayer
    let locator: Locator

    init() throws {
        layer = try ToyScheme().build()
        locator = try Locator(layer)
    }

    func place(_ x: Double, _ y: Double) throws -> (unit: String, adcode: String)? {
        try locator.cell(x: x, y: y).map { (layer.units[layer.cells[$0].unitIndex].id, layer.cells[$0].adcode) }
    }

    @Test func interiorPointsGetTheirUnitAndDistrict() throws {
        #expect(try place(104.05, 30.08)! == ("A", "510001"))
        #expect(try place(104.15, 30.08)! == ("B", "510002"))
        #expect(try place(104.09, 30.03)! == ("f", "510001"))
        #expect(try place(104.11, 30.03)! == ("f", "510002"))
        #expect(try place(104.25, 30.05) == nil)
    }

    @Test func sharedDistrictBoundaryGoesToTheLowerAdcode() throws {
        #expect(try place(104.1, 30.08)! == ("A", "510001"))
        #expect(try place(104.1, 30.0)! == ("A", "510001"))
    }

    @Test func functionalAreaBoundaryGoesToTheFunctionalArea() throws {
        // Edge of F against A, corner of F, and the point where A, B and F meet.
        #expect(try place(104.08, 30.03)!.unit == "f")
        #expect(try place(104.12, 30.04)!.unit == "f")
        #expect(try place(104.1, 30.04)! == ("f", "510001"))
    }

    @Test func outerBoundaryPointsAreInside() throws {
        #expect(try place(104.0, 30.05)! == ("A", "510001"))
        #expect(try place(104.2, 30.1)! == ("B", "510002"))
    }

    @Test func snappingFindsTheNearestUnitWithinTheDistance() throws {
        // 0.001° of longitude east of B ≈ 96 m at 30°N.
        let near = try #require(try locator.nearestCell(x: 104.201, y: 30.05, within: 200))
        #expect(layer.units[layer.cells[near.cell].unitIndex].id == "B")
        #expect(abs(near.metres - 96.3) < 1)
        #expect(try locator.nearestCell(x: 104.201, y: 30.05, within: 50) == nil)
    }

    @Test func apportionSplitsAPolygonByArea() throws {
        let square = try Geometry(
            wkt: "POLYGON ((104.09 30.06, 104.11 30.06, 104.11 30.08, 104.09 30.08, 104.09 30.06))", in: locator.context
        )
        let result = try locator.apportion(square)
        #expect(result.shares.count == 2)
        let sum = result.shares.map(\.areaM2).reduce(0, +)
        #expect(abs(sum - result.totalM2) / result.totalM2 < 1e-9)
        #expect(abs(result.shares[0].areaM2 / result.totalM2 - 0.5) < 0.01)
    }
}
