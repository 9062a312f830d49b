import Foundation
import Testing

/// Registers as bureaus have them: firms with an address (住所) or only a USCC and
/// no coordinates, placed as far as their entry allows, and never given a made-up point.
@Suite("placing firms without coordinates")
struct PlacementTiersTests {
    /// The first 2,000 firms of the shipped (synthetic) sample, whose USCCs carry the district each lies in
    /// and whose addresses name it in 95% of rows.
    static func sample() throws -> [Row] {
        let path = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv").path
        return Array(try Read.csv(path).rows.prefix(2_000))
    }

    /// The sample's `columns` as a CSV register (values quoted), with `edit` applied to each row's cells.
    static func register(_ columns: [String], _ edit: (Int, inout [String: String]) -> Void = { _, _ in }) throws
        -> String
    {
        var lines = [columns.joined(separator: ",")]
        for (index, row) in try sample().enumerated() {
            var cells = Dictionary(uniqueKeysWithValues: columns.map { ($0, row.string($0) ?? "") })
            edit(index, &cells)
            lines.append(
                columns.map { "\"" + (cells[$0] ?? "").replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                    .joined(separator: ","))
        }
        let path = try CLI.newFolder().appendingPathComponent("register.csv").path
        try lines.joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Where each firm's coordinates place it: id → (adcode, unit).
    static let byCoordinates: [String: (adcode: String, unit: String)] = {
        guard let run = try? CLI.run(["overlay", try register(["id", "lon", "lat"]), "-o", "out.csv"]),
            let rows = try? Read.csv(run.path("out.csv")).rows
        else { return [:] }
        return Dictionary(
            uniqueKeysWithValues: rows.map {
                ($0.string("id") ?? "", ($0.string("adcode") ?? "", $0.string("unit") ?? ""))
            })
    }()

    @Test("a register with addresses and no coordinates is placed by address, with no geometry in any output")
    func addressOnly() throws {
        let register = try Self.register(["id", "name", "industry_code", "address"])
        for output in ["out.geojson", "out.gpkg", "out.csv"] {
            let run = try CLI.run(["overlay", register, "-o", output])
            try #require(run.status == 0, "\(run)")
            #expect(run.stderr.contains("coordinates: none in the input"), "\(run)")
            let placed = try #require(run.stderrLines.first { $0.hasPrefix("placed by:") })
            let reconciliation = try #require(CLI.reconciliation(run))
            #expect(placed.hasPrefix("placed by: coordinates 0, address \(reconciliation.written)"), "\(placed)")
            #expect(reconciliation.read == 2_000 && reconciliation.written > 1_900)
            let rows =
                output.hasSuffix(".csv") ? try Read.csv(run.path(output)).rows : try Read.ogr(run.path(output)).rows
            #expect(rows.count == reconciliation.written)
            #expect(rows.allSatisfy { $0.point == nil }, "a firm placed by address has no point")
            #expect(rows.allSatisfy { $0.string("placed_by") == "address" })
            // Where the address agrees with the coordinates, so does the district; the unit only where certain.
            var agreeing = 0
            for row in rows {
                let id = row.string("id") ?? ""
                guard let truth = Self.byCoordinates[id], row.string("adcode") == truth.adcode else { continue }
                agreeing += 1
                if let unit = row.string("unit"), !unit.isEmpty {
                    #expect(["1", "true"].contains(row.string("unit_certain") ?? ""), "\(id)")
                } else {
                    #expect((row.string("unit_candidates") ?? "").split(separator: ",").contains { $0 == truth.unit })
                }
            }
            #expect(agreeing > 1_800, "\(agreeing) of \(rows.count)")
            let rejects = try Read.csv(run.path(output.split(separator: ".")[0] + ".rejects.csv")).rows
            #expect(rejects.count == reconciliation.rejected)
            #expect(rejects.allSatisfy { $0.string("reason") == "address_unmatched" })
        }
    }

    @Test("rows without coordinates in a register with an address column are rejected by default, with a hint")
    func hintForTheAddressTier() throws {
        let register = try Self.register(["id", "lon", "lat", "address"]) { index, cells in
            if index < 10 { (cells["lon"], cells["lat"]) = ("", "") }
        }
        let run = try CLI.run(["overlay", register, "-o", "out.csv"])
        try #require(run.status == 0, "\(run)")
        #expect(CLI.reconciliation(run)?.rejected == 10)
        #expect(
            run.stderr.contains(
                "note: 10 rows without coordinates have a 'address' column; placing by address (tiers coordinates,address)"
            ),
            "\(run)")
    }

    @Test("overlay takes --map and --columns for the address it places by, as the analyses' commands do")
    func overlayMapsTheAddress() throws {
        let register = try Self.register(["id", "name", "address"])
        let text = try String(contentsOfFile: register, encoding: .utf8).replacingOccurrences(
            of: "id,name,address\n", with: "id,name,所在地\n")
        try text.write(toFile: register, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["overlay", register, "-o", "out.csv"])
        #expect(refused.status == 1 && refused.stderr.contains("no coordinate columns"), "\(refused)")
        let names = try CLI.newFolder().appendingPathComponent("columns.toml").path
        try "[fields]\naddress = [\"所在地\"]\n".write(toFile: names, atomically: true, encoding: .utf8)
        for option in [["--map", "address=所在地"], ["--columns", names]] {
            let run = try CLI.run(["overlay", register, "-o", "out.csv"] + option)
            try #require(run.status == 0, "\(run)")
            #expect(run.stderrLines.contains { $0.hasPrefix("placed by: coordinates 0, address 1") }, "\(run)")
        }
    }

    @Test("a USCC-only register is placed by the registering authority when asked, and refused without it")
    func usccOnly() throws {
        let register = try Self.register(["id", "name", "uscc", "industry_code"])
        let refused = try CLI.run(["overlay", register, "-o", "out.csv"])
        #expect(
            refused.status == 1 && refused.stderrLines.count == 1 && refused.stderr.contains("no coordinate columns"))
        let run = try CLI.run(["overlay", register, "--placement", "coordinates,address,uscc", "-o", "out.csv"])
        try #require(run.status == 0, "\(run)")
        let rows = try Read.csv(run.path("out.csv")).rows
        #expect(rows.count == 2_000 && rows.allSatisfy { $0.string("placed_by") == "uscc" })
        // The synthetic codes carry the district each firm lies in: the tier gives back that district.
        #expect(rows.allSatisfy { Self.byCoordinates[$0.string("id") ?? ""]?.adcode == $0.string("adcode") })
        #expect(try Read.csv(run.path("out.rejects.csv")).rows.isEmpty)
    }

    @Test("mixed tiers: coordinates first, then the address, then the USCC; the address is checked where both exist")
    func mixedTiers() throws {
        let columns = ["id", "name", "uscc", "industry_code", "lon", "lat", "address"]
        let register = try Self.register(columns) { index, cells in
            switch index % 4 {
            case 1: (cells["lon"], cells["lat"]) = ("", "")
            case 2: (cells["lon"], cells["lat"], cells["address"]) = ("", "", "")
            case 3: (cells["lon"], cells["lat"], cells["address"], cells["uscc"]) = ("", "", "", "")
            default: break
            }
        }
        let run = try CLI.run(["overlay", register, "--placement", "coordinates,address,uscc", "-o", "out.geojson"])
        try #require(run.status == 0, "\(run)")
        let rows = try Read.geojson(run.path("out.geojson"))
        let tiers = Dictionary(grouping: rows, by: { $0.string("placed_by") ?? "" }).mapValues(\.count)
        // An address that names no district falls back to the USCC.
        let (address, uscc) = (tiers["address"] ?? 0, tiers["uscc"] ?? 0)
        #expect(tiers["coordinates"] == 500 && address > 450 && address < 500 && address + uscc == 1_000, "\(tiers)")
        #expect(rows.filter { $0.string("placed_by") == "coordinates" }.allSatisfy { $0.point != nil })
        #expect(rows.filter { $0.string("placed_by") != "coordinates" }.allSatisfy { $0.point == nil })
        let rejects = try Read.csv(run.path("out.rejects.csv")).rows
        #expect(rejects.filter { $0.string("reason") == "no_location" }.count == 500)
        // Only the rows with coordinates and an address are checked, and the shares add up to them.
        let check = try #require(run.stderrLines.first { $0.hasPrefix("address check: of 500 rows") }, "\(run)")
        let counts = check.split(separator: " ").compactMap { Int($0) }
        #expect(counts.count == 4 && counts[1] + counts[2] + counts[3] == 500, "\(check)")
    }

    @Test("relocate flags firms placed by address in a certain unit, and marks uncertain ones possibly_flagged")
    func relocateByAddress() throws {
        let register = try Self.register(["id", "name", "industry_code", "land_m2", "address"])
        let run = try CLI.run(["relocate", register, "-o", "out.csv", "--summary", "summary.csv"])
        try #require(run.status == 0, "\(run)")
        let rows = try Read.csv(run.path("out.csv")).rows
        let certain = rows.filter { !($0.string("unit") ?? "").isEmpty }
        let uncertain = rows.filter { ($0.string("unit") ?? "").isEmpty }
        #expect(certain.contains { $0.string("flagged") == "1" })
        #expect(certain.filter { $0.string("flagged") == "1" }.allSatisfy { $0.string("zone") == "central" })
        #expect(certain.allSatisfy { $0.bool("possibly_flagged") == false })
        #expect(run.stderr.contains("unit uncertain: \(uncertain.count) rows"), "\(run)")
        // A firm whose unit is uncertain is never flagged; a non-core one that may lie in a central unit is
        // possibly flagged, and only such a one.
        let central = Set(
            try Read.csv(CLI.run(["zones", "-o", "units.csv"]).path("units.csv")).rows
                .filter { $0.string("zone") == "central" }.compactMap { $0.string("unit") })
        #expect(!central.isEmpty)
        let possibly = uncertain.filter { $0.bool("possibly_flagged") == true }
        #expect(!uncertain.isEmpty && uncertain.allSatisfy { $0.bool("flagged") == false })
        #expect(!possibly.isEmpty && possibly.count < uncertain.count)
        for row in possibly {
            let candidates = (row.string("unit_candidates") ?? "").split(separator: ",").map(String.init)
            #expect(candidates.contains(where: central.contains), "\(row)")
            #expect(row.string("noncore_category")?.isEmpty == false && (row.string("priority") ?? "").isEmpty)
            #expect(row.string("reason_en")?.contains("possibly flagged") == true)
        }
        #expect(run.stderr.contains("possibly flagged \(possibly.count) firms"), "\(run)")
        // The summary counts each in every central unit it may lie in, and keeps them out of `flagged`.
        let summary = try Read.csv(run.path("summary.csv")).rows
        let flagged = summary.compactMap { $0.int("flagged") }.reduce(0, +)
        #expect(flagged == certain.filter { $0.string("flagged") == "1" }.count)
        let counted = possibly.map {
            ($0.string("unit_candidates") ?? "").split(separator: ",").filter { central.contains(String($0)) }.count
        }
        #expect(summary.compactMap { $0.int("possibly_flagged") }.reduce(0, +) == counted.reduce(0, +))
        // --flagged-only keeps the possibly flagged rows: they belong on a central unit's list.
        let only = try CLI.run(["relocate", register, "--flagged-only", "-o", "flagged.csv"])
        let kept = try Read.csv(only.path("flagged.csv")).rows
        #expect(kept.count == flagged + possibly.count, "\(only)")
    }

    @Test("fit and report say what they did with firms whose unit is uncertain")
    func uncertainInFitAndReport() throws {
        let register = try Self.register(["id", "name", "industry_code", "land_m2", "address"])
        let fit = try CLI.run(["fit", "--enterprises", register, "-o", "fit.json"])
        try #require(fit.status == 0, "\(fit)")
        let line = try #require(fit.stderrLines.first { $0.hasPrefix("enterprises unit uncertain: ") }, "\(fit)")
        let uncertain = try #require(Int(line.split(separator: " ")[3]))
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fit.path("fit.fit.json"))))
                as? [String: Any])
        #expect(document["enterprises_unit_uncertain"] as? Int == uncertain)
        let report = try CLI.run(["report", "--enterprises", register, "-o", "report"])
        try #require(report.status == 0, "\(report)")
        let units = try Read.csv(report.path("report/data/units.csv")).rows
        let firms = units.compactMap { $0.int("firms") }.reduce(0, +)
        let reconciliation = try #require(fit.stderrLines.first { $0.hasPrefix("enterprises reconciliation: ") })
        let written = try #require(reconciliation.split(separator: " ").compactMap { Int($0) }.dropFirst().first)
        // Certain firms count in one unit; uncertain ones in none, and in each unit they may lie in.
        #expect(firms == written - uncertain)
        #expect(units.compactMap { $0.int("firms_unit_uncertain") }.reduce(0, +) >= 2 * uncertain)
        let html = try String(contentsOfFile: report.path("report/report.html"), encoding: .utf8)
        #expect(html.contains("另有 \(uncertain) 家企业按住所或统一社会信用代码定位"))
        #expect(html.contains("可能疏解"))
    }
}
