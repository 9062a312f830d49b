import Foundation
import Testing

/// `zonefit clusters` on a small register whose quotients are worked by hand.
@Suite("clusters: location quotients, grid, coverage")
struct ClustersCLITests {
    /// 510104: 40 firms, 10 in pv (two of them chain leaders); 510105: 20 firms, 5 in pv; 510106: 40 firms, none
    /// in pv; one firm in 510104 with an unreadable code (in no count). pv firms have 10 employees, the others 2;
    /// no revenue. Every other unit has no firm; no firm is in the hydrogen chain.
    static func register() throws -> String {
        var lines = ["id,industry_code,employees,revenue,chain_leader,lon,lat"]
        var id = 0
        func add(_ count: Int, _ code: String, employees: Int, at point: (Double, Double), leaders: Int = 0) {
            for index in 0..<count {
                id += 1
                lines.append("\(id),\(code),\(employees),,\(index < leaders),\(point.0),\(point.1)")
            }
        }
        let jinjiang = (104.11621, 30.61086)
        let qingyang = (103.95625, 30.68782)
        let jinniu = (104.07653, 30.73743)
        add(10, "C3825", employees: 10, at: jinjiang, leaders: 2)
        add(30, "C1711", employees: 2, at: jinjiang)
        add(1, "X99", employees: 2, at: jinjiang)
        add(5, "C3825", employees: 10, at: qingyang)
        add(15, "C1711", employees: 2, at: qingyang)
        add(40, "C1711", employees: 2, at: jinniu)
        let path = try CLI.newFolder().appendingPathComponent("register.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func rows(_ run: CLI.Run, chain: String) throws -> [String: Row] {
        let rows = try Read.csv(run.path("clusters.csv")).rows.filter { $0.string("chain") == chain }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.string("unit") ?? "", $0) })
    }

    @Test func quotientsReliabilityAndRanksFollowTheHandCount() throws {
        let run = try CLI.run([
            "clusters", "--enterprises", try Self.register(), "-o", "clusters.geojson", "--cell", "5000",
            "--permutations", "99",
        ])
        try #require(run.status == 0, "\(run)")
        #expect(run.stderr.contains("reconciliation: read 101 = written 101 + rejected 0"), "\(run)")
        let pv = try Self.rows(run, chain: "pv")
        #expect(pv.count == 23, "every unit has a row per chain")
        let jinjiang = try #require(pv["510104"])
        #expect(jinjiang.int("firms") == 10 && jinjiang.int("unit_firms") == 40)
        #expect(jinjiang.int("city_chain_firms") == 15 && jinjiang.int("city_firms") == 100)
        let lqFirms: Double = (10.0 / 40) / (15.0 / 100)
        let lqEmployees: Double = (100.0 / 160) / (150.0 / 320)
        #expect(abs(try #require(jinjiang.double("lq_firms")) - lqFirms) < 1e-12)
        #expect(abs(try #require(jinjiang.double("lq_employees")) - lqEmployees) < 1e-12)
        #expect((jinjiang.string("lq_revenue") ?? "").isEmpty, "no revenue anywhere: no quotient, not zero")
        #expect(jinjiang.bool("lq_reliable") == true && jinjiang.int("rank") == 1 && jinjiang.int("chain_leaders") == 2)
        let qingyang = try #require(pv["510105"])
        let lqQingyang: Double = (5.0 / 20) / 0.15
        #expect(abs(try #require(qingyang.double("lq_firms")) - lqQingyang) < 1e-12)
        #expect(
            qingyang.bool("lq_reliable") == false && (qingyang.string("rank") ?? "").isEmpty,
            "20 firms < --min-firms 30")
        let jinniu = try #require(pv["510106"])
        #expect(jinniu.double("lq_firms") == 0 && jinniu.bool("lq_reliable") == false, "no pv firm: 0, not ranked")
        let empty = try #require(pv["510107"])
        #expect(
            empty.int("unit_firms") == 0 && (empty.string("lq_firms") ?? "").isEmpty
                && empty.bool("lq_reliable") == false)
        let hydrogen = try Self.rows(run, chain: "hydrogen")
        #expect(hydrogen.values.allSatisfy { ($0.string("lq_firms") ?? "").isEmpty && $0.int("city_chain_firms") == 0 })
        #expect(run.stdout.contains("510104 1.67"), "\(run.stdout)")
        #expect(
            Set(run.folderEntries) == [
                "clusters.geojson", "clusters.csv", "clusters.grid.geojson", "clusters.coverage.csv", "clusters.json",
                "clusters.enterprises.rejects.csv",
            ])
        #expect(try Read.geojson(run.path("clusters.geojson")).count == 23 * 11)
    }

    @Test func gridCoversTheCityAndStatesItsWeights() throws {
        let run = try CLI.run([
            "clusters", "--enterprises", try Self.register(), "-o", "clusters.csv", "--cell", "5000",
            "--permutations", "99", "--grid", "cells.gpkg",
        ])
        try #require(run.status == 0, "\(run)")
        let (cells, _) = try Read.ogr(run.path("cells.gpkg"))
        let document = try Read.json(run.path("clusters.json"))
        let grid = try #require(document["grid"] as? [String: Any])
        #expect(
            grid["cells"] as? Int == cells.count && cells.count > 500,
            "every cell holding part of the city, empty or not")
        let units = try #require(document["units"] as? [[String: Any]])
        #expect(units.count == 23 * 11, "the unit table in the JSON too")
        let jinjiang = try #require(units.first { $0["unit"] as? String == "510104" && $0["chain"] as? String == "pv" })
        #expect(jinjiang["firms"] as? Int == 10 && jinjiang["rank"] as? Int == 1 && jinjiang["lq_revenue"] is NSNull)
        #expect(cells.allSatisfy { $0.string("weights")?.hasPrefix("distance band 7500 m, binary") == true })
        #expect(
            cells.filter { ($0.double("pv_value") ?? 0) > 0 }.map { $0.double("pv_value") }.sorted { $0! < $1! } == [
                5, 10,
            ])
        #expect(
            cells.allSatisfy { ($0.string("hydrogen_gi_z") ?? "").isEmpty && $0.string("hydrogen_hotspot") == "ns" },
            "a chain with no firm has no z-score anywhere")
        #expect(
            cells.allSatisfy { ($0.double("x_min") ?? 1).truncatingRemainder(dividingBy: 5000) == 0 },
            "the origin sits on multiples of the cell size")
        let nonzero = try CLI.run([
            "clusters", "--enterprises", try Self.register(), "-o", "clusters.csv", "--cell", "5000",
            "--permutations", "0", "--grid", "cells.gpkg", "--nonzero",
        ])
        try #require(nonzero.status == 0, "\(nonzero)")
        #expect(try Read.ogr(nonzero.path("cells.gpkg")).rows.count == 2, "only the two cells with pv firms")
    }

    @Test func coverageListsLeadersAndMissingLinks() throws {
        let run = try CLI.run([
            "clusters", "--enterprises", try Self.register(), "-o", "clusters.csv", "--cell", "5000",
            "--permutations", "0",
        ])
        try #require(run.status == 0, "\(run)")
        let rows = try Read.csv(run.path("clusters.coverage.csv")).rows
        let pvLinks = rows.filter { $0.string("chain") == "pv" && $0.string("kind") == "link" }
        #expect(pvLinks.first { $0.string("code") == "C3825" }?.int("firms") == 15)
        #expect(pvLinks.filter { $0.bool("missing") == true }.count == pvLinks.count - 1)
        let leaders = rows.filter { $0.string("chain") == "pv" && $0.string("kind") == "leaders" }
        #expect(
            leaders.count == 1 && leaders.first?.string("unit") == "510104" && leaders.first?.int("chain_leaders") == 2)
        #expect(
            rows.filter { $0.string("chain") == "hydrogen" && $0.string("kind") == "link" }.allSatisfy {
                $0.bool("missing") == true
            })
    }

    @Test func outputsThatCannotBeWrittenAreRefusedBeforeTheRegisterIsRead() throws {
        let register = try Self.register()
        for (extra, says) in [
            (["-o", "c.gpkg", "--grid", "c.csv"], "two of the clusters outputs"),
            (["-o", "PG:dbname=x", "--grid", "g.gpkg"], "database output is not supported"),
            (["-o", "c.csv", "--cell", "50000", "--knn", "40"], "k must be below"),
            (["-o", "c.csv", "--cell", "5"], "choose larger cells"),
        ] {
            let run = try CLI.run(["clusters", "--enterprises", register] + extra)
            #expect(run.status == 1 && run.stderrLines.count == 1 && run.stderr.contains(says), "\(extra): \(run)")
            #expect(run.folderEntries.isEmpty, "\(extra): \(run.folderEntries)")
        }
        let nan = try CLI.run(["clusters", "--enterprises", register, "-o", "c.csv", "--band", "nan"])
        #expect(nan.status != 0 && nan.stderr.contains("--band"), "\(nan)")
    }

    @Test func aChainTableOfSeveralPlansNeedsOne() throws {
        let folder = try CLI.newFolder()
        let table = folder.appendingPathComponent("chains.csv").path
        try """
        plan,chain,chain_zh,code_prefix
        chengdu-2022,pv,光伏,C3825
        revision-2025,pv,光伏,C3825
        revision-2025,textile,纺织,C17
        """.write(toFile: table, atomically: true, encoding: .utf8)
        let register = try Self.register()
        let refused = try CLI.run(["clusters", "--enterprises", register, "-o", "c.csv", "--chains", table])
        #expect(refused.status == 1 && refused.stderrLines.count == 1, "\(refused)")
        #expect(refused.stderr.contains("chengdu-2022, revision-2025") && refused.folderEntries.isEmpty, "\(refused)")
        let chosen = try CLI.run([
            "clusters", "--enterprises", register, "-o", "c.csv", "--chains", table, "--plan", "revision-2025",
            "--cell", "5000", "--permutations", "0",
        ])
        try #require(chosen.status == 0, "\(chosen)")
        let textile = try Read.csv(chosen.path("c.csv")).rows.filter { $0.string("chain") == "textile" }
        #expect(textile.first { $0.string("unit") == "510106" }?.int("firms") == 40)
        #expect((try Read.json(chosen.path("c.json"))["plan"] as? String) == "revision-2025")
        try "plan,chain,chain_zh,code_prefix\nx,pv,光伏,C99\n".write(toFile: table, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["clusters", "--enterprises", register, "-o", "c.csv", "--chains", table])
        #expect(bad.status == 1 && bad.stderr.contains("row 1") && bad.stderr.contains("chains.csv"), "\(bad)")
    }
}
