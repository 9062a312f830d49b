import Foundation
import GeoKit

/// What `zonefit report` was asked to do.
public struct ReportRequest: Sendable {
    /// The enterprises, as `overlay` reads them (input, columns, CRS, workers); outputs are set by the run.
    public var enterprises: OverlayRequest
    public var parks: SourceReference?
    /// Reference lines and names drawn under every map (ring roads, rivers, towns): any OGR source.
    public var basemap: SourceReference?
    /// The parks layer's own headers (`ParkColumnNames`).
    public var parkColumns = ParkColumnNames()
    public var baseline: String?
    /// The previous period's register, read as the enterprises are: the report then says what changed.
    public var previous: OverlayRequest?
    public var language: ReportLanguage = .zh
    public var pdf = false
    public var outputDirectory: String
    /// Flagged firms listed per central unit.
    public var topFirms = 5
    /// Receiving parks ranked per flagged firm.
    public var receivers = 3
    /// The command line, for provenance.
    public var arguments: [String] = []

    public init(enterprises: String, outputDirectory: String) {
        self.enterprises = OverlayRequest(input: enterprises, output: outputDirectory)
        self.outputDirectory = outputDirectory
    }
}

/// What a report run wrote.
public struct ReportOutcome {
    public var directory: String
    public var files: [String]
    public var data: ReportData
}

/// `zonefit report`: runs relocate and fit through the library, builds the
/// report and writes it to a temporary folder beside the target, which takes
/// the target's place only when everything (the PDF too) is written. A failed
/// run leaves the target as it was.
public enum ReportRun {
    public static func run(
        _ request: ReportRequest, layer: ZoneLayer, fitProfile: FitProfile, rules: NoncoreProfile,
        targets: TargetTable
    ) throws -> ReportOutcome {
        let chromium: String?
        if request.pdf {
            guard let found = ChromiumPrinter.find() else {
                throw ZoneFitError(
                    "the PDF needs Chromium (chromium, chromium-browser or google-chrome on PATH, or ZONEFIT_CHROMIUM); install it or leave out the PDF",
                    setting: .pdf)
            }
            chromium = found
        } else {
            chromium = nil
        }
        let baseline = try request.baseline.map(TargetTable.readBaseline) ?? [:]
        let folder = try ReportFolder(request.outputDirectory)
        let data = folder.path("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)

        // One pass over the enterprises: relocate with the report's tally beside it, and the fit's load.
        var overlay = request.enterprises
        overlay.output = "\(data)/relocate.csv"
        overlay.format = "CSV"
        overlay.rejects = "\(data)/relocate.rejects.csv"
        overlay.hashesInput = true
        let relocation = try Relocation(
            profile: rules, parks: request.parks, parkColumns: request.parkColumns, layer: layer,
            top: request.receivers, flaggedOnly: false)
        let tally = ReportTally(relocation: relocation, rules: rules, keepTop: request.topFirms)
        let load = try EnterpriseLoad(rules: rules)
        let previous = try request.previous.map {
            try PreviousPeriod($0, request: request, layer: layer, rules: rules, data: data)
        }
        let chainTally = try ChainTally(
            rules: rules, grid: try StudyGrid(layer: layer, size: ClustersRequest.defaultCellSize), measure: .firms)
        let summary = try OverlayRun.run(
            overlay, layer: layer, analyses: [tally, load, chainTally] + (previous.map { [$0.comparison] } ?? []))
        try relocation.summary.write(to: "\(data)/relocate-summary.csv", layer: layer)
        let changes = try previous?.finish(
            after: summary, input: request.enterprises.input, layer: layer, rules: rules, targets: targets,
            baseline: baseline)

        let clusters = try ClustersRun.forReport(
            chainTally, overlay: overlay, data: data, layer: layer, rules: rules, summary: summary)

        var fitRequest = FitRequest(output: "\(data)/fit.geojson")
        fitRequest.enterprises = overlay
        let fit = try FitRun.score(fitRequest, profile: fitProfile, layer: layer, load: load, enterprises: summary)

        let geometry = try MapGeometry(layer: layer, parks: request.parks, basemap: request.basemap)
        var files: [(role: String, id: String?, source: SourceReference)] = []
        if let parks = request.parks { files.append(("parks", nil, parks)) }
        if let basemap = request.basemap { files.append(("basemap", nil, basemap)) }
        if let baseline = request.baseline { files.append(("baseline", nil, SourceReference(baseline))) }
        files += [
            ("scheme", layer.scheme.id, layer.scheme.path), ("fit profile", fitProfile.id, fitProfile.path),
            ("rule profile", rules.id, rules.path), ("targets", targets.id, targets.path),
        ].map { ($0.0, $0.1, SourceReference($0.2)) }
        var reportData = ReportData(
            layer: layer, geometry: geometry, fit: fit, overlay: summary, relocation: relocation.summary, tally: tally,
            rules: rules,
            targets: targets, targetRows: targets.rows(tally.totals, baseline: baseline),
            provenance: try ReportProvenance(
                arguments: request.arguments,
                hashed: [("enterprises", summary.input), ("previous register", previous?.input)].compactMap {
                    role, input in
                    input.map { (role, nil, $0) }
                },
                files: files),
            parksGiven: request.parks != nil, changes: changes, clusters: clusters)

        reportData.coreInset = try geometry.coreInset(layer)
        reportData.unitInsets = try geometry.unitInsets()
        let document = try ReportBuilder(
            data: reportData, language: request.language,
            inputName: request.enterprises.source.label
        ).build()
        try HTMLReport.render(document).write(toFile: folder.path("report.html"), atomically: false, encoding: .utf8)
        let markdown = MarkdownReport.render(document)
        try markdown.text.write(toFile: folder.path("report.md"), atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder.path("maps"), withIntermediateDirectories: true)
        for map in markdown.maps {
            try map.svg.write(toFile: folder.path("maps/\(map.name).svg"), atomically: false, encoding: .utf8)
        }
        try ReportTables.units(reportData).write(toFile: "\(data)/units.csv", atomically: false, encoding: .utf8)
        try ReportTables.targets(reportData).write(toFile: "\(data)/targets.csv", atomically: false, encoding: .utf8)
        if let chromium {
            try ChromiumPrinter.print(
                chromium: chromium, html: folder.path("report.html"), pdf: folder.path("report.pdf"))
        }
        let written = try folder.publish()
        return ReportOutcome(directory: request.outputDirectory, files: written, data: reportData)
    }
}

/// The report's folder, built under a hidden temporary name beside the target.
/// `publish()` renames it into place when the target does not exist; when it
/// does, each of the report's entries replaces its old counterpart (other
/// files in the folder are left alone). Unpublished, the temporary folder is removed.
final class ReportFolder {
    let target: URL
    let temporary: URL
    private var published = false

    init(_ path: String) throws {
        target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw ZoneFitError(file: path, "is a file; the report is written to a folder", setting: .reportFolder)
        }
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ZoneFitError(file: path, "cannot create the folder \(parent.path): \(error.localizedDescription)")
        }
        guard FileManager.default.isWritableFile(atPath: parent.path) else {
            throw ZoneFitError(file: path, "cannot write: the folder \(parent.path) is not writable")
        }
        temporary = parent.appendingPathComponent(
            ".\(target.lastPathComponent).zonefit-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: false)
    }

    func path(_ relative: String) -> String { temporary.appendingPathComponent(relative).path }

    /// Moves the finished report into place; returns the entries written.
    func publish() throws -> [String] {
        let manager = FileManager.default
        let entries = try manager.contentsOfDirectory(atPath: temporary.path).filter { !$0.hasPrefix(".") }.sorted()
        if !manager.fileExists(atPath: target.path) {
            guard rename(temporary.path, target.path) == 0 else {
                throw ZoneFitError(
                    file: target.path, "cannot move the finished report into place: \(String(cString: strerror(errno)))"
                )
            }
        } else {
            for entry in entries {
                let old = target.appendingPathComponent(entry)
                let new = temporary.appendingPathComponent(entry)
                let trash = target.appendingPathComponent(".\(entry).zonefit-old-\(getpid())")
                if manager.fileExists(atPath: old.path) { try manager.moveItem(at: old, to: trash) }
                guard rename(new.path, old.path) == 0 else {
                    throw ZoneFitError(
                        file: old.path,
                        "cannot move the finished output into place: \(String(cString: strerror(errno)))")
                }
                try? manager.removeItem(at: trash)
            }
            try? manager.removeItem(at: temporary)
        }
        published = true
        return entries
    }

    deinit {
        if !published { try? FileManager.default.removeItem(at: temporary) }
    }
}

/// The report's own tables under data/: per-unit figures and the target rows (the
/// latter is also the `--baseline` format of the next run).
enum ReportTables {
    static func csv(_ rows: [[String]]) -> String {
        "\u{FEFF}"
            + rows.map { row in
                row.map { cell in
                    cell.contains(where: { ",\"\n\r".contains($0) })
                        ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
                }.joined(separator: ",")
            }.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return JSONText.number(value)
    }

    static func units(_ data: ReportData) -> String {
        var rows = [
            [
                "unit", "name", "name_en", "zone", "is_core", "area_km2", "firms", "firms_per_km2", "flagged",
                "freed_land_m2", "firms_unit_uncertain", "possibly_flagged",
                "d", "grade", "rank", "rank_share",
            ]
        ]
        for (index, unit) in data.layer.units.enumerated() {
            let score = data.fit.score.units[index]
            rows.append([
                unit.id, unit.name, unit.nameEn, unit.zone.rawValue, unit.isCore ? "true" : "false",
                number(unit.areaKm2),
                String(data.firms(unit)), number(data.density(unit)),
                unit.zone == .central ? String(data.relocation.units[unit.id]?.flagged ?? 0) : "",
                unit.zone == .central ? number(data.relocation.units[unit.id]?.freedLandM2 ?? 0) : "",
                String(data.uncertainFirms(unit)),
                unit.zone == .central ? String(data.relocation.units[unit.id]?.possiblyFlagged ?? 0) : "",
                number(score.coupling.d), score.grade?.name ?? "", String(score.rank),
                number(data.fit.sensitivity.units[index].shareAtRank),
            ])
        }
        return csv(rows)
    }

    static func targets(_ data: ReportData) -> String {
        var rows = [
            [
                "id", "name", "name_en", "section", "comparison", "target", "unit", "value", "measured_unit",
                "baseline",
                "change_percent", "status",
            ]
        ]
        for row in data.targetRows {
            let target = row.target
            rows.append([
                target.id, target.name, target.nameEn, target.section, target.comparison.rawValue,
                number(target.target),
                target.unit, number(row.value), target.measuredUnit ?? target.unit, number(row.baseline),
                number(row.changePercent), row.status.rawValue,
            ])
        }
        return csv(rows)
    }
}
