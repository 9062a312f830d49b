import ArgumentParser
import Foundation
import ZoneFit

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract:
            "What changed between two registers: firms that entered, exited, moved, or changed industry or status.",
        discussion: """
            Plan 四(一) asks for a report every month (月通报) and a review every quarter (季调度). Both \
            registers are placed as overlay places them (the same -l, --where, --placement, --columns, -s for \
            each) and matched by USCC (or --key). -o gets one row per changed firm (every firm with --all): \
            change = exited > entered > moved > reclassified > status (the first that applies), exit_reason \
            (absent, or the status 注销, 吊销, 迁出 that records it), the booleans moved, reclassified and \
            status_changed, the before and after unit, zone, code, non-core category and status, and the \
            point (after, or before for an exit). For a firm flagged for relocation in BEFORE, progress says \
            where it is now: relocated (outside the central city; with --parks, receiving_park names the receiving \
            park it lies in), left_core (from a core district into \
            another central unit), moved_within_central, exited, in_place or unit_uncertain; new_noncore_in_core marks a \
            non-core firm that entered a core district or moved into one (a conflict with the plan). A firm absent from AFTER with no status saying it left \
            is counted apart: the extract may be incomplete.

            The console prints the per-unit summary (--summary writes it, CSV or JSON) and its \
            reconciliation: before = stayed + moved out + exited, after = stayed + moved in + entered, per \
            unit and in total. Each register's rejects go beside the output (OUT.before.rejects.csv, \
            OUT.after.rejects.csv).
            """)

    @Argument(help: ArgumentHelp("The earlier register (any input overlay reads).", valueName: "before"))
    var before: String

    @Argument(help: ArgumentHelp("The later register.", valueName: "after"))
    var after: String

    @OptionGroup var registerOptions: RegisterOptions

    @OptionGroup var schemeOptions: SchemeOptions
    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup(title: "Receiving parks") var parksOptions: ParksOptions

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp("The changes: CSV, GeoJSON, GeoPackage, XLSX, … by extension.", valueName: "file"))
    var output: String

    @Option(
        name: [.customShort("f"), .customLong("of")],
        help: ArgumentHelp("Output format when the extension does not tell (an OGR driver name).", valueName: "format"))
    var format: String?

    @Option(help: ArgumentHelp("Write the per-unit summary here (CSV, or JSON by extension).", valueName: "file"))
    var summary: String?

    @Option(
        help: ArgumentHelp(
            "Write the relocation progress here (CSV, or JSON by extension): per central unit, where the firms "
                + "flagged in BEFORE are now, and the non-core firms new in the core districts.",
            valueName: "file"))
    var progress: String?

    @Option(
        help: ArgumentHelp(
            "The field firms are matched by, where the registers have no USCC column (a register's own id).",
            valueName: "field"))
    var key: String?

    @Flag(name: .customLong("all"), help: "Write unchanged firms too (change = unchanged).")
    var everyFirm = false

    func validate() throws {
        let outputs = [output, summary, progress].compactMap { $0 }
        for (flag, path) in [("before", before), ("after", after)] where outputs.contains(path) {
            throw ValidationError("-o, --summary or --progress would overwrite the \(flag) register \(path)")
        }
        if Set(outputs).count < outputs.count {
            throw ValidationError("-o, --summary and --progress name the same file")
        }
    }

    func run() throws {
        try reportingErrors {
            let layer = try schemeOptions.build()
            let rules = try rulesOptions.load()
            func request(_ input: String) throws -> OverlayRequest {
                try registerOptions.request(for: input, names: rules.fieldNames, command: "diff")
            }
            var diff = DiffRequest(before: try request(before), after: try request(after), output: output)
            diff.format = format
            diff.summary = summary
            diff.progress = progress
            diff.key = key
            diff.everyFirm = everyFirm
            diff.parks = parksOptions.source
            diff.parkColumns = try parksOptions.columnNames()
            let result = try DiffRun.run(diff, rules: rules, layer: layer)
            for (name, placed) in [("before", result.before), ("after", result.after)] {
                for line in placed.reading { note("\(name) \(line)") }
                note(
                    "\(name): read \(placed.read) = placed \(placed.written) + rejected \(placed.rejected)"
                        + (placed.rejected > 0 ? " (see \(diff.sidePath("\(name).rejects.csv")))" : ""))
            }
            if result.unkeyed.before + result.unkeyed.after > 0 {
                note(
                    "rows without a key (not compared): before \(result.unkeyed.before), after \(result.unkeyed.after)")
            }
            print(ChangeTable.render(result.summary, layer: layer))
            print(ProgressTable.render(result.progress, layer: layer, parks: diff.parks != nil))
            let total = result.summary.total
            note(
                "reconciliation: before \(total.before) = stayed \(total.stayed) + moved out \(total.movedOut) + exited \(total.exited); "
                    + "after \(total.after) = stayed \(total.stayed) + moved in \(total.movedIn) + entered \(total.entered)"
                    + (result.summary.units.allSatisfy(\.reconciles)
                        ? "; every unit reconciles" : "; A UNIT DOES NOT RECONCILE"))
            if total.absent > 0 {
                note(
                    "note: \(total.absent) of the \(total.exited) exits are firms absent from \(after) with no status saying they left (注销, 吊销, 迁出): the extract may be incomplete"
                )
            }
            note(
                "wrote \(result.written) changes to \(output)" + (summary.map { "; summary to \($0)" } ?? "")
                    + (progress.map { "; progress to \($0)" } ?? ""))
        }
    }
}
