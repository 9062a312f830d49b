import Foundation
import ZoneFit

/// A one-line progress bar on stderr — rows done, rate, and the ETA when the
/// input's size is known. Shown only on a terminal (never in pipes or CI logs)
/// unless asked for with --progress; --quiet silences it.
final class ProgressBar: @unchecked Sendable {
    private let started = Date()
    private var lastDrawn = Date.distantPast
    private let lock = NSLock()
    private var drawn = false

    /// A bar when stderr is a terminal or `forced`; nil when `quiet`.
    static func make(quiet: Bool, forced: Bool) -> ProgressBar? {
        shows(quiet: quiet, forced: forced) ? ProgressBar() : nil
    }

    /// Whether a bar shows: on a terminal, or when forced, unless quiet.
    static func shows(quiet: Bool, forced: Bool) -> Bool { !quiet && (forced || isatty(STDERR_FILENO) == 1) }

    var handler: OverlayProgressHandler { { [self] progress in self.update(progress) } }

    private func update(_ progress: OverlayProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.2 else { return }
        lastDrawn = now
        let elapsed = max(now.timeIntervalSince(started), 1e-3)
        let rate = Double(progress.rows) / elapsed
        var line = "\(Self.grouped(progress.rows)) rows, \(Self.grouped(Int(rate)))/s"
        if let fraction = progress.fraction, fraction > 0 {
            let width = 24
            let filled = Int(Double(width) * fraction)
            let eta = elapsed * (1 - fraction) / fraction
            line =
                "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                + "] \(Int(fraction * 100))% " + line + ", ETA \(Self.duration(eta))"
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        drawn = true
    }

    /// Clears the bar before the summary lines.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        return String(
            digits.enumerated().flatMap { index, digit in
                (index > 0 && (digits.count - index) % 3 == 0 ? [","] : []) + [digit]
            })
    }

    private static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }
}
