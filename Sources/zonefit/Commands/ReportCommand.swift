import ArgumentParser
import Foundation
import ZoneFit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write the district fit report: maps, relocation, fit, a page per unit, the 2025 targets (HTML, Markdown, PDF).",
        discussion: """
            Runs relocate and fit on the enterprises and writes, into the folder -o (created if missing): \
            report.html (one self-contained file that needs no network: interactive maps on an embedded \
            Leaflet — pan, zoom, hover a unit for its figure, click for its page, switch layers: zone \
            classes, parks and receiving sites, all firms, flagged firms, chain hot spots — and the static \
            SVG maps for print), report.md with the maps as maps/*.svg, and data/ with the relocate and fit \
            outputs every figure comes from (relocate.csv, relocate-summary.csv, fit.geojson/.csv/.json, \
            units.csv, targets.csv). With --pdf, Chromium prints report.pdf from the HTML. --basemap draws \
            reference lines and names (ring roads, rivers, towns: any OGR source, fields name and name_en) \
            under every map.

            Contents: summary, zone map, enterprise density, relocation map and the highest-priority \
            flagged firms per central unit, the fit choropleth of D, one page per statistical unit, the \
            plan's 2025 targets (GeoData/rules/targets.toml: measured from the enterprises where they can be, \
            otherwise marked as needing outside statistics), methodology and provenance. Chinese by default, \
            English with --lang en. --baseline takes an earlier report's data/targets.csv, or a CSV of \
            id,value (e.g. the 2020 figures), and adds the change. --previous takes the previous period's \
            register (read with the same input options) and adds a section 本期变化 / changes since last \
            period after the summary: the reconciliation, a map of net change per unit, relocation progress \
            in the core districts, the conflicts (non-core firms new in the core) and the target trends, with \
            data/changes.csv, changes-summary.csv and progress.csv as zonefit diff writes them.

            The report is built in a temporary folder beside -o and moved into place at the end: a failed \
            run leaves nothing half written.
            """)

    @OptionGroup var enterpriseOptions: EnterpriseOptions

    /// Drawn on the maps and ranked as receiving sites.
    @OptionGroup(title: "Parks") var parksOptions: ParksOptions

    @Option(help: ArgumentHelp("Report language: zh (default) or en.", valueName: "lang"))
    var lang: ReportLanguage = .zh

    @Option(
        help: ArgumentHelp(
            "Baseline for the targets: an earlier report's data/targets.csv, or a CSV with id,value.", valueName: "file"
        ))
    var baseline: String?

    @Option(
        help: ArgumentHelp(
            "The previous period's register (read with the same input options as --enterprises): adds what changed.",
            valueName: "file"))
    var previous: String?

    @Option(
        help: ArgumentHelp(
            "Reference lines and named points drawn under every map (any OGR source; fields name, name_en).",
            valueName: "file"))
    var basemap: String?

    @Flag(help: "Also print report.pdf with headless Chromium.")
    var pdf = false

    @OptionGroup var schemeOptions: SchemeOptions

    @OptionGroup var fitProfileOptions: FitProfileOptions
    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup var targetsOptions: TargetsOptions

    @Option(help: ArgumentHelp("Flagged firms listed per central unit.", valueName: "n"))
    var topFirms = 5

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int?

    @Option(name: .shortAndLong, help: ArgumentHelp("Folder for the report (created if missing).", valueName: "dir"))
    var output: String

    func validate() throws {
        guard (1...50).contains(topFirms) else { throw ValidationError("--top-firms takes 1 to 50") }
        if let threads, threads < 1 { throw ValidationError("--threads takes a positive number") }
        if enterpriseOptions.enterprises == nil { throw ValidationError("--enterprises is required") }
    }

    func run() throws {
        try reportingErrors {
            let layer = try schemeOptions.build()
            guard let enterprises = try enterpriseOptions.overlayRequest(output: output) else { return }
            var request = ReportRequest(enterprises: enterprises.input, outputDirectory: output)
            request.enterprises = enterprises
            if let threads { request.enterprises.workers = threads }
            request.parks = parksOptions.source
            request.parkColumns = try parksOptions.columnNames()
            request.basemap = basemap.map { SourceReference($0) }
            request.baseline = baseline
            if let previous {
                request.previous = request.enterprises
                request.previous?.input = previous
            }
            request.language = lang
            request.pdf = pdf
            request.topFirms = topFirms
            request.arguments = Array(CommandLine.arguments.dropFirst())
            let outcome = try ReportRun.run(
                request, layer: layer, fitProfile: try fitProfileOptions.load(), rules: try rulesOptions.load(),
                targets: try targetsOptions.load())
            let data = outcome.data
            for line in data.overlay.reading { note("enterprises \(line)") }
            if let changes = data.changes {
                let total = changes.summary.total
                note(
                    "changes since \(changes.previousName): before \(total.before) = stayed \(total.stayed) + moved out "
                        + "\(total.movedOut) + exited \(total.exited); after \(total.after) = stayed \(total.stayed) + "
                        + "moved in \(total.movedIn) + entered \(total.entered); \(changes.conflicts.count) new non-core "
                        + "firms in the core districts")
            }
            note(
                "enterprises: read \(data.overlay.read) = written \(data.overlay.written) + rejected \(data.overlay.rejected)"
            )
            note(
                "flagged \(data.relocation.totalFlagged) firms in \(data.relocation.units.count) central units; fit scored \(data.layer.units.count) units"
            )
            if let line = data.relocation.possiblyFlaggedLine { note(line) }
            for row in data.targetRows where row.target.measure != .external {
                note(
                    "target \(row.target.id): \(row.value.map { String(format: "%.4g", $0) } ?? "—") (\(row.status.rawValue))"
                )
            }
            note("wrote \(outcome.files.joined(separator: ", ")) to \(output)")
        }
    }
}

extension ReportLanguage: ExpressibleByArgument {}
