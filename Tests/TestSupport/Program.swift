import Foundation

/// Runs the programs the tests check outputs with (GDAL's tools, its GeoPackage validator).
public enum Program {
    /// A program's exit status and its stdout and stderr together; the program is found on PATH.
    /// `environment`: variables set on top of the test process's own.
    public static func output(of command: [String], environment: [String: String] = [:]) throws -> (
        status: Int32, text: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// GDAL's `validate_gpkg.py` (Debian's python3-gdal, which scripts/setup.sh installs), run by
    /// Debian's Python, which holds GDAL's bindings: nil when `path` passes, else what it printed.
    public static func geoPackageProblems(_ path: String) throws -> String? {
        let script = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
        guard FileManager.default.fileExists(atPath: script) else {
            return "validate_gpkg.py is missing: run scripts/setup.sh (python3-gdal)"
        }
        let result = try output(of: ["/usr/bin/python3", script, path])
        return result.status == 0 && result.text.isEmpty ? nil : result.text
    }
}
