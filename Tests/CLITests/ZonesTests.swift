import Foundation
import Testing

@Suite("zonefit zones")
struct ZonesTests {
    /// unit id → (zone, is_core) as GeoData/chengdu/zones.toml declares them, read line by line.
    static func schemeUnits() throws -> [String: (zone: String, isCore: Bool)] {
        let text = try String(contentsOfFile: CLI.scheme, encoding: .utf8)
        var units: [String: (String, Bool)] = [:]
        var block = ""
        var fields: [String: String] = [:]
        func flush() {
            if block == "districts", let unit = fields["unit"], let zone = fields["zone"] {
                units[unit] = (zone, fields["is_core"] == "true")
            } else if block == "functional_areas", let id = fields["id"], let zone = fields["zone"] {
                units[id] = (zone, false)
            }
            fields = [:]
        }
        for raw in text.split(separator: "\n") {
            let line =
                raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if line.hasPrefix("[") {
                flush()
                block = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
            } else if let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                fields[key] = value
            }
        }
        flush()
        return units
    }

    @Test("zones -o units.geojson: 23 units with the scheme's zones; is_core exactly for 510104–510108")
    func unitLayer() throws {
        let run = try CLI.run(["zones", "-o", "units.geojson"])
        try #require(run.status == 0, "\(run)")
        let root = try Read.json(run.path("units.geojson"))
        #expect(root["crs"] == nil)
        #expect((root["provenance"] as? [String: Any])?["command"] as? String == "zones")
        let rows = try Read.geojson(run.path("units.geojson"))
        #expect(rows.count == 23)
        let expected = try Self.schemeUnits()
        #expect(expected.count == 23, "the scheme file parses to 23 units")
        var seen = Set<String>()
        for row in rows {
            let unit = try #require(row.string("unit"))
            seen.insert(unit)
            #expect(row.string("zone") == expected[unit]?.zone, "unit \(unit) zone")
            #expect(row.bool("is_core") == Expected.coreAdcodes.contains(unit), "unit \(unit) is_core")
            #expect(row.bool("is_core") == expected[unit]?.isCore, "unit \(unit) is_core as in the scheme")
            #expect((row.double("area_km2") ?? 0) > 10, "unit \(unit) area")
            #expect(["Polygon", "MultiPolygon"].contains(row.geometry?["type"] as? String ?? ""))
        }
        #expect(seen == Set(expected.keys))
        let zones = Dictionary(grouping: rows) { $0.string("zone") ?? "" }.mapValues(\.count)
        #expect(zones == ["central": 12, "new_area": 3, "suburban": 8])
        // Total area ≈ Chengdu's 14,335 km².
        let total = rows.compactMap { $0.double("area_km2") }.reduce(0, +)
        #expect(abs(total - 14_335) < 100, "total \(total) km²")
    }

    @Test("zones prints the unit table on stdout and the checks on stderr")
    func table() throws {
        let run = try CLI.run(["zones"])
        try #require(run.status == 0, "\(run)")
        #expect(run.stdout.contains("锦江区") && run.stdout.contains("gaoxin") && run.stdout.contains("total"))
        #expect(run.stderrLines.contains { $0.hasPrefix("scheme chengdu-2022: 23 units") })
        #expect(!run.stderrLines.contains { $0.hasPrefix("warning:") }, "\(run.stderr)")
        #expect(run.folderEntries.isEmpty)
    }
}
