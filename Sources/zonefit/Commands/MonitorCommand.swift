import ArgumentParser
import Foundation
import ZoneFit

struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract:
            "Trends over the periods of a register: firms, flagged firms, freed land and the targets, per period.",
        discussion: """
            Plan 四(一) and 四(三): the quarterly review and the indicator system that shows the \
            restructuring's effect. PERIODS is a TOML file ([[periods]] with date = "2026-09" and file = \
            "…", paths relative to it) or a folder whose files carry their date in the name (the first \
            YYYY-MM-DD, YYYY-MM or YYYYQn); a file without one, or two of one date, is an error. Each period \
            is placed as overlay places it and counted as report counts it. Into the folder -o: units.csv \
            (per period and unit: firms, flagged firms, freed land, possibly flagged firms), targets.csv \
            (per period and target: the value where the register measures it, its status, its change since \
            the first period), monitor.json, charts/*.svg (firms, flagged firms, each measured target) and \
            rejects/<period>.rejects.csv.
            """)

    @Argument(help: ArgumentHelp("A TOML list of periods, or a folder of dated registers.", valueName: "periods"))
    var periods: String

    @OptionGroup var registerOptions: RegisterOptions
    @OptionGroup var schemeOptions: SchemeOptions
    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup var targetsOptions: TargetsOptions

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The output folder.", valueName: "folder"))
    var output: String

    func run() throws {
        try reportingErrors {
            let layer = try schemeOptions.build()
            let rules = try rulesOptions.load()
            let list = try RegisterPeriod.list(periods)
            let template = try registerOptions.request(for: list[0].path, names: rules.fieldNames, command: "monitor")
            let request = MonitorRequest(periods: list, template: template, outputDirectory: output)
            let outcome = try MonitorRun.run(request, layer: layer, rules: rules, targets: try targetsOptions.load())
            for tally in outcome.tallies {
                let placed = tally.placed
                note(
                    "\(tally.period.label) (\(tally.period.path)): read \(placed.read) = placed \(placed.written) + rejected \(placed.rejected); "
                        + "firms \(tally.firmsByUnit.values.reduce(0, +)), flagged \(tally.relocation.totalFlagged)")
            }
            note("wrote \(outcome.files.joined(separator: ", ")) to \(output)")
        }
    }
}
