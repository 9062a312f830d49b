import Foundation
import Testing

@Suite("Every row ends in exactly one place")
struct ReconciliationTests {
    /// Fixtures/bad-coords.csv: id = data row number; the reason each row must get (nil: written).
    static let badCoords: [Int: String?] = [
        1: nil,  // 春熙路
        2: "non_numeric",  // abc
        3: "missing_coordinates",  // empty cells
        4: "not_finite",  // NaN
        5: "not_finite",  // inf
        6: "out_of_range",  // 200, 95
        7: "swapped",  // 30.6296, 104.1413
        8: "outside",  // Beijing
        9: nil,  // 成都东站
    ]

    @Test("bad-coords.csv: output + rejects = input, with the right reason codes")
    func badCoordinates() throws {
        let run = try CLI.overlay("bad-coords.csv")
        try #require(run.status == 0, "\(run)")
        let written = try Read.geojson(run.path("out.geojson"))
        let rejects = try Read.csv(run.path("out.rejects.csv"))
        for column in ["row", "reason", "detail", "id", "name", "lon", "lat"] {
            #expect(rejects.header.contains(column), "rejects column \(column)")
        }
        let writtenIDs = written.compactMap(\.firmID)
        let rejectedIDs = rejects.rows.compactMap(\.firmID)
        #expect(writtenIDs.count + rejectedIDs.count == Self.badCoords.count)
        #expect(Set(writtenIDs).isDisjoint(with: rejectedIDs))
        #expect(Set(writtenIDs).union(rejectedIDs) == Set(Self.badCoords.keys))
        for row in rejects.rows {
            guard let id = row.firmID, let expected = Self.badCoords[id] else { continue }
            #expect(row.string("reason") == expected, "row \(id) reason")
            #expect(row.string("row") == String(id), "row number of id \(id)")
            #expect(row.string("detail")?.isEmpty == false)
        }
        #expect(Set(writtenIDs) == [1, 9])
        let units = Dictionary(
            uniqueKeysWithValues: written.compactMap { row in row.firmID.map { ($0, row.string("unit") ?? "") } })
        #expect(units == [1: "510104", 9: "510108"])
        let line = run.stderrLines.first { $0.hasPrefix("reconciliation:") }
        #expect(line == "reconciliation: read 9 = written 2 + rejected 7")
    }

    @Test("--strict exits 2 when rows were rejected, and still writes both files")
    func strict() throws {
        let run = try CLI.overlay("bad-coords.csv", ["--strict"])
        #expect(run.status == 2, "\(run)")
        #expect(FileManager.default.fileExists(atPath: run.path("out.geojson")))
        #expect(try Read.csv(run.path("out.rejects.csv")).rows.count == 7)
    }

    @Test("--strict exits 0 when nothing was rejected")
    func strictClean() throws {
        let run = try CLI.overlay("firms-utf8.csv", ["--strict"])
        #expect(run.status == 0, "\(run)")
    }

    @Test("--rejects puts the rejects where asked")
    func rejectsPath() throws {
        let run = try CLI.overlay("bad-coords.csv", ["--rejects", "problems.csv"])
        try #require(run.status == 0, "\(run)")
        #expect(try Read.csv(run.path("problems.csv")).rows.count == 7)
        #expect(!FileManager.default.fileExists(atPath: run.path("out.rejects.csv")))
    }

    @Test("--snap 5000 assigns a point ~1 km outside the city, marked snapped; 10 km out stays rejected")
    func snap() throws {
        let run = try CLI.overlay("near-city.csv", ["--snap", "5000"])
        try #require(run.status == 0, "\(run)")
        let rows = Read.byFirmID(try Read.geojson(run.path("out.geojson")))
        let near = try #require(rows[1])
        #expect(near.string("unit") == "510185")
        #expect(near.bool("snapped") == true)
        let metres = try #require(near.double("snap_m"))
        #expect(metres > 900 && metres < 1100, "snap distance \(metres) m")
        #expect(rows[3]?.bool("snapped") == false)
        let rejects = try Read.csv(run.path("out.rejects.csv")).rows
        #expect(rejects.map { $0.firmID } == [2])
        #expect(rejects.first?.string("reason") == "outside")
    }

    @Test("without --snap the point 1 km outside is rejected as outside")
    func noSnap() throws {
        let run = try CLI.overlay("near-city.csv")
        try #require(run.status == 0, "\(run)")
        let rejects = try Read.csv(run.path("out.rejects.csv")).rows
        #expect(Set(rejects.compactMap(\.firmID)) == [1, 2])
        #expect(rejects.allSatisfy { $0.string("reason") == "outside" })
    }

    @Test("mixed.geojson: point and polygon placed, line unsupported, null geometry rejected")
    func mixedGeometries() throws {
        let run = try CLI.overlay("mixed.geojson")
        try #require(run.status == 0, "\(run)")
        let written = try Read.geojson(run.path("out.geojson"))
        let units = Dictionary(
            uniqueKeysWithValues: written.compactMap { row in row.string("id").map { ($0, row.string("unit") ?? "") } })
        #expect(units == ["M1": "510104", "M2": "510108"])
        let rejects = try Read.csv(run.path("out.rejects.csv")).rows
        let reasons = Dictionary(
            uniqueKeysWithValues: rejects.compactMap { row in row.string("id").map { ($0, row.string("reason") ?? "") }
            })
        #expect(reasons == ["M3": "unsupported_geometry", "M4": "no_geometry"])
        #expect(run.stderrLines.contains("reconciliation: read 4 = written 2 + rejected 2"))
    }

    @Test("Z and M are dropped, the points placed, and stderr says so", arguments: ["zm.geojson", "zm-m.gpkg"])
    func zm(file: String) throws {
        let run = try CLI.overlay(file)
        try #require(run.status == 0, "\(run)")
        let written = try Read.geojson(run.path("out.geojson"))
        #expect(written.count == 2)
        for row in written {
            let coordinates = (row.geometry?["coordinates"] as? [Any]) ?? []
            #expect(coordinates.count == 2, "2D point written: \(coordinates)")
        }
        #expect(Set(written.compactMap { $0.string("unit") }) == ["510104", "510108"])
        #expect(run.stderrLines.contains { $0.hasPrefix("note:") && $0.contains("Z/M") })
    }
}
