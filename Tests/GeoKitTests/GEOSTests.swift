import Testing

@testable import GeoKit

@Suite("GEOS geometries, predicates and ownership")
struct GEOSTests {
    let context: GEOSContext
    init() throws { context = try GEOSContext() }

    func geometry(_ wkt: String) throws -> Geometry { try Geometry(wkt: wkt, in: context) }

    @Test func wkbRoundTripKeepsEveryCoordinate() throws {
        let square = try geometry("POLYGON ((104.1 30.1, 104.2 30.1, 104.2 30.2, 104.1 30.2, 104.1 30.1))")
        let back = try Geometry(wkb: square.wkb(), in: context)
        #expect(try back.wkt() == square.wkt())
        #expect(back.kind == .polygon)
    }

    @Test func boundaryPointIsCoveredButNotContained() throws {
        let square = try geometry("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
        let onEdge = try Geometry.point(x: 10, y: 5, in: context)
        let inside = try Geometry.point(x: 5, y: 5, in: context)
        let prepared = try square.prepared()
        #expect(try prepared.intersects(onEdge))
        #expect(try !prepared.contains(onEdge))
        #expect(try prepared.contains(inside))
        #expect(try square.covers(onEdge))
        #expect(try !square.contains(onEdge))
    }

    @Test func bowTieIsInvalidAndMakeValidKeepsItsArea() throws {
        let bowTie = try geometry("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
        #expect(try !bowTie.isValid())
        #expect(try bowTie.invalidityReason().hasPrefix("Self-intersection"))
        let repaired = try bowTie.madeValid()
        #expect(try repaired.isValid())
        #expect(abs(try repaired.area() - 50) < 1e-9)
    }

    @Test func overlayOperations() throws {
        let a = try geometry("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
        let b = try geometry("POLYGON ((5 0, 15 0, 15 10, 5 10, 5 0))")
        #expect(try a.intersection(with: b).area() == 50)
        #expect(try a.difference(b).area() == 50)
        #expect(try a.union(with: b).area() == 150)
        #expect(try Geometry.collection([a, b], in: context).unaryUnion().area() == 150)
        #expect(try a.distance(to: Geometry.point(x: 13, y: 4, in: context)) == 3)
    }

    @Test func polygonalPartsDropCollapsedSlivers() throws {
        let mixed = try geometry(
            "GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)), LINESTRING (5 5, 6 6), POINT (9 9))")
        let parts = try mixed.polygonalParts()
        #expect(parts.kind == .polygon)
        #expect(try parts.area() == 0.5)
    }

    @Test func filledHolesMeasuresEnclaves() throws {
        let ring = try geometry("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))")
        #expect(try ring.filledHoles().area() - ring.area() == 4)
    }

    @Test func geoJSONOrientationIsCounterClockwiseShell() throws {
        let clockwise = try geometry("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))")
        let oriented = try clockwise.orientedForGeoJSON()
        let shell = try oriented.exteriorRing().coordinates()
        let hole = try oriented.interiorRings()[0].coordinates()
        #expect(signedArea(shell) > 0)
        #expect(signedArea(hole) < 0)
    }

    @Test func partsKeepTheirParentAlive() throws {
        var collection: Geometry? = try geometry("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 7 5, 7 7, 5 5)))")
        let second = try collection!.part(1)
        collection = nil
        #expect(try second.area() == 2)
    }

    @Test func gEOSErrorsAreThrownWithTheLibraryMessage() throws {
        #expect(throws: GeoKitError.self) { try geometry("POLYGON ((0 0, 1 0") }
        do {
            _ = try geometry("NOT WKT")
        } catch let error as GeoKitError {
            #expect(error.library == .geos)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func transformedXYMovesEveryVertex() throws {
        let line = try geometry("LINESTRING (1 2, 3 4)")
        let moved = try line.transformedXY { x, y in (x + 10, y * 2) }
        #expect(try moved.wkt() == "LINESTRING (11 4, 13 8)")
    }

    private func signedArea(_ ring: [(x: Double, y: Double)]) -> Double {
        zip(ring, ring.dropFirst()).reduce(0) { $0 + ($1.0.x * $1.1.y - $1.1.x * $1.0.y) } / 2
    }
}

@Suite("STRtree")
struct STRtreeTests {
    @Test func queryReturnsItemsWhoseEnvelopesHitInAscendingOrder() throws {
        let context = try GEOSContext()
        let tree = try STRtree(in: context)
        let boxes = [
            "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))", "POLYGON ((2 2, 3 2, 3 3, 2 3, 2 2))",
            "POLYGON ((0.5 0.5, 2.5 0.5, 2.5 2.5, 0.5 2.5, 0.5 0.5))",
        ]
        for (index, wkt) in boxes.enumerated() { tree.insert(try Geometry(wkt: wkt, in: context), item: index) }
        #expect(tree.query(try Geometry.point(x: 0.75, y: 0.75, in: context)) == [0, 2])
        #expect(tree.query(try Geometry.point(x: 2.75, y: 2.75, in: context)) == [1])
        #expect(tree.query(try Geometry.point(x: 9, y: 9, in: context)).isEmpty)
    }
}
