import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Where Chromium is, if installed (the screenshot and PDF tests need it; CI installs
/// `chromium` and `fonts-noto-cjk` from Debian).
private let chromium: String? = {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        for name in ["chromium", "chromium-browser", "google-chrome"]
        where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
    }
    return nil
}()

/// `zonefit report` run as a planner runs it, and its HTML rendered in headless Chromium.
@Suite("report CLI", .serialized)
struct ReportCLITests {
    /// The first 2,000 firms of the shipped (synthetic) sample.
    static let firms: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-cli-firms-\(getpid()).csv")
            .path
        let text =
            (try? String(
                contentsOf: CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv"),
                encoding: .utf8)) ?? ""
        try? text.split(separator: "\n", omittingEmptySubsequences: false).prefix(2001).joined(separator: "\n")
            .appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    static let parks = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/parks.geojson").path

    static func report(_ extra: [String] = []) throws -> CLI.Run {
        try CLI.run(
            ["report", "--scheme", CLI.scheme, "--enterprises", firms, "--parks", parks, "-o", "out/report"] + extra,
            timeout: 240)
    }

    @Test("a register without land, revenue, energy or value added says no data, never 0 ha or 0 亿元")
    func missingFieldsAreNoData() throws {
        // The sample's first 2,000 firms without those columns: id,name,uscc,industry_code,employees,tax,water_m3,…
        let keep = [0, 1, 2, 3, 4, 7, 9, 11, 12, 13, 14, 15, 16, 17]
        let lines = try String(contentsOfFile: Self.firms, encoding: .utf8).split(separator: "\n")
        let text = lines.map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return keep.map { String(cells[$0]) }.joined(separator: ",")
        }.joined(separator: "\n")
        let register = try CLI.newFolder().appendingPathComponent("no-land.csv").path
        try text.write(toFile: register, atomically: true, encoding: .utf8)
        let run = try CLI.run(
            ["report", "--scheme", CLI.scheme, "--enterprises", register, "--parks", Self.parks, "-o", "out/report"],
            timeout: 240)
        try #require(run.status == 0, "\(run)")
        #expect(
            run.stderr.contains("fields without a column (no data): revenue, value_added, energy, land"), "\(run)")
        let html = try String(contentsOfFile: run.path("out/report/report.html"), encoding: .utf8)
        #expect(html.contains("可腾出用地 无数据（登记表无用地面积）"))
        #expect(!html.contains("可腾出用地 0.0 公顷"))
        #expect(html.contains("以下指标无法测算，未计入评分"))
        #expect(html.contains("the register has no land column"))
        let targets = try Read.csv(run.path("out/report/data/targets.csv")).rows
        let measured = targets.filter { $0.string("status") != "needs_outside_statistics" }
        #expect(!measured.isEmpty)
        #expect(measured.allSatisfy { $0.string("status") == "no_data" && ($0.string("value") ?? "").isEmpty })
    }

    /// Runs a program and returns its exit status and stderr.
    static func execute(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, in folder: URL,
        timeout: TimeInterval = 120
    ) throws -> (status: Int32, stderr: String) {
        let errURL = folder.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        if let environment { process.environment = environment }
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            done.wait()
            Issue.record("\(executable) timed out")
        }
        try err.close()
        return (process.terminationStatus, (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    @Test func writesTheReportFolder() throws {
        let run = try Self.report()
        #expect(run.status == 0, "\(run)")
        let folder = run.folder.appendingPathComponent("out/report")
        for file in [
            "report.html", "report.md", "maps/zones.svg", "maps/fit.svg", "maps/density.svg", "maps/relocation.svg",
            "maps/unit-510104.svg", "data/fit.json", "data/relocate.csv", "data/relocate-summary.csv",
            "data/targets.csv", "data/units.csv",
        ] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "no \(file)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.pdf").path))
        #expect(
            run.stderrLines.contains { $0.hasPrefix("enterprises: read 2000 = written 2000 + rejected 0") }, "\(run)")
        // Nothing temporary is left beside it.
        let siblings = try FileManager.default.contentsOfDirectory(
            atPath: run.folder.appendingPathComponent("out").path)
        #expect(siblings == ["report"])
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(XMLParser(data: Data(html.utf8)).parse(), "report.html is not well-formed")
        #expect(html.contains("<html lang=\"zh-CN\">") && html.contains("资源环境匹配度"))
        // Leaflet, the maps' layers and the viewer, all inline (what they may request: Tests/browser).
        #expect(html.components(separatedBy: "<script>").count == 4 && !html.contains("<script src"))
        // No previous register, no changes section.
        #expect(
            !html.contains("本期变化") && !FileManager.default.fileExists(atPath: run.path("out/report/data/changes.csv")))
    }

    @Test("--previous: the changes section and its tables are what zonefit diff finds between the two registers")
    func changesSinceThePreviousRegister() throws {
        let periods = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/periods")
        let before = periods.appendingPathComponent("register-2026-06.csv").path
        let after = periods.appendingPathComponent("register-2026-09.csv").path
        let run = try CLI.run(
            [
                "report", "--scheme", CLI.scheme, "--enterprises", after, "--previous", before, "--parks", Self.parks,
                "-o", "out/report",
            ], timeout: 240)
        try #require(run.status == 0, "\(run)")
        let diff = try CLI.run([
            "diff", before, after, "-o", "changes.csv", "--summary", "summary.csv", "--progress", "progress.csv",
            "--parks", Self.parks,
        ])
        try #require(diff.status == 0, "\(diff)")
        func table(_ path: String) throws -> [[String]] {
            let table = try Read.csv(path)
            return [table.header] + table.rows.map { row in table.header.map { row.string($0) ?? "" } }
        }
        let data = "out/report/data/"
        #expect(try table(run.path(data + "changes-summary.csv")) == table(diff.path("summary.csv")))
        #expect(try table(run.path(data + "progress.csv")) == table(diff.path("progress.csv")))
        #expect(try table(run.path(data + "changes.csv")) == table(diff.path("changes.csv")))

        let changes = try Read.csv(diff.path("changes.csv")).rows
        let conflicts = changes.filter { $0.bool("new_noncore_in_core") == true }
        try #require(!conflicts.isEmpty)
        let markdown = try String(contentsOfFile: run.path("out/report/report.md"), encoding: .utf8)
        let section = try #require(
            markdown.components(separatedBy: "## 本期变化").dropFirst().first?.components(separatedBy: "\n## ").first)
        #expect(section.contains("核心城区新增非核心企业: **\(conflicts.count)**"))
        for conflict in conflicts { #expect(section.contains(try #require(conflict.string("key")))) }
        let total = try #require(try Read.csv(diff.path("summary.csv")).rows.first { $0.string("level") == "total" })
        let (was, now) = (try #require(total.int("before")), try #require(total.int("after")))
        let grouped = NumberFormatter()
        (grouped.numberStyle, grouped.groupingSeparator) = (.decimal, ",")
        #expect(section.contains("上期 \(grouped.string(from: NSNumber(value: was))!) 家"))
        #expect(section.contains("本期 \(grouped.string(from: NSNumber(value: now))!) 家"))
        #expect(FileManager.default.fileExists(atPath: run.path("out/report/maps/net-change.svg")))
        let html = try String(contentsOfFile: run.path("out/report/report.html"), encoding: .utf8)
        #expect(XMLParser(data: Data(html.utf8)).parse(), "report.html is not well-formed")
        #expect(html.contains("id=\"changes\"") && html.contains("id=\"target-trends\""))
    }

    @Test func englishWithLangEn() throws {
        let run = try Self.report(["--lang", "en"])
        #expect(run.status == 0, "\(run)")
        let html = try String(contentsOf: run.folder.appendingPathComponent("out/report/report.html"), encoding: .utf8)
        #expect(
            html.contains("<html lang=\"en\">") && html.contains("Tracking the 2025 targets")
                && html.contains("needs outside statistics"))
    }

    @Test func badLanguageIsAUsageError() throws {
        let run = try CLI.run(["report", "--enterprises", Self.firms, "--lang", "fr", "-o", "out"])
        #expect(run.status == 64, "\(run)")
    }

    @Test("--basemap: its lines and names on every static map and in the interactive layers; a bad one, one line")
    func basemapIsDrawnUnderEveryMap() throws {
        let run = try Self.report(["--basemap", CLI.fixture("basemap.geojson"), "--lang", "en"])
        try #require(run.status == 0, "\(run)")
        let folder = run.folder.appendingPathComponent("out/report")
        for map in ["zones", "density", "fit", "relocation"] {
            let svg = try String(contentsOf: folder.appendingPathComponent("maps/\(map).svg"), encoding: .utf8)
            // The ring and the axis (a MultiLineString of one line), in the map and again in the core inset.
            #expect(svg.components(separatedBy: "<polyline").count - 1 == 4, "\(map)")
            #expect(svg.contains("class=\"basemap-labels\""), "\(map)")
        }
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        let start = try #require(html.range(of: "window.ZONEFIT_LAYERS = "))
        let end = try #require(html.range(of: ";\n//]]>", range: start.upperBound..<html.endIndex))
        let layers = try #require(
            try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
        )
        let basemap = try #require(layers["basemap"] as? [String: Any])
        #expect((basemap["lines"] as? [[Int]])?.count == 2)
        // Named points only, in the report's language; the unnamed one is not drawn.
        #expect(
            ((basemap["labels"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String } == [
                "Tianfu Square", "Chunxi Road",
            ])
        // The provenance table hashes it with the other inputs.
        let markdown = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.split(separator: "\n").contains { $0.hasPrefix("| basemap |") && $0.contains("SHA-256") })

        let bad = try CLI.run(
            [
                "report", "--scheme", CLI.scheme, "--enterprises", Self.firms, "--basemap",
                CLI.fixture("header-only.csv"),
                "-o", "out/report",
            ], timeout: 240)
        #expect(bad.status == 1 && bad.stderrLines.count == 1, "\(bad)")
        #expect(bad.stderr.contains("header-only.csv") && bad.stderr.contains("basemap"), "\(bad)")
        #expect(!FileManager.default.fileExists(atPath: bad.path("out/report")))
    }

    @Test func pdfWithoutChromiumIsAOneLineError() throws {
        let binary = try #require(CLI.binary)
        let folder = try CLI.newFolder()
        var environment = ProcessInfo.processInfo.environment
        environment["ZONEFIT_CHROMIUM"] = "/nonexistent/chromium"
        let result = try Self.execute(
            binary, ["report", "--scheme", CLI.scheme, "--enterprises", Self.firms, "--pdf", "-o", "out"],
            environment: environment, in: folder)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(
            lines.count == 1 && lines[0].hasPrefix("zonefit: error: the PDF needs Chromium")
                && lines[0].hasSuffix("(see --pdf)"), "\(result.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".stderr") }.isEmpty
        )
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium fonts-noto-cjk)"))
    func pdfIsPrintedWithChromium() throws {
        let run = try Self.report(["--pdf"])
        #expect(run.status == 0, "\(run)")
        let pdf = try Data(contentsOf: run.folder.appendingPathComponent("out/report/report.pdf"))
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        // One section per page: at least the 8 fixed sections and 23 unit pages.
        let pages = String(decoding: pdf, as: UTF8.self).components(separatedBy: "/Type /Page\n").count - 1
        let pagesAlt = String(decoding: pdf, as: UTF8.self).components(separatedBy: "/Type/Page").count - 1
        #expect(max(pages, pagesAlt) >= 31 || pdf.count > 200_000, "pages \(pages)/\(pagesAlt), \(pdf.count) bytes")
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium fonts-noto-cjk)"))
    func rendersInHeadlessChromium() throws {
        let run = try Self.report()
        #expect(run.status == 0, "\(run)")
        let html = run.folder.appendingPathComponent("out/report/report.html")
        let shot = run.folder.appendingPathComponent("shot.png")
        let profile = run.folder.appendingPathComponent("chromium-profile")
        let result = try Self.execute(
            chromium!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                "--enable-logging=stderr", "--v=0",
                "--screenshot=\(shot.path)", "--window-size=1280,2000", html.absoluteString,
            ], in: run.folder, timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        // Errors about the page: console messages, failed loads, blocked requests. (D-Bus and GPU
        // noise from a container without a session bus is not about the page.)
        let pageErrors = result.stderr.split(separator: "\n").filter { line in
            ["CONSOLE", "net::ERR", "Failed to load", "Uncaught", "Refused to", "Not allowed to load", "Blocked"]
                .contains { line.contains($0) }
        }
        #expect(pageErrors.isEmpty, "Chromium reported: \(pageErrors.joined(separator: "\n"))")

        // Decode the PNG (standard library zlib only) and look at what was drawn.
        let script = """
            import sys, zlib, struct, json
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            pos, idat, width, height = 8, b'', 0, 0
            while pos < len(data):
                length, kind = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + length]
                if kind == b'IHDR':
                    width, height, depth, colour = struct.unpack('>IIBB', body[:10])
                    assert depth == 8 and colour in (2, 6), (depth, colour)
                    channels = 3 if colour == 2 else 4
                elif kind == b'IDAT':
                    idat += body
                pos += 12 + length
            raw = zlib.decompress(idat)
            stride = width * channels
            rows, previous, i = [], bytearray(stride), 0
            for y in range(height):
                f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
                for x in range(stride):
                    a = line[x - channels] if x >= channels else 0
                    b = previous[x]; c = previous[x - channels] if x >= channels else 0
                    if f == 1: line[x] = (line[x] + a) & 255
                    elif f == 2: line[x] = (line[x] + b) & 255
                    elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                    elif f == 4:
                        p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
                rows.append(bytes(line)); previous = line
            colours, dark, total = set(), 0, 0
            for y in range(0, min(height, 2000)):
                row = rows[y]
                for x in range(0, width, 2):
                    px = row[x * channels:x * channels + 3]
                    colours.add(px); total += 1
                    if sum(px) < 600: dark += 1
            print(json.dumps({"width": width, "height": height, "colours": len(colours), "non_white": dark / total}))
            """
        let scriptURL = run.folder.appendingPathComponent("png.py")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let output = run.folder.appendingPathComponent("png.json")
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", scriptURL.path, shot.path]
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        python.standardOutput = try FileHandle(forWritingTo: output)
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        #expect(stats["width"] as? Int == 1280 && stats["height"] as? Int == 2000)
        let colours = try #require(stats["colours"] as? Int)
        let nonWhite = try #require(stats["non_white"] as? Double)
        // A blank page has one colour; the summary, key figures and the coloured zone map give hundreds.
        #expect(colours > 200, "only \(colours) distinct colours: the page looks blank")
        #expect(nonWhite > 0.05 && nonWhite < 0.9, "non-white share \(nonWhite)")
    }
}
