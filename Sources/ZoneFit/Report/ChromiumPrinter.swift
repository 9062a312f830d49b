import Foundation

/// Prints the report's HTML to PDF with headless Chromium
/// (`chromium --headless --no-sandbox --print-to-pdf=…`). The page's CSS puts
/// each section on a new page.
public enum ChromiumPrinter {
    static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// `$ZONEFIT_CHROMIUM`, else the first of chromium, chromium-browser, google-chrome on PATH.
    public static func find() -> String? {
        if let path = ProcessInfo.processInfo.environment["ZONEFIT_CHROMIUM"], !path.isEmpty {
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(
            String.init)
        for name in names {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// Prints `html` to `pdf`; throws with Chromium's last lines when no PDF comes out.
    public static func print(chromium: String, html: String, pdf: String, timeout: TimeInterval = 180) throws {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "zonefit-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let log = profile.appendingPathExtension("log")
        defer { try? FileManager.default.removeItem(at: log) }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
            "--user-data-dir=\(profile.path)", "--no-pdf-header-footer", "--print-to-pdf-no-header",
            "--print-to-pdf=\(pdf)", URL(fileURLWithPath: html).absoluteString,
        ]
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch {
            throw ZoneFitError(file: chromium, "cannot start Chromium: \(error.localizedDescription)")
        }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + 5)
            throw ZoneFitError(file: html, "Chromium did not print the PDF within \(Int(timeout)) s")
        }
        try? handle.close()
        let head = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: pdf)).read(upToCount: 5)) ?? nil
        guard process.terminationStatus == 0, let head, head.starsWithPDF else {
            let lines = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(2).joined(
                separator: " | ")
            throw ZoneFitError(file: pdf, "Chromium did not write a PDF (exit \(process.terminationStatus)): \(lines)")
        }
    }
}

extension Data {
    fileprivate var starsWithPDF: Bool { starts(with: Array("%PDF-".utf8)) }
}
