import Foundation
import GeoKit
import Testing

@testable import ZoneFit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `zonefit report` through the library, on the first 3,000 firms of the shipped sample with the
/// shipped scheme, profiles, parks and targets. The figures in the HTML are checked against the
/// files fit and relocate wrote (data/fit.json, data/relocate-summary.csv, data/relocate.csv).
@Suite("report: the HTML against the fit and relocate outputs", .serialized)
struct ReportRunTests {
    struct Built {
        let folder: URL
        let outcome: ReportOutcome
        let html: String
        let root: XMLTree
    }

    /// Built once per language for the whole suite.
    nonisolated(unsafe) static var cache: [ReportLanguage: Built] = [:]
    static let lock = NSLock()

    static let input: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-firms-\(getpid()).csv").path
        let text =
            (try? String(
                contentsOfFile: RepositoryFiles.path("GeoData/chengdu/enterprises-sample.csv"), encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(3001)
        try? lines.joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    static func layer() throws -> ZoneLayer {
        try ZoneLayerBuilder.build(ZoneScheme(contentsOf: RepositoryFiles.scheme))
    }

    static func run(_ language: ReportLanguage, baseline: String? = nil, into folder: URL? = nil) throws
        -> ReportOutcome
    {
        let target =
            folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)/out")
        var request = ReportRequest(enterprises: input, outputDirectory: target.path)
        request.parks = SourceReference(RepositoryFiles.path("GeoData/chengdu/parks.geojson"))
        request.language = language
        request.baseline = baseline
        request.arguments = ["report", "--enterprises", input]
        return try ReportRun.run(
            request, layer: layer(),
            fitProfile: FitProfile(contentsOf: RepositoryFiles.path("GeoData/chengdu/fit-profile.toml")),
            rules: NoncoreProfile(contentsOf: RepositoryFiles.noncoreProfile),
            targets: TargetTable(contentsOf: RepositoryFiles.path("GeoData/rules/targets.toml")))
    }

    static func built(_ language: ReportLanguage) throws -> Built {
        lock.lock()
        defer { lock.unlock() }
        if let built = cache[language] { return built }
        let outcome = try run(language)
        let folder = URL(fileURLWithPath: outcome.directory)
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        let root: XMLTree
        switch XMLTree.parse(html) {
        case .success(let tree): root = tree
        case .failure(let error): throw error
        }
        let built = Built(folder: folder, outcome: outcome, html: html, root: root)
        cache[language] = built
        return built
    }

    /// data/fit.json's units by id.
    static func fitJSON(_ built: Built) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: built.folder.appendingPathComponent("data/fit.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let units = try #require(root["units"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: units.map { ($0["unit"] as! String, $0) })
    }

    /// A simple CSV (no quoted commas in the columns read) as header-keyed rows; BOM dropped.
    static func csv(_ path: URL) throws -> [[String: String]] {
        var text = try String(contentsOf: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.map {
            Dictionary(
                uniqueKeysWithValues: zip(
                    header, $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    @Test func htmlParsesAndReferencesNothingOutside() throws {
        let built = try Self.built(.zh)
        #expect(built.root.name == "html")
        // Scripts are inline (Leaflet names the SVG namespace URL in its code; the browser test shows the page
        // makes no request); outside them, no URL at all.
        var outside = built.html
        while let open = outside.range(of: "<script>"), let close = outside.range(of: "</script>") {
            outside.removeSubrange(open.lowerBound..<close.upperBound)
        }
        #expect(!outside.contains("http://") && !outside.contains("https://"))
        #expect(built.root.elements("script").count == 3)
        for element in built.root.all {
            #expect(element.attributes["src"] == nil, "\(element.name) has a src")
            if let href = element.attributes["href"] { #expect(href.hasPrefix("#"), "href \(href) leaves the page") }
            #expect(!["link", "img", "iframe", "object", "embed"].contains(element.name), "a <\(element.name)>")
        }
        let css = built.root.first("style")?.text ?? ""
        #expect(!css.contains("url(") && !css.contains("@import"))
        #expect(
            css.contains("\"Noto Sans CJK SC\"") && css.contains("\"Microsoft YaHei\"")
                && css.contains("display: table-header-group") && !css.contains("&quot;"))
        #expect(built.root.attributes["lang"] == "zh-CN")
    }

    @Test func everyUnitHasItsSection() throws {
        let built = try Self.built(.zh)
        let sections = Set(built.root.elements("section").compactMap { $0.attributes["id"] })
        for unit in built.outcome.data.layer.units {
            #expect(sections.contains("unit-\(unit.id)"), "no section for \(unit.id)")
        }
        for id in [
            "summary", "zones", "density", "relocation", "fit", "chains", "targets", "methodology", "provenance",
        ] {
            #expect(sections.contains(id), "no section \(id)")
        }
    }

    /// The chains section's maps: the hot spots, and a quotient map per chain with firms.
    static func chainMaps(_ data: ReportData) throws -> Int {
        1 + (try #require(data.clusters)).coverage.filter { $0.firms > 0 }.count
    }

    @Test func chainsTableIsTheClustersResult() throws {
        let built = try Self.built(.zh)
        let document =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: built.folder.appendingPathComponent("data/clusters.json"))) as? [String: Any]
        let chains = try #require(document?["chains"] as? [[String: Any]])
        let table = try #require(built.root.first("table") { $0.attributes["id"] == "chains-table" })
        let rows = table.elements("tr").filter { !$0.elements("td").isEmpty }
        #expect(rows.count == chains.count)
        for (row, chain) in zip(rows, chains) {
            let firms = row.first("td") { $0.attributes["data-field"] == "firms" }?.text
            #expect(firms == ReportFormat.integer(chain["firms"] as? Int ?? -1))
            let hot = row.first("td") { $0.attributes["data-field"] == "hot_cells" }?.text
            #expect(hot == ReportFormat.integer(chain["hot_cells"] as? Int ?? -1))
        }
    }

    @Test func everyMapHasOnePathPerUnit() throws {
        let built = try Self.built(.zh)
        let ids = built.outcome.data.layer.units.map(\.id).sorted()
        let figures = built.root.elements("figure")
        let names = Set(figures.compactMap { $0.attributes["data-map"] })
        #expect(names.isSuperset(of: ["zones", "density", "relocation", "fit", "hot-spots", "lq-pv"]))
        // Zones, density, relocation (count, rate, freed land), fit; a locator per unit; the chains' maps.
        #expect(figures.count == 6 + ids.count + (try Self.chainMaps(built.outcome.data)))
        for figure in figures {
            let svg = try #require(figure.first("svg"))
            let paths = svg.elements("path")
            #expect(
                paths.compactMap { $0.attributes["data-unit"] }.sorted() == ids,
                "map \(figure.attributes["data-map"] ?? "")")
            #expect(
                paths.allSatisfy { $0.attributes["data-unit"] != nil || $0.attributes["data-inset-unit"] != nil },
                "a path that is not a unit")
            let spec = try #require(figure.first("div")?.attributes["data-zonefit-map"])
            let styles = try #require(
                (try JSONSerialization.jsonObject(with: Data(spec.utf8)) as? [String: Any])?["styles"] as? [String: Any]
            )
            #expect(styles.keys.sorted() == ids, "the interactive map shows the static map's units")
            #expect(paths.allSatisfy { ($0.attributes["d"] ?? "").hasPrefix("M") })
        }
        // The fit map has a legend, a scale bar and a north arrow, and the zone map draws the parks.
        let fit = try #require(figures.first { $0.attributes["data-map"] == "fit" })
        #expect(fit.first("g") { $0.attributes["class"] == "legend" } != nil)
        #expect(fit.first("g") { $0.attributes["class"] == "scale-bar" } != nil)
        #expect(fit.first("g") { $0.attributes["class"] == "north-arrow" } != nil)
        let zones = try #require(figures.first { $0.attributes["data-map"] == "zones" })
        #expect(!zones.elements("polygon").filter { $0.attributes["data-park"] != nil }.isEmpty)
        // Labels do not overlap: no two label anchors closer than a label's height on the same row.
        let labels = try #require(zones.first("g") { $0.attributes["class"] == "labels" }).elements("text")
        #expect(labels.count >= 10)
        // The standalone map files carry the same paths.
        let file = try String(contentsOf: built.folder.appendingPathComponent("maps/fit.svg"), encoding: .utf8)
        guard case .success(let svg) = XMLTree.parse(file) else {
            Issue.record("maps/fit.svg does not parse")
            return
        }
        #expect(svg.elements("path").compactMap { $0.attributes["data-unit"] }.sorted() == ids)
    }

    /// Pixel rings of an SVG path as `SVGWriter.pathData` writes it ("M x y l dx dy … z").
    static func rings(_ d: String) -> [[Point]] {
        var rings: [[Point]] = []
        var numbers: [Double] = []
        var token = ""
        func flush() {
            if let value = Double(token) { numbers.append(value) }
            token = ""
        }
        for character in d {
            switch character {
            case "M", "l", "z", " ":
                flush()
                if character == "z", numbers.count >= 2 {
                    var ring = [Point(x: numbers[0], y: numbers[1])]
                    for i in stride(from: 2, to: numbers.count - 1, by: 2) {
                        ring.append(Point(x: ring.last!.x + numbers[i], y: ring.last!.y + numbers[i + 1]))
                    }
                    rings.append(ring)
                    numbers = []
                }
            case "-":
                flush()
                token = "-"
            default: token.append(character)
            }
        }
        return rings
    }

    /// Every label sits inside its own unit, in the map and in the inset, in both languages; every unit of
    /// the zone map is named in the map, in the inset or in the key.
    @Test(arguments: [ReportLanguage.zh, .en])
    func labelsLieInsideTheirUnits(_ language: ReportLanguage) throws {
        let built = try Self.built(language)
        var checked = 0
        for figure in built.root.elements("figure") {
            let svg = try #require(figure.first("svg"))
            let name = figure.attributes["data-map"] ?? ""
            for (label, unit) in [("data-label", "data-unit"), ("data-inset-label", "data-inset-unit")] {
                var paths: [String: [[Point]]] = [:]
                for path in svg.elements("path") {
                    if let id = path.attributes[unit] { paths[id] = Self.rings(path.attributes["d"] ?? "") }
                }
                for text in svg.elements("text") {
                    guard let id = text.attributes[label], let x = Double(text.attributes["x"] ?? ""),
                        let y = Double(text.attributes["y"] ?? "")
                    else { continue }
                    // The text is centred on x; its baseline is 0.35 em (11 px) below its centre.
                    let centre = Point(x: x, y: y - 11 * 0.35)
                    let rings = try #require(paths[id], "\(name): label of \(id) without its unit")
                    #expect(LabelPlacer.contains(rings, centre), "\(language) \(name): label of \(id) outside it")
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
        let zones = try #require(built.root.elements("figure").first { $0.attributes["data-map"] == "zones" })
        let named = Set(
            zones.elements("text").compactMap { $0.attributes["data-label"] ?? $0.attributes["data-inset-label"] })
        #expect(named == Set(built.outcome.data.layer.units.map(\.id)), "\(language): a unit without a label")
        let keyed = zones.elements("text").filter {
            $0.attributes["data-label"] != nil && $0.attributes["data-key"] != nil
        }
        let key = zones.elements("text").filter {
            $0.attributes["data-label"] == nil && $0.attributes["data-key"] != nil
        }
        #expect(keyed.count == key.count, "every number on the map has its line in the key")
    }

    /// The zone table names the districts a unit lies in, in the report's language, not their adcodes.
    @Test func districtsAreNamed() throws {
        let built = try Self.built(.en)
        let layer = built.outcome.data.layer
        let table = try #require(built.root.first("table") { $0.attributes["id"] == "units-table" })
        var checked = 0
        for row in table.elements("tr") {
            guard let id = row.attributes["data-unit"], let unit = layer.units.first(where: { $0.id == id }) else {
                continue
            }
            let cells = row.elements("td").map(\.text)
            let expected = unit.adcodes.map { code in layer.units.first { $0.id == code }?.nameEn ?? code }
            #expect(cells.contains(expected.joined(separator: ", ")), "\(id): \(cells)")
            #expect(!expected.contains { $0.allSatisfy(\.isNumber) }, "\(id): a district without a name")
            checked += 1
        }
        #expect(checked == layer.units.count)
    }

    @Test func fitFiguresEqualTheFitOutput() throws {
        let built = try Self.built(.zh)
        let json = try Self.fitJSON(built)
        let table = try #require(built.root.first("table") { $0.attributes["id"] == "fit-ranking" })
        let rows = table.elements("tr").filter { $0.attributes["data-unit"] != nil }
        #expect(rows.count == json.count)
        func cell(_ row: XMLTree, _ field: String) -> String? {
            row.first("td") { $0.attributes["data-field"] == field }?.text
        }
        for row in rows {
            let unit = try #require(json[row.attributes["data-unit"]!])
            let d = try #require(unit["d"] as? Double)
            let rank = try #require(unit["rank"] as? Int)
            #expect(cell(row, "d") == ReportFormat.score(d))
            #expect(cell(row, "rank") == String(rank))
            #expect(cell(row, "u1") == ReportFormat.score(unit["u1"] as! Double))
            let stability = try #require(unit["stability"] as? [String: Any])
            #expect(cell(row, "rank_share") == ReportFormat.percent(stability["share_at_rank"] as! Double))
            #expect(cell(row, "grade") == unit["grade"] as? String)
            // The unit's own page says the same.
            let section = try #require(
                built.root.first("section") { $0.attributes["id"] == "unit-\(row.attributes["data-unit"]!)" })
            #expect(section.first("dd") { $0.attributes["data-field"] == "d" }?.text == ReportFormat.score(d))
            #expect(section.first("dd") { $0.attributes["data-field"] == "rank" }?.text == "\(rank) / \(json.count)")
            let raw = try #require(unit["raw"] as? [String: Double])
            for (indicator, value) in raw {
                let text = section.first("td") { $0.attributes["data-field"] == "raw_\(indicator)" }?.text
                #expect(text?.replacingOccurrences(of: " *", with: "") == ReportFormat.value(value), "\(indicator)")
            }
        }
    }

    @Test func relocationFiguresEqualTheRelocateOutput() throws {
        let built = try Self.built(.zh)
        let summary = try Self.csv(built.folder.appendingPathComponent("data/relocate-summary.csv"))
        let firms = try ReportOutputs.relocateRows(built.folder.appendingPathComponent("data/relocate.csv"))
        let table = try #require(built.root.first("table") { $0.attributes["id"] == "relocation-table" })
        let rows = table.elements("tr").filter { $0.attributes["data-unit"] != nil }
        #expect(rows.count == summary.count)
        #expect(!summary.isEmpty)
        for row in rows {
            let unit = row.attributes["data-unit"]!
            let expected = try #require(summary.first { $0["unit"] == unit })
            let flagged = try #require(Int(expected["flagged"] ?? ""))
            #expect(row.first("td") { $0.attributes["data-field"] == "flagged" }?.text == ReportFormat.integer(flagged))
            // … which is also the number of flagged rows of that unit in relocate.csv.
            #expect(firms.filter { $0.unit == unit && $0.flagged }.count == flagged)
            let ha = try #require(Double(expected["freed_land_ha"] ?? ""))
            #expect(
                row.first("td") { $0.attributes["data-field"] == "freed_land_ha" }?.text
                    == ReportFormat.number(ha, decimals: 1))
            let section = try #require(built.root.first("section") { $0.attributes["id"] == "unit-\(unit)" })
            #expect(
                section.first("td") { $0.attributes["data-field"] == "flagged" }?.text == ReportFormat.integer(flagged))
        }
        // Density: firms per unit equal the relocate output's rows per unit.
        for unit in built.outcome.data.layer.units {
            let section = try #require(built.root.first("section") { $0.attributes["id"] == "unit-\(unit.id)" })
            let count = firms.filter { $0.unit == unit.id }.count
            #expect(section.first("dd") { $0.attributes["data-field"] == "firms" }?.text == ReportFormat.integer(count))
        }
        // The summary's key figure is the total.
        let total = summary.compactMap { Int($0["flagged"] ?? "") }.reduce(0, +)
        #expect(
            built.root.first("dd") { $0.attributes["data-field"] == "flagged" }?.text == ReportFormat.integer(total))
        // The top flagged firms of a unit are its highest-priority rows in relocate.csv.
        let busiest = try #require(summary.max { Int($0["flagged"]!)! < Int($1["flagged"]!)! }?["unit"])
        let top = firms.filter { $0.unit == busiest && $0.flagged }.map(\.priority).sorted(by: >).prefix(5)
        let section = try #require(built.root.first("section") { $0.attributes["id"] == "unit-\(busiest)" })
        let shown = section.elements("td").filter { $0.attributes["data-field"] == "priority" }.map(\.text)
        #expect(shown == top.map { ReportFormat.number($0, decimals: 2) })
    }

    @Test func targetsNeedingOutsideStatisticsSaySo() throws {
        for language in ReportLanguage.allCases {
            let built = try Self.built(language)
            let strings = ReportStrings(language)
            let table = try #require(built.root.first("table") { $0.attributes["id"] == "targets-table" })
            let rows = table.elements("tr").filter { $0.attributes["data-target"] != nil }
            #expect(rows.count == built.outcome.data.targets.targets.count)
            for target in built.outcome.data.targets.targets {
                let row = try #require(rows.first { $0.attributes["data-target"] == target.id })
                let status = row.first("td") { $0.attributes["data-field"] == "status" }?.text
                let value = row.first("td") { $0.attributes["data-field"] == "value" }?.text ?? ""
                if target.measure == .external {
                    #expect(status == strings.status(.needsOutsideStatistics))
                    #expect(value == strings.notMeasurable)
                } else {
                    #expect(status != strings.status(.needsOutsideStatistics))
                    #expect(value.first?.isNumber == true, "\(target.id) measured as '\(value)'")
                }
            }
            #expect(built.html.contains(language == .zh ? "需外部统计数据" : "needs outside statistics"))
        }
    }

    @Test("a register without revenue, energy or value added gives no data for every measured target, not zero")
    func missingFieldsGiveNoData() throws {
        var totals = ReportTally.Totals()
        (totals.firms, totals.withCode, totals.industrialFirms) = (500, 500, 200)
        let table = try TargetTable(contentsOf: RepositoryFiles.path("GeoData/rules/targets.toml"))
        let measured = table.rows(totals, baseline: [:]).filter { $0.target.measure != .external }
        #expect(measured.count >= 6)
        for row in measured {
            #expect(row.value == nil && row.status == .noData, "\(row.target.id): \(String(describing: row.value))")
        }
    }

    @Test func targetMeasuresFollowTheTable() throws {
        var totals = ReportTally.Totals()
        totals.withRevenue = 10
        totals.industrialRevenue = 1000
        totals.hightechRevenue = 430
        totals.greenRevenue = 31_000_000  // 万元 → 3,100 亿元
        totals.chainRevenue = ["pv": 9_990_000, "hydrogen": 5_000_000]
        totals.industrialEnergyTce = 88
        totals.industrialValueAdded = 1000
        let table = try TargetTable(contentsOf: RepositoryFiles.path("GeoData/rules/targets.toml"))
        let rows = Dictionary(
            uniqueKeysWithValues: table.rows(totals, baseline: ["industrial_energy_intensity": 0.1]).map {
                ($0.target.id, $0)
            })
        #expect(rows["hightech_revenue_share"]?.value == 43 && rows["hightech_revenue_share"]?.status == .met)
        #expect(rows["green_lowcarbon_output"]?.value == 3100 && rows["green_lowcarbon_output"]?.status == .met)
        #expect(rows["pv_output"]?.value == 999 && rows["pv_output"]?.status == .notMet)
        // "突破 500 亿": exactly 500 is not more than 500.
        #expect(rows["hydrogen_output"]?.value == 500 && rows["hydrogen_output"]?.status == .notMet)
        // 0.088 against 0.1: −12 %, which meets "down 10 % or more".
        let energy = try #require(rows["industrial_energy_intensity"])
        #expect(abs(energy.changePercent! - -12) < 1e-9 && energy.status == .met)
        #expect(
            table.rows(totals, baseline: [:]).first { $0.target.id == "industrial_energy_intensity" }?.status
                == .needsBaseline)
        #expect(rows["water_per_gdp"]?.status == .needsOutsideStatistics && rows["green_parks"]?.value == nil)
        // The plan's figures, as the issue lists them.
        let target = Dictionary(uniqueKeysWithValues: table.targets.map { ($0.id, $0) })
        #expect(target["hightech_revenue_share"]?.target == 42 && target["green_lowcarbon_output"]?.target == 3000)
        #expect(target["pv_output"]?.target == 1000 && target["lithium_output"]?.target == 1000)
        #expect(target["hydrogen_output"]?.comparison == .moreThan && target["hydrogen_output"]?.target == 500)
        #expect(target["green_services_output"]?.target == 500 && target["recycling_output"]?.target == 300)
        #expect(target["industrial_energy_intensity"]?.target == -10 && target["water_per_gdp"]?.target == 24)
        #expect(target["green_parks"]?.target == 8 && target["green_parks"]?.measure == .external)
    }

    @Test func baselineAddsTheChange() throws {
        let built = try Self.built(.zh)
        // The first run's targets.csv is the baseline of the next: every measured change is 0 %.
        let baseline = built.folder.appendingPathComponent("data/targets.csv").path
        let outcome = try Self.run(.zh, baseline: baseline)
        let html = try String(
            contentsOf: URL(fileURLWithPath: outcome.directory).appendingPathComponent("report.html"), encoding: .utf8)
        guard case .success(let root) = XMLTree.parse(html) else {
            Issue.record("report does not parse")
            return
        }
        let table = try #require(root.first("table") { $0.attributes["id"] == "targets-table" })
        let energy = try #require(table.first("tr") { $0.attributes["data-target"] == "industrial_energy_intensity" })
        #expect(energy.first("td") { $0.attributes["data-field"] == "change" }?.text == "+0.0%")
        #expect(energy.first("td") { $0.attributes["data-field"] == "status" }?.text == "未达到")
        let external = try #require(table.first("tr") { $0.attributes["data-target"] == "water_per_gdp" })
        #expect(external.first("td") { $0.attributes["data-field"] == "change" }?.text == "—")
    }

    @Test func markdownHasTheSameSectionsAndMapFiles() throws {
        let built = try Self.built(.zh)
        let markdown = try String(contentsOf: built.folder.appendingPathComponent("report.md"), encoding: .utf8)
        let document = try ReportBuilder(data: built.outcome.data, language: .zh, inputName: "x").build()
        for section in document.sections {
            #expect(markdown.contains("<a id=\"\(section.id)\"></a>"))
            #expect(markdown.contains("## \(MarkdownReport.inline(section.title))"))
        }
        let maps = try FileManager.default.contentsOfDirectory(atPath: built.folder.appendingPathComponent("maps").path)
        #expect(maps.count == 6 + built.outcome.data.layer.units.count + (try Self.chainMaps(built.outcome.data)))
        for map in maps { #expect(markdown.contains("(maps/\(map))")) }
    }

    @Test func englishReportIsInEnglish() throws {
        let built = try Self.built(.en)
        #expect(built.root.attributes["lang"] == "en")
        let titles = built.root.elements("h2").map(\.text)
        #expect(
            titles.contains("Summary") && titles.contains("Tracking the 2025 targets") && titles.contains("Methodology")
        )
        // Sentences and labels are English; only names from the data (firms, units' Chinese names in reasons) may be Chinese.
        let summary = try #require(built.root.first("section") { $0.attributes["id"] == "summary" })
        let han = summary.elements("p").map(\.text).joined().unicodeScalars.filter {
            (0x4E00...0x9FFF).contains($0.value)
        }
        #expect(han.isEmpty, "Chinese in the English summary: \(String(String.UnicodeScalarView(han)))")
    }

    @Test func aFailedRunLeavesNothingBehind() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("report-fail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("report")
        var request = ReportRequest(
            enterprises: parent.appendingPathComponent("missing.csv").path, outputDirectory: target.path)
        request.language = .zh
        #expect(throws: ZoneFitError.self) {
            try ReportRun.run(
                request, layer: Self.layer(),
                fitProfile: FitProfile(contentsOf: RepositoryFiles.path("GeoData/chengdu/fit-profile.toml")),
                rules: NoncoreProfile(contentsOf: RepositoryFiles.noncoreProfile),
                targets: TargetTable(contentsOf: RepositoryFiles.path("GeoData/rules/targets.toml")))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test func anExistingFolderKeepsItsOtherFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-keep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "mine".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try "old".write(to: folder.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
        _ = try Self.run(.en, into: folder)
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
        #expect(
            try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8).hasPrefix(
                "<!DOCTYPE html>"))
        let hidden = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(".\(folder.lastPathComponent).zonefit") }
        #expect(hidden.isEmpty && siblings.isEmpty)
    }
}

extension ReportOutputs {
    struct RelocateRow {
        let unit: String
        let flagged: Bool
        let priority: Double
    }
}

/// Reads data/relocate.csv with a quote-aware CSV reader (reasons hold commas).
enum ReportOutputs {
    static func relocateRows(_ url: URL) throws -> [ReportOutputs.RelocateRow] {
        let source = try VectorSource(path: url.path)
        let names = source.fields.map(\.name)
        let unit = try #require(names.firstIndex(of: "unit"))
        let flagged = try #require(names.firstIndex(of: "flagged"))
        let priority = try #require(names.firstIndex(of: "priority"))
        var rows: [ReportOutputs.RelocateRow] = []
        while let feature = try source.next() {
            let flag = feature.values[flagged].text.map { ["1", "true"].contains($0.lowercased()) } ?? false
            rows.append(
                .init(
                    unit: feature.values[unit].text ?? "", flagged: flag,
                    priority: Double(feature.values[priority].text ?? "") ?? 0))
        }
        return rows
    }
}
