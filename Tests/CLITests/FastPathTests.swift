import Foundation
import Testing

/// The streaming CSV path and the OGR path must write the same rows and rejects.
@Suite("streaming CSV path = OGR path")
struct FastPathTests {
    static let inputs = ["firms-utf8.csv", "firms-bom.csv", "firms-gbk.csv", "bad-coords.csv", "near-city.csv"]
    static let outputs = ["out.csv", "out.geojson", "out.geojsonl"]

    /// Every property of every row, as text, in order.
    static func rows(_ run: CLI.Run, _ output: String) throws -> [[String: String]] {
        let rows: [Row]
        switch output {
        case _ where output.hasSuffix(".csv"): rows = try Read.csv(run.path(output)).rows
        case _ where output.hasSuffix(".geojson"): rows = try Read.geojson(run.path(output))
        default: rows = try Read.geojsonSeq(run.path(output))
        }
        return rows.map { row in
            var values = Dictionary(uniqueKeysWithValues: row.values.keys.map { ($0, row.string($0) ?? "null") })
            if let point = row.point { values["(point)"] = "\(point.lon),\(point.lat)" }
            // Booleans print as 1/true and 0/false depending on the format; compare their meaning.
            if let core = row.bool("is_core") { values["is_core"] = String(core) }
            return values
        }
    }

    /// Writes `csv` to a file, runs it the streaming way and through OGR into every output,
    /// expects the same rows, and returns each output's streaming run and rows.
    static func bothWays(_ csv: String) throws -> [(output: String, run: CLI.Run, rows: [[String: String]])] {
        let input = try CLI.newFolder().appendingPathComponent("input.csv").path
        try csv.write(toFile: input, atomically: true, encoding: .utf8)
        return try outputs.map { output in
            let fast = try CLI.run(["overlay", input, "-o", output])
            let ogr = try CLI.run(["overlay", input, "--via-ogr", "-o", output])
            try #require(fast.status == 0 && ogr.status == 0, "fast: \(fast)\nogr: \(ogr)")
            let rows = try Self.rows(fast, output)
            #expect(rows == (try Self.rows(ogr, output)), "\(output)")
            return (output, fast, rows)
        }
    }

    @Test(arguments: inputs, outputs)
    func sameRowsAndRejects(input: String, output: String) throws {
        let extra = input == "near-city.csv" ? ["--snap", "5000"] : []
        let fast = try CLI.overlay(input, extra, output: output)
        let ogr = try CLI.overlay(input, extra + ["--via-ogr"], output: output)
        try #require(fast.status == 0 && ogr.status == 0, "fast: \(fast)\nogr: \(ogr)")
        #expect(try Self.rows(fast, output) == Self.rows(ogr, output))
        let rejects =
            output.replacingOccurrences(of: ".geojsonl", with: "").replacingOccurrences(of: ".geojson", with: "")
            .replacingOccurrences(of: ".csv", with: "") + ".rejects.csv"
        func texts(_ run: CLI.Run) throws -> [[String: String]] {
            try Read.csv(run.path(rejects)).rows.map { row in
                Dictionary(uniqueKeysWithValues: row.values.keys.map { ($0, row.string($0) ?? "null") })
            }
        }
        #expect(try texts(fast) == texts(ogr))
        #expect(CLI.reconciliation(fast)! == CLI.reconciliation(ogr)!)
    }

    @Test func trickyRecordsReadTheSameWay() throws {
        let csv =
            "id,name,lon,lat\r\n1,\"锦江, 春熙路\",104.0806,30.6574\r\n\r\n2,\"multi\nline \"\"name\"\"\",104.1413,30.6296\n3,short,104.0733\n4,extra,104.0557,30.6698,surplus\n5,\"x\"y,104.0478,30.6459\n6,， ,１０４.０６８９,３０.５５０３"
        for (output, fast, rows) in try Self.bothWays(csv) {
            #expect(rows.count == 5 && CLI.reconciliation(fast)! == (6, 5, 1), "\(output): \(fast.stderr)")
        }
    }

    /// A quote inside a field opens quoting as in OGR (the record runs on to the next
    /// quote, over a line end), a line of CRs is blank, and a record with text after a
    /// closing quote still has its coordinates read right.
    @Test func quotesInsideFieldsAndCROnlyLines() throws {
        let csv =
            "id,name,lon,lat\n1,12\" pipe,104.0806,30.6574\n2,b\"c,104.1413,30.6296\n\r\r\n3,d,104.0733,30.6577\n4,\"e\"f,104.0557,30.6698\n"
        for (output, fast, rows) in try Self.bothWays(csv) {
            #expect(CLI.reconciliation(fast)! == (3, 3, 0), "\(output): \(fast.stderr)")
            #expect(rows.map { $0["id"] } == ["1", "3", "4"])
            #expect(rows.last?["name"] == "ef")
        }
    }

    /// Inputs of several read rounds: every row is read once, none lost at a buffer edge, and
    /// the GeoJSON's provenance hashes every byte (it is taken block by block as read).
    @Test func everyRowOfABigFileIsReadOnce() throws {
        let folder = try CLI.newFolder()
        let input = folder.appendingPathComponent("big.csv").path
        var lines = ["\u{FEFF}id,name,note,lon,lat"]
        let note = String(repeating: "备注", count: 12)
        for id in 1...200_000 {
            // Quoted names with commas in one stretch only, so some rounds split the quick
            // way (no quote anywhere) and some byte by byte, with pieces ending inside quotes.
            let name = (120_000..<130_000).contains(id) && id % 7 == 0 ? "\"firm \(id), ltd\"" : "firm\(id)"
            lines.append(
                "\(id),\(name),\(note),\(103.6 + Double(id % 997) * 0.0009),\(30.3 + Double(id % 991) * 0.0009)")
        }
        try lines.joined(separator: "\n").write(toFile: input, atomically: true, encoding: .utf8)
        #expect(
            try FileManager.default.attributesOfItem(atPath: input)[.size] as! Int > 2 * (8 << 20),
            "three rounds of 2 × 4 MiB")
        let fast = try CLI.run(["overlay", input, "--threads", "2", "-o", "out.csv"])
        let ogr = try CLI.run(["overlay", input, "--via-ogr", "-o", "out.csv"])
        try #require(fast.status == 0 && ogr.status == 0, "fast: \(fast)\nogr: \(ogr)")
        #expect(CLI.reconciliation(fast)?.read == 200_000)
        #expect(CLI.reconciliation(fast)! == CLI.reconciliation(ogr)!)
        let ids =
            try Read.csv(fast.path("out.csv")).rows.compactMap { $0.string("id") }
            + Read.csv(fast.path("out.rejects.csv")).rows.compactMap { $0.string("id") }
        #expect(ids.count == 200_000 && Set(ids).count == 200_000)

        let json = try CLI.run(["overlay", input, "--threads", "2", "-o", "out.geojson"])
        try #require(json.status == 0, "\(json)")
        let root = try Read.json(json.path("out.geojson"))
        #expect((root["features"] as? [Any])?.count == CLI.reconciliation(fast)?.written)
        let provenance = try #require(root["provenance"] as? [String: Any])
        let inputs = try #require(provenance["inputs"] as? [[String: Any]])
        #expect(inputs.first?["sha256"] as? String == (try CLI.sha256(of: input)))
    }
}
