import Foundation
import Testing

/// `zonefit monitor`: the periods of a register, in date order, as series and charts.
@Suite("monitor over periods")
struct MonitorCLITests {
    /// A folder with three quarters of a synthetic register (each evolved from the one before).
    static func quarters() throws -> URL {
        let folder = try CLI.newFolder()
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        _ = try CLI.run(["synth", "-n", "2000", "--seed", "3", "-o", path("register-2026-03.csv")])
        _ = try CLI.run([
            "synth", "--evolve", path("register-2026-03.csv"), "--months", "3", "--seed", "4", "-o",
            path("register-2026-06.csv"),
        ])
        _ = try CLI.run([
            "synth", "--evolve", path("register-2026-06.csv"), "--months", "3", "--seed", "5", "-o",
            path("2026Q3 register.csv"),
        ])
        return folder
    }

    @Test("a folder of dated registers gives per-period series that add up, and a chart per measure")
    func seriesAndCharts() throws {
        let folder = try Self.quarters()
        let run = try CLI.run(["monitor", folder.path, "-o", "monitor"])
        try #require(run.status == 0, "\(run)")
        let units = try Read.csv(run.path("monitor/units.csv")).rows
        let periods = ["2026-03", "2026-06", "2026Q3"]
        var order: [String] = []
        for period in units.compactMap({ $0.string("period") }) where order.last != period { order.append(period) }
        #expect(order == periods)
        for period in periods {
            let read = try Read.csv(
                folder.appendingPathComponent(
                    period == "2026Q3" ? "2026Q3 register.csv" : "register-\(period).csv"
                ).path
            ).rows.count
            let firms = units.filter { $0.string("period") == period }.compactMap { $0.int("firms") }.reduce(0, +)
            #expect(firms == read, "\(period)")
            #expect(run.stderr.contains("\(period) ("), "\(run)")
        }
        let targets = try Read.csv(run.path("monitor/targets.csv")).rows
        #expect(targets.count % periods.count == 0 && !targets.isEmpty)
        let first = targets.filter { $0.string("period") == "2026-03" && $0.string("value")?.isEmpty == false }
        #expect(!first.isEmpty && first.allSatisfy { $0.double("change_since_first_percent") == 0 })
        let chart = try String(contentsOfFile: run.path("monitor/charts/flagged.svg"), encoding: .utf8)
        #expect(chart.components(separatedBy: "data-value=").count - 1 == periods.count)
        let document =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: run.path("monitor/monitor.json")))) as? [String: Any]
        #expect((document?["periods"] as? [Any])?.count == periods.count)
    }

    @Test("a file without a date, two of one date, or a bad date in a list are errors naming them")
    func periodErrors() throws {
        let folder = try Self.quarters()
        let copy = folder.appendingPathComponent("register-2026-06 copy.csv")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("register-2026-06.csv"), to: copy)
        let twice = try CLI.run(["monitor", folder.path, "-o", "monitor"])
        #expect(twice.status == 1 && twice.stderr.contains("are both of 2026-06"), "\(twice)")
        try FileManager.default.removeItem(at: copy)
        try "x\n".write(to: folder.appendingPathComponent("notes.csv"), atomically: true, encoding: .utf8)
        let undated = try CLI.run(["monitor", folder.path, "-o", "monitor"])
        #expect(undated.status == 1 && undated.stderr.contains("'notes.csv' holds no date"), "\(undated)")
        #expect(!undated.folderEntries.contains("monitor"))
        let list = folder.appendingPathComponent("periods.toml")
        try """
        [[periods]]
        date = "2026-13"
        file = "register-2026-03.csv"
        """.write(to: list, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["monitor", list.path, "-o", "monitor"])
        #expect(bad.status == 1 && bad.stderr.contains("'2026-13' is not YYYY-MM"), "\(bad)")
    }

    @Test("a TOML list names the periods, its paths relative to it")
    func periodList() throws {
        let folder = try Self.quarters()
        let list = folder.appendingPathComponent("periods.toml")
        try """
        [[periods]]
        date = "2026-06"
        file = "register-2026-06.csv"

        [[periods]]
        date = "2026-03-31"
        file = "register-2026-03.csv"
        """.write(to: list, atomically: true, encoding: .utf8)
        let run = try CLI.run(["monitor", list.path, "-o", "monitor"])
        try #require(run.status == 0, "\(run)")
        let units = try Read.csv(run.path("monitor/units.csv")).rows
        #expect(units.first?.string("period") == "2026-03-31" && units.last?.string("period") == "2026-06")
    }

    @Test("the shipped quarters: diff finds what each evolution changed, and monitor reads the folder")
    func shippedQuarters() throws {
        let periods = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/periods")
        for (from, to) in [("2026-03", "2026-06"), ("2026-06", "2026-09")] {
            let run = try CLI.run([
                "diff", periods.appendingPathComponent("register-\(from).csv").path,
                periods.appendingPathComponent("register-\(to).csv").path, "-o", "changes.csv",
            ])
            try #require(run.status == 0, "\(run)")
            let found = try DiffCLITests.changeClasses(run.path("changes.csv"))
            let made = try Read.csv(periods.appendingPathComponent("changes/\(to).csv").path).rows
            #expect(
                found
                    == Dictionary(
                        made.map { ($0.string("uscc") ?? "", $0.string("change") ?? "") },
                        uniquingKeysWith: { a, _ in a }))
        }
        let run = try CLI.run(["monitor", periods.path, "-o", "review"])
        try #require(run.status == 0, "\(run)")
        #expect(try Read.csv(run.path("review/units.csv")).rows.count == 3 * 23)
    }
}
