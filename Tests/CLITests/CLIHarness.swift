import Foundation
import GeoKit
import TestSupport
import Testing

/// Runs the built `zonefit` binary in a fresh folder and reads what it wrote.
///
/// The binary is `$ZONEFIT_BIN` when set, else the `zonefit` executable beside
/// the test bundle (SwiftPM puts both in `<scratch>/debug/`).
enum CLI {
    /// The repository root, found by walking up from this file to `Package.swift`.
    static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static let scheme = repoRoot.appendingPathComponent("GeoData/chengdu/zones.toml").path

    static let fixtures: URL = {
        if let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) { return url }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }()

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static let binary: String? = {
        if let path = ProcessInfo.processInfo.environment["ZONEFIT_BIN"], !path.isEmpty { return path }
        let candidates = [
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.module.bundleURL.deletingLastPathComponent(),
            Bundle.main.executableURL?.deletingLastPathComponent(),
        ].compactMap { $0 }.map { $0.appendingPathComponent("zonefit").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Run: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
        /// The folder the command ran in; outputs go here.
        var folder: URL

        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        /// Every entry of the run folder, hidden ones included.
        var folderEntries: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        }

        var description: String { "exit \(status)\(timedOut ? " (timed out)" : "")\nstderr:\n\(stderr)" }
    }

    /// Runs `zonefit args…` in a new empty folder (its working directory), with
    /// `--scheme` added after the subcommand unless `scheme` is false.
    /// One folder per test process for every run's files, removed when the process exits.
    static let sessionRoot: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("zonefit-cli-tests-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        atexit { try? FileManager.default.removeItem(at: CLI.sessionRoot) }
        return root
    }()

    /// A new empty folder under `sessionRoot`.
    static func newFolder() throws -> URL {
        let folder = sessionRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// `environment`: variables set for this run on top of the test process's own.
    static func run(
        _ args: [String], scheme addScheme: Bool = true, timeout: TimeInterval = 60,
        environment extra: [String: String] = [:]
    ) throws -> Run {
        let binary = try #require(binary, "zonefit binary not found; build it or set ZONEFIT_BIN")
        let root = try newFolder()
        let folder = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // stdout/stderr go to files outside the run folder: no pipe can fill up and block.
        let outURL = root.appendingPathComponent("stdout")
        let errURL = root.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)

        var arguments = args
        if addScheme, let first = args.first, ["overlay", "zones"].contains(first) {
            arguments.insert(contentsOf: ["--scheme", scheme], at: 1)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "ZONEFIT_SCHEME")
        // Built layers are cached for the test run, not in the user's ~/.cache.
        environment["ZONEFIT_CACHE_DIR"] =
            FileManager.default.temporaryDirectory.appendingPathComponent("zonefit-cli-tests-cache").path
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if done.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                done.wait()
            }
        }
        try out.close()
        try err.close()
        let run = Run(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
            timedOut: timedOut, folder: folder)
        #expect(!timedOut, "zonefit \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
        return run
    }

    /// `zonefit overlay <fixture> <extra> -o <output>`.
    static func overlay(_ fixtureName: String, _ extra: [String] = [], output: String = "out.geojson") throws -> Run {
        try run(["overlay", fixture(fixtureName)] + extra + ["-o", output])
    }

    /// The `reconciliation: read N = written W + rejected R` numbers from stderr.
    static func reconciliation(_ run: Run) -> (read: Int, written: Int, rejected: Int)? {
        for line in run.stderrLines where line.hasPrefix("reconciliation: ") {
            let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if numbers.count == 3 { return (numbers[0], numbers[1], numbers[2]) }
        }
        return nil
    }

    /// `ogrinfo -so -al path`: GDAL's own summary of every layer (geometry type, fields and their types).
    static func ogrinfo(_ path: String) throws -> String {
        try Program.output(of: ["ogrinfo", "-ro", "-so", "-al", path]).text
    }

    static func sha256(of path: String) throws -> String {
        try Program.output(of: ["sha256sum", path]).text.split(separator: " ").first.map(String.init) ?? ""
    }
}

// MARK: - Reading outputs by meaning

/// One output row: its properties by name and, when present, its point.
struct Row {
    var values: [String: Any]
    var point: (lon: Double, lat: Double)?
    var geometry: [String: Any]?

    func string(_ key: String) -> String? {
        switch values[key] {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    func double(_ key: String) -> Double? {
        switch values[key] {
        case let number as NSNumber: return number.doubleValue
        case let text as String: return Double(text)
        default: return nil
        }
    }

    func int(_ key: String) -> Int? { double(key).map { Int($0) } }

    /// Booleans as GeoJSON (true/false), OGR (1/0) or text ("true", "1") carry them.
    func bool(_ key: String) -> Bool? {
        switch values[key] {
        case let flag as Bool: return flag
        case let number as NSNumber: return number.intValue != 0
        case let text as String:
            return ["true", "1", "yes"].contains(text.lowercased())
                ? true : (["false", "0", "no"].contains(text.lowercased()) ? false : nil)
        default: return nil
        }
    }

    /// The firm id: the `id` / `编号` field, else the feature id (a GPKG FID column).
    var firmID: Int? {
        for key in ["id", "编号"] { if let text = string(key), let id = Int(text) { return id } }
        if let text = string("#feature_id"), let id = Int(text) { return id }
        return nil
    }
}

enum Read {
    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func row(fromFeature feature: [String: Any]) -> Row {
        var values = feature["properties"] as? [String: Any] ?? [:]
        if let id = feature["id"] { values["#feature_id"] = id }
        let geometry = feature["geometry"] as? [String: Any]
        var point: (Double, Double)?
        if geometry?["type"] as? String == "Point", let xy = geometry?["coordinates"] as? [Any], xy.count >= 2,
            let x = (xy[0] as? NSNumber)?.doubleValue, let y = (xy[1] as? NSNumber)?.doubleValue
        {
            point = (x, y)
        }
        return Row(values: values, point: point, geometry: geometry)
    }

    /// A GeoJSON FeatureCollection's features.
    static func geojson(_ path: String) throws -> [Row] {
        let root = try json(path)
        let features = try #require(root["features"] as? [[String: Any]])
        return features.map(row(fromFeature:))
    }

    /// GeoJSON text sequence (one feature per line, optional RS characters).
    static func geojsonSeq(_ path: String) throws -> [Row] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(whereSeparator: { $0 == "\n" || $0 == "\u{1E}" }).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any])
            return row(fromFeature: object)
        }
    }

    /// Any OGR-readable output (GPKG, FlatGeobuf, XLSX, CSV) through GeoKit.
    static func ogr(_ path: String, layer: String? = nil) throws -> (rows: [Row], source: VectorSource) {
        let source = try VectorSource(path: path, layer: layer)
        var rows: [Row] = []
        while let feature = try source.next() {
            var values: [String: Any] = ["#feature_id": NSNumber(value: feature.fid)]
            for (field, value) in zip(source.fields, feature.values) {
                switch value {
                case .null: break
                case .integer(let number): values[field.name] = NSNumber(value: number)
                case .real(let number): values[field.name] = NSNumber(value: number)
                case .string(let text): values[field.name] = text
                case .boolean(let flag): values[field.name] = flag
                }
            }
            var point: (Double, Double)?
            if case .point(let x, let y) = feature.geometry { point = (x, y) }
            rows.append(Row(values: values, point: point, geometry: nil))
        }
        return (rows, source)
    }

    /// A CSV file as header-keyed rows: handles a UTF-8 BOM, quotes, doubled quotes, CRLF.
    static func csv(_ path: String) throws -> (header: [String], rows: [Row]) {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = parseCSV(text)
        guard let header = records.first else { return ([], []) }
        let rows = records.dropFirst().filter { $0 != [""] }.map { record in
            Row(
                values: Dictionary(zip(header, record.map { $0 as Any }), uniquingKeysWith: { a, _ in a }), point: nil,
                geometry: nil)
        }
        return (header, rows)
    }

    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending {
                pending = nil
                return p
            }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            pending = n
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r" {
                continue
            } else if c == "\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    /// Rows keyed by firm id; duplicates are a failure.
    static func byFirmID(_ rows: [Row], sourceLocation: SourceLocation = #_sourceLocation) -> [Int: Row] {
        var result: [Int: Row] = [:]
        for row in rows {
            guard let id = row.firmID else {
                Issue.record("a row without a firm id: \(row.values)", sourceLocation: sourceLocation)
                continue
            }
            #expect(result[id] == nil, "firm \(id) written twice", sourceLocation: sourceLocation)
            result[id] = row
        }
        return result
    }
}
