import ArgumentParser
import Foundation
import ZoneFit

struct RelocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relocate",
        abstract: "Flag non-core functions in the central city, explain each flag, and suggest where it could go.",
        discussion: """
            Plan 三(五)1: the central city sheds general manufacturing (一般性制造业), traditional commodity \
            markets (传统商品交易市场) and ordinary warehousing and logistics (普通仓储物流). As the overlay \
            places each firm, relocate applies the rule profile (--rules: GB/T 4754-2017 codes, name \
            keywords, exclusions) to those in central units, on all cores, and adds flagged, noncore_category, rules, priority (0–100) with its \
            components, reason_zh, reason_en, freed_land_m2 and chains. Firms outside the central city are \
            never flagged. A code that cannot be read gets noncore_category = unknown_code with the reason, \
            and is counted in the summary.

            With --parks, up to --top parks in new areas and suburban towns are ranked for each flagged firm: \
            score = 0.5·industry match + 0.2·spare land + 0.3·exp(−km/30), distance in the scheme's projected CRS; \
            only parks whose 'accepts' list names the firm's category are candidates.
            """)

    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var schemeOptions: SchemeOptions
    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var rulesOptions: RulesOptions

    @Option(name: .customLong("profile"), help: .hidden)
    var deprecatedProfile: String?

    @OptionGroup(title: "Receiving parks") var parksOptions: ParksOptions

    @Option(help: ArgumentHelp("Receiving sites per flagged firm.", valueName: "k"))
    var top = 3

    @Flag(help: "Keep only flagged rows (the rest are counted, not lost).")
    var flaggedOnly = false

    @Option(help: ArgumentHelp("Write the per-unit summary here (CSV, or JSON by extension).", valueName: "file"))
    var summary: String?

    func validate() throws {
        guard (1...10).contains(top) else { throw ValidationError("--top takes 1 to 10") }
        try outputOptions.checkPaths(input: inputOptions.input, extra: summary.map { [("--summary", $0)] } ?? [])
    }

    func run() throws {
        var rejectedRows = 0
        try reportingErrors {
            let layer = try schemeOptions.build()
            if deprecatedProfile != nil { deprecated("relocate --profile", "--rules") }
            let rules = try rulesOptions.load(alias: deprecatedProfile)
            let relocation = try Relocation(
                profile: rules, parks: parksOptions.source, parkColumns: try parksOptions.columnNames(), layer: layer,
                top: top, flaggedOnly: flaggedOnly)
            let request = try outputOptions.request(inputOptions, command: "relocate")
            let bar = outputOptions.progressBar()
            let result = try OverlayRun.run(request, layer: layer, analyses: [relocation], progress: bar?.handler)
            bar?.finish()
            print(RelocationTable.render(relocation.summary, layer: layer, profile: rules))
            if let summary { try relocation.summary.write(to: summary, layer: layer) }
            outputOptions.report(result, layer: layer, request: request)
            note(
                "flagged \(relocation.summary.flaggedRows) firms; summary \(relocation.summary.reconciles ? "reconciles with" : "DOES NOT reconcile with") the flagged rows"
            )
            if let line = relocation.summary.possiblyFlaggedLine { note(line) }
            rejectedRows = result.rejected
        }
        if outputOptions.strict && rejectedRows > 0 { throw ExitCode(2) }
    }
}
