import ArgumentParser
import Foundation
import GeoKit
import ZoneFit

@main
struct ZoneFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zonefit",
        abstract: "Place enterprises and parks in a city's zones (central city, new areas, suburban new towns).",
        discussion: """
            zonefit implements section 三(五) of the 2022 Chengdu action plan: which zone, district and \
            statistical unit each firm and park is in.

            Exit codes: 0 success; 1 bad input that stops the run (a one-line message names the file, \
            row or feature and field); 2 with --strict when any row was rejected; 64 usage error.
            """,
        version: Provenance.toolVersion,
        subcommands: [
            ZonesCommand.self, OverlayCommand.self, RelocateCommand.self, FitCommand.self, ReportCommand.self,
            ClustersCommand.self, DiffCommand.self, MonitorCommand.self, SynthCommand.self,
        ])
}

/// Runs a command body, turning zonefit's errors into one line on stderr and exit code 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ZoneFitError {
        try fail(error.message + (error.setting.map { " (see \($0.options))" } ?? ""))
    } catch let error as GeoKitError {
        try fail(error.message)
    }
}

/// One line on stderr, without passwords, then exit code 1 (thrown, so that unfinished outputs are
/// removed on the way out). Library messages (GDAL's SQL errors, say) may span lines; a planner's log gets one.
private func fail(_ message: String) throws -> Never {
    let line = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " ")
    FileHandle.standardError.write(Data("zonefit: error: \(DataSourceName.redacted(line))\n".utf8))
    throw ExitCode(1)
}

/// A line on stderr: progress, notes and summaries never mix with data on stdout.
func note(_ line: String) {
    FileHandle.standardError.write(Data((DataSourceName.redacted(line) + "\n").utf8))
}
