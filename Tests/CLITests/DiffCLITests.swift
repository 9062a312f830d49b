import Foundation
import Testing

/// `zonefit diff`: two periods of a register, every change class found as it was made,
/// and the counts reconciling per unit and in total.
@Suite("diff between two registers")
struct DiffCLITests {
    typealias Firm = [String: String]

    /// The shipped (synthetic) sample's first 1,500 firms, every column as text, all of them in business
    /// (the sample's own 注销, 吊销 and 迁出 made 存续, so that each period counts every firm), and its header.
    static let sample: (header: [String], firms: [Firm]) = {
        let path = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv").path
        guard let read = try? Read.csv(path) else { return ([], []) }
        let firms = read.rows.prefix(1_500).map { row in
            var firm = row.values.compactMapValues { $0 as? String }
            if ["注销", "吊销", "迁出"].contains(firm["status"] ?? "") { firm["status"] = "存续" }
            return firm
        }
        return (read.header, firms)
    }()

    /// Where the sample's firms lie: USCC → unit, by an overlay of their coordinates.
    static let units: [String: String] = {
        guard let path = try? write(sample.firms, named: "placed.csv"),
            let run = try? CLI.run(["overlay", path, "-o", "out.csv"]),
            let rows = try? Read.csv(run.path("out.csv")).rows
        else { return [:] }
        return Dictionary(
            rows.map { ($0.string("uscc") ?? "", $0.string("unit") ?? "") }, uniquingKeysWith: { a, _ in a })
    }()

    static func write(_ firms: [Firm], named name: String, header: [String] = sample.header) throws -> String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let lines =
            [header.joined(separator: ",")]
            + firms.map { firm in header.map { quoted(firm[$0] ?? "") }.joined(separator: ",") }
        let path = try CLI.newFolder().appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Each key's change class as synth --evolve writes it (`exited:<reason>` for an exit) in a diff's output.
    static func changeClasses(_ path: String) throws -> [String: String] {
        var found: [String: String] = [:]
        for row in try Read.csv(path).rows {
            let change = row.string("change") ?? ""
            found[row.string("key") ?? ""] = change == "exited" ? "exited:" + (row.string("exit_reason") ?? "") : change
        }
        return found
    }

    /// The later period: firms 0–19 gone from the extract, 20–29 cancelled (注销), 30–39 moved onto the
    /// point of a firm in another unit, 50–59 with another industry code, 60–69 with another status, and 25
    /// new firms; and what each should be found to be.
    static func periods() throws -> (before: String, after: String, expected: [String: String]) {
        var firms = sample.firms
        var expected: [String: String] = [:]
        func uscc(_ index: Int) -> String { firms[index]["uscc"] ?? "" }
        for index in 0..<20 { expected[uscc(index)] = "exited:absent" }
        for index in 20..<30 {
            firms[index]["status"] = "注销"
            expected[uscc(index)] = "exited:注销"
        }
        // A firm moves onto the point of the first firm in another unit.
        for index in 30..<40 {
            let here = units[uscc(index)] ?? ""
            guard let there = firms.first(where: { (units[$0["uscc"] ?? ""] ?? here) != here }) else { continue }
            (firms[index]["lon"], firms[index]["lat"]) = (there["lon"], there["lat"])
            expected[uscc(index)] = "moved"
        }
        for index in 50..<60 {
            firms[index]["industry_code"] = firms[index]["industry_code"] == "C3011" ? "C3012" : "C3011"
            expected[uscc(index)] = "reclassified"
        }
        for index in 60..<70 {
            firms[index]["status"] = firms[index]["status"] == "在业" ? "存续" : "在业"
            expected[uscc(index)] = "status"
        }
        var after = Array(firms.dropFirst(20))
        for index in 0..<25 {
            var new = firms[100 + index]
            new["uscc"] = String(format: "91510100NEW%05dX", index)
            new["status"] = "存续"
            after.append(new)
            expected[new["uscc"]!] = "entered"
        }
        return (try write(sample.firms, named: "before.csv"), try write(after, named: "after.csv"), expected)
    }

    @Test("every change made is found, with its class, and nothing else; before and after reconcile")
    func changesFoundAsMade() throws {
        let (before, after, expected) = try Self.periods()
        let run = try CLI.run(["diff", before, after, "-o", "changes.csv", "--summary", "summary.csv"])
        try #require(run.status == 0, "\(run)")
        let rows = try Read.csv(run.path("changes.csv")).rows
        #expect(try Self.changeClasses(run.path("changes.csv")) == expected)
        // A moved firm carries both units and its new point; an exit its last one.
        for row in rows where row.string("change") == "moved" {
            #expect(row.string("before_unit") != row.string("after_unit") && row.bool("moved") == true)
            #expect(row.string("before_unit") == Self.units[row.string("key") ?? ""])
        }
        #expect(rows.allSatisfy { $0.double("lon") != nil })
        let summary = try Read.csv(run.path("summary.csv")).rows
        let total = try #require(summary.first { $0.string("level") == "total" })
        #expect(total.int("exited") == 30 && total.int("absent") == 20 && total.int("entered") == 25)
        #expect(total.int("moved_out") == 10 && total.int("moved_in") == 10)
        #expect(total.int("reclassified") == 10 && total.int("status_changed") == 10)
        #expect(total.int("before") == 1_500 && total.int("after") == 1_500 - 30 + 25)
        #expect(summary.filter { $0.string("level") == "unit" }.allSatisfy { $0.bool("reconciles") == true })
        let line = try #require(run.stderrLines.first { $0.hasPrefix("reconciliation: ") }, "\(run)")
        #expect(line.hasSuffix("every unit reconciles"), "\(line)")
        #expect(run.stderr.contains("note: 20 of the 30 exits are firms absent from"), "\(run)")
    }

    @Test("a firm that moves into a functional area, or out of one, within its district has moved")
    func movesIntoAndOutOfAFunctionalArea() throws {
        var firms = Array(Self.sample.firms.prefix(2_000))
        let before = try Self.write(firms, named: "before.csv")
        let placed = try Read.csv(CLI.run(["overlay", before, "-o", "placed.csv"]).path("placed.csv")).rows
        // 天府新区成都直管区 (tianfu) lies in 双流区 (510116) and 龙泉驿区: a firm of each unit, in 双流区, swap points.
        let inArea = try #require(placed.first { $0.string("unit") == "tianfu" && $0.string("adcode") == "510116" })
        let inDistrict = try #require(placed.first { $0.string("unit") == "510116" })
        let (a, b) = (try #require(inArea.string("uscc")), try #require(inDistrict.string("uscc")))
        let (i, j) = (firms.firstIndex { $0["uscc"] == a }!, firms.firstIndex { $0["uscc"] == b }!)
        (firms[i]["lon"], firms[i]["lat"], firms[j]["lon"], firms[j]["lat"]) = (
            firms[j]["lon"], firms[j]["lat"], firms[i]["lon"], firms[i]["lat"]
        )
        let after = try Self.write(firms, named: "after.csv")
        let run = try CLI.run(["diff", before, after, "-o", "changes.csv", "--summary", "summary.csv"])
        try #require(run.status == 0, "\(run)")
        let rows = Dictionary(
            try Read.csv(run.path("changes.csv")).rows.map { ($0.string("key") ?? "", $0) },
            uniquingKeysWith: { x, _ in x })
        #expect(rows.count == 2)
        #expect(rows[a]?.string("change") == "moved" && rows[b]?.string("change") == "moved")
        #expect(rows[a]?.string("before_unit") == "tianfu" && rows[a]?.string("after_unit") == "510116")
        #expect(rows[b]?.string("before_unit") == "510116" && rows[b]?.string("after_unit") == "tianfu")
        #expect(rows[a]?.string("before_zone") == "new_area" && rows[a]?.string("after_zone") == "central")
        let summary = try Read.csv(run.path("summary.csv")).rows
        for unit in ["tianfu", "510116"] {
            let counts = try #require(summary.first { $0.string("level") == "unit" && $0.string("id") == unit })
            #expect(counts.int("moved_in") == 1 && counts.int("moved_out") == 1 && counts.int("net") == 0)
        }
    }

    @Test("--all writes every firm; a GeoPackage output keeps the points")
    func everyFirmAndGeoPackage() throws {
        let (before, after, expected) = try Self.periods()
        let run = try CLI.run(["diff", before, after, "--all", "-o", "changes.gpkg"])
        try #require(run.status == 0, "\(run)")
        let rows = try Read.ogr(run.path("changes.gpkg")).rows
        #expect(rows.count == 1_500 + 25)
        #expect(rows.filter { $0.string("change") != "unchanged" }.count == expected.count)
        #expect(rows.allSatisfy { $0.point != nil })
    }

    @Test("a key that repeats is an error naming both rows, and leaves nothing behind")
    func repeatedKeys() throws {
        var firms = Self.sample.firms
        firms[7]["uscc"] = firms[3]["uscc"]
        let twice = try Self.write(firms, named: "twice.csv")
        let (before, _, _) = try Self.periods()
        for arguments in [[twice, before], [before, twice]] {
            let run = try CLI.run(["diff"] + arguments + ["-o", "changes.csv"])
            #expect(run.status == 1 && run.stderrLines.count == 1, "\(run)")
            #expect(run.stderr.contains("rows 4 and 8") && run.stderr.contains("appears twice"), "\(run)")
            #expect(!run.folderEntries.contains { $0.hasPrefix("changes") }, "\(run.folderEntries)")
        }
    }

    @Test("registers without a USCC are matched by --key, and refused without it")
    func matchedByKey() throws {
        let header = Self.sample.header.filter { $0 != "uscc" }
        var firms = Self.sample.firms
        let before = try Self.write(firms, named: "before.csv", header: header)
        firms[5]["industry_code"] = "C3011"
        let after = try Self.write(Array(firms.dropFirst(1)), named: "after.csv", header: header)
        let refused = try CLI.run(["diff", before, after, "-o", "changes.csv"])
        #expect(refused.status == 1 && refused.stderr.contains("no USCC column") && refused.stderr.contains("--key"))
        let run = try CLI.run(["diff", before, after, "--key", "id", "-o", "changes.csv"])
        try #require(run.status == 0, "\(run)")
        let rows = try Read.csv(run.path("changes.csv")).rows
        #expect(
            rows.count == 2 && rows.contains { $0.string("change") == "exited" && $0.string("key") == firms[0]["id"] })
    }

    @Test("relocation progress: where the flagged firms went, the core districts totalled, and the conflicts")
    func relocationProgress() throws {
        var firms = Self.sample.firms
        let before = try Self.write(firms, named: "before.csv")
        let relocated = try CLI.run(["relocate", before, "-o", "flagged.csv", "--flagged-only"])
        let flagged = try Read.csv(relocated.path("flagged.csv")).rows
        let inCore = flagged.filter { $0.bool("is_core") == true }.compactMap { $0.string("uscc") }
        let outside = flagged.filter { $0.bool("is_core") == false }.compactMap { $0.string("uscc") }
        try #require(inCore.count >= 3 && !outside.isEmpty)
        func index(_ uscc: String) -> Int { firms.firstIndex { $0["uscc"] == uscc }! }
        func point(inZone zone: String, core: Bool) throws -> (String?, String?) {
            let placed = try Read.csv(CLI.run(["overlay", before, "-o", "placed.csv"]).path("placed.csv")).rows
            let firm = try #require(placed.first { $0.string("zone") == zone && ($0.bool("is_core") == true) == core })
            return (firm.string("lon"), firm.string("lat"))
        }
        // A core firm into a receiving park (the polymer park in 彭州, at the mean of its outline's corners, which lies inside),
        // one to a central unit outside the core, one gone; a flagged firm outside the core into it.
        let parks = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/parks.geojson").path
        let park = try #require(
            (JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: parks))) as? [String: Any])
                .flatMap { $0["features"] as? [[String: Any]] }?
                .first { ($0["properties"] as? [String: Any])?["id"] as? String == "polymer" })
        let ring = try #require(((park["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first)
        (firms[index(inCore[0])]["lon"], firms[index(inCore[0])]["lat"]) = (
            String(ring.map { $0[0] }.reduce(0, +) / Double(ring.count)),
            String(ring.map { $0[1] }.reduce(0, +) / Double(ring.count))
        )
        (firms[index(inCore[1])]["lon"], firms[index(inCore[1])]["lat"]) = try point(inZone: "central", core: false)
        (firms[index(outside[0])]["lon"], firms[index(outside[0])]["lat"]) = try point(inZone: "central", core: true)
        let gone = inCore[2]
        let after = try Self.write(firms.filter { $0["uscc"] != gone }, named: "after.csv")
        let run = try CLI.run([
            "diff", before, after, "-o", "changes.csv", "--progress", "progress.csv", "--parks", parks,
        ])
        try #require(run.status == 0, "\(run)")
        let rows = Dictionary(
            try Read.csv(run.path("changes.csv")).rows.map { ($0.string("key") ?? "", $0) },
            uniquingKeysWith: { a, _ in a })
        #expect(rows[inCore[0]]?.string("progress") == "relocated")
        #expect(rows[inCore[0]]?.string("receiving_park") == "polymer")
        #expect(rows.values.filter { !($0.string("receiving_park") ?? "").isEmpty }.count == 1)
        #expect(rows[inCore[1]]?.string("progress") == "left_core")
        #expect(rows[gone]?.string("progress") == "exited")
        #expect(rows[outside[0]]?.string("progress") == "moved_within_central")
        #expect(rows[outside[0]]?.bool("new_noncore_in_core") == true)
        #expect(rows.values.filter { $0.bool("new_noncore_in_core") == true }.count == 1)
        let progress = try Read.csv(run.path("progress.csv")).rows
        let core = try #require(progress.first { $0.string("unit") == "core" })
        #expect(core.int("flagged") == inCore.count)
        #expect(core.int("relocated") == 1 && core.int("left_core") == 1 && core.int("exited") == 1)
        #expect(core.int("in_place") == inCore.count - 3 && core.int("conflicts") == 1)
        #expect(core.int("relocated_to_park") == 1)
        #expect(abs((core.double("freed_share") ?? 0) - 3 / Double(inCore.count)) < 1e-9)
        let central = try #require(progress.first { $0.string("unit") == "central" })
        #expect(central.int("flagged") == flagged.count && central.int("moved_within_central") == 1)
    }

    @Test("synth --evolve: over three periods, diff finds exactly the changes each evolution made")
    func evolvedPeriods() throws {
        let folder = try CLI.newFolder()
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let first = try CLI.run(["synth", "-n", "3000", "--seed", "5", "-o", path("p1.csv")])
        try #require(first.status == 0, "\(first)")
        for (from, to, seed) in [("p1", "p2", "6"), ("p2", "p3", "7")] {
            let evolve = try CLI.run([
                "synth", "--evolve", path("\(from).csv"), "--months", "3", "--seed", seed, "-o", path("\(to).csv"),
                "--changes", path("\(to).changes.csv"),
            ])
            try #require(evolve.status == 0, "\(evolve)")
            let made = try Read.csv(path("\(to).changes.csv")).rows
            let diff = try CLI.run([
                "diff", path("\(from).csv"), path("\(to).csv"), "-o", "d.csv", "--progress", "p.csv",
            ])
            try #require(diff.status == 0, "\(diff)")
            let found = try Self.changeClasses(diff.path("d.csv"))
            let expected = Dictionary(
                made.map { ($0.string("uscc") ?? "", $0.string("change") ?? "") }, uniquingKeysWith: { a, _ in a })
            #expect(found == expected, "\(from) → \(to)")
            #expect(Set(expected.values).isSuperset(of: ["exited:absent", "exited:注销", "entered", "moved", "status"]))
            // Every flagged firm the evolution moved out of the central city is relocated in the progress table.
            let line = try #require(
                evolve.stderrLines.first { $0.hasPrefix("flagged firms moved out of the central city: ") })
            let moved = try #require(Int(line.split(separator: " ").last ?? ""))
            let central = try #require(try Read.csv(diff.path("p.csv")).rows.first { $0.string("unit") == "central" })
            #expect(moved > 0 && (central.int("relocated") ?? 0) >= moved, "\(line)")
            #expect(
                diff.stderrLines.contains { $0.hasPrefix("reconciliation: ") && $0.hasSuffix("every unit reconciles") })
        }
        // The ids stay unique across periods: entries are numbered after every firm before them.
        let ids = try Read.csv(path("p3.csv")).rows.compactMap { $0.string("id") }
        #expect(Set(ids).count == ids.count)
    }
}
